/**
 * Per-column statistics. Estimators, chosen to match pandas so numbers can be compared:
 * std is the sample standard deviation (n − 1); skewness is the adjusted Fisher–Pearson G1;
 * kurtosis is the excess kurtosis G2; quartiles interpolate linearly (numpy's default);
 * histograms use Freedman–Diaconis bins (Sturges when the IQR is 0), at most 50.
 */
import type { Column, Table } from '../table/model.js';
import { datetimeFormat, formatDatetime } from '../table/datetime.js';
import { keptOffsetMinutes } from '../table/utc-offset.js';
import { codePoints, labels, missingCount, presentNumbers, quantileSorted, uniqueNumbers } from './columns.js';
import { centralMoments, momentStatistics } from '../stats/moments.js';
import { sortedCopy } from '../stats/sort.js';

export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Freedman–Diaconis bins (Sturges when the IQR is 0) over [lo, hi]: how many, and their width. */
export function histogramBins(n: number, lo: number, hi: number, iqr: number, maxBins = 50, bins?: number): { k: number; width: number } {
  // Halves, so a column spanning ±1.7e308 has a finite span (hi − lo would be Infinity, and k NaN).
  const half = hi / 2 - lo / 2;
  const fd = iqr > 0 ? Math.ceil(half / (iqr * n ** (-1 / 3))) : NaN;
  const k = Math.max(1, Math.min(maxBins, bins ?? (Number.isFinite(fd) ? fd : Math.ceil(Math.log2(n) + 1))));
  return { k, width: (half / k) * 2 };
}

/** Edge i of k bins over [lo, hi]: the first is lo and the last hi itself, not lo + k·width, which can round below it. */
// In halves (exact: halving and doubling are), so edges near ±1.8e308 do not overflow; otherwise lo + i·width to the bit.
export const binEdge = (i: number, lo: number, hi: number, width: number, k: number) => (i <= 0 ? lo : i >= k ? hi : (lo / 2 + i * (width / 2)) * 2);

/**
 * The bin of v, as numpy.histogram counts against the edges it reports: edge_b ≤ v < edge_b+1, with
 * hi in the last bin. The floor of (v − lo)/width is only an estimate — rounding can put a value lying
 * on an inner edge into the bin below — so it is corrected against the edges themselves.
 * Monotone in v, so sorted values fill bins in order.
 */
export function binOf(v: number, lo: number, hi: number, width: number, k: number): number {
  if (k === 1) return 0;
  let b = Math.max(0, Math.min(k - 1, Math.floor((v / 2 - lo / 2) / (width / 2))));
  while (b > 0 && v < binEdge(b, lo, hi, width, k)) b--;
  while (b < k - 1 && v >= binEdge(b + 1, lo, hi, width, k)) b++;
  return b;
}

export const binEdges = (lo: number, hi: number, width: number, k: number) => Array.from({ length: k + 1 }, (_, i) => binEdge(i, lo, hi, width, k));

export function histogram(sorted: Float64Array, maxBins = 50, bins?: number): Histogram {
  if (!sorted.length) return { edges: [], counts: [] };
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  if (hi === lo) return { edges: [lo, hi], counts: [sorted.length] };
  const { k, width } = histogramBins(sorted.length, lo, hi, quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25), maxBins, bins);
  // Each bin's first value by binary search: O(k log n) rather than a pass over every value.
  const counts = new Array<number>(k).fill(0);
  let start = 0;
  for (let b = 0; b < k; b++) {
    let lo2 = start;
    let hi2 = sorted.length;
    while (lo2 < hi2) {
      const mid = (lo2 + hi2) >>> 1;
      if (binOf(sorted[mid]!, lo, hi, width, k) <= b) lo2 = mid + 1;
      else hi2 = mid;
    }
    counts[b] = lo2 - start;
    start = lo2;
  }
  return { edges: binEdges(lo, hi, width, k), counts };
}

export function moments(values: Float64Array): { mean: number; std: number; skewness: number; kurtosis: number } {
  return momentStatistics(centralMoments(values));
}

const GRANULARITIES: [string, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 28 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** Counts per label, from codes (categories) or a map (text). */
function valueCounts(c: Column): Map<string, number> {
  if (c.type === 'categorical' || c.type === 'boolean') {
    const counts = new Float64Array(c.categories.length);
    for (const k of c.codes) if (k >= 0) counts[k]!++;
    return new Map(c.categories.map((label, i) => [label, counts[i]!] as const).filter(([, n]) => n > 0));
  }
  const counts = new Map<string, number>();
  for (const v of labels(c)) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

type Base = { name: string; type: Column['type']; count: number; missing: number; missing_share: number };

export function baseDescription(c: Column, rows: number, missing: number): Base {
  return { name: c.name, type: c.type, count: rows - missing, missing, missing_share: rows ? missing / rows : 0 };
}

/** Everything reported of an integer or float column, however it was computed. */
export interface NumberStatistics {
  readonly distinct: number;
  readonly moments: { mean: number; std: number; skewness: number; kurtosis: number };
  readonly min: number | null;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number | null;
  readonly zeros: number;
  readonly negatives: number;
  readonly histogram: Histogram;
}

export function numberDescription(base: Base, s: NumberStatistics) {
  return {
    ...base,
    distinct: s.distinct,
    mean: s.moments.mean,
    std: s.moments.std,
    min: s.min,
    q1: s.q1,
    median: s.median,
    q3: s.q3,
    max: s.max,
    skewness: s.moments.skewness,
    kurtosis: s.moments.kurtosis,
    zeros: s.zeros,
    negatives: s.negatives,
    histogram: s.histogram,
  };
}

/**
 * The coarsest unit that the smallest step between distinct timestamps reaches (1 % slack for DST and
 * leap seconds). Null without two distinct timestamps: no step, so no spacing to name (not "year").
 */
export function granularityOf(step: number): { granularity: string | null; unit: number | undefined } {
  if (!Number.isFinite(step)) return { granularity: null, unit: undefined };
  const granularity = GRANULARITIES.find(([, ms]) => step >= ms * 0.99)?.[0] ?? 'sub-second';
  return { granularity, unit: GRANULARITIES.find(([g]) => g === granularity)?.[1] };
}

/** A timestamp's calendar month (UTC) as a running count: months vary in length, so they are counted on the calendar, not in ms. */
const monthIndex = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/**
 * Whole units of a granularity from timestamp a to b (a ≤ b), or undefined without a granularity:
 * fixed units by rounding the span, months and years on the calendar (UTC) — December 31 to January 1
 * is one year, January 1 to December 31 none.
 */
export function unitsBetween(granularity: string | null, unit: number | undefined): ((a: number, b: number) => number) | undefined {
  if (unit === undefined) return undefined;
  if (granularity === 'month') return (a, b) => monthIndex(b) - monthIndex(a);
  if (granularity === 'year') return (a, b) => new Date(b).getUTCFullYear() - new Date(a).getUTCFullYear();
  return (a, b) => Math.round((b - a) / unit);
}

/** Missing units between consecutive distinct timestamps (ascending): a yearly series without 1981 has 1. */
export function gapsOf(sortedUnique: ArrayLike<number>, units: (a: number, b: number) => number): number {
  let gaps = 0;
  for (let i = 1; i < sortedUnique.length; i++) gaps += Math.max(0, units(sortedUnique[i - 1]!, sortedUnique[i]!) - 1);
  return gaps;
}

/**
 * Of a daily series' missing days (gapsOf), those falling on a Saturday or Sunday on the column's
 * own clock (`offsetMinutes` east of UTC): business-day midnights at +02:00 are Sunday evenings in
 * UTC. When they are all the gaps, the series is of business days, not one with holes.
 */
export function weekendGaps(sortedUnique: ArrayLike<number>, offsetMinutes: number): number {
  let weekend = 0;
  const ahead = offsetMinutes * 60_000;
  for (let i = 1; i < sortedUnique.length; i++) {
    const a = sortedUnique[i - 1]! + ahead;
    const missing = Math.round((sortedUnique[i]! + ahead - a) / DAY_MS) - 1;
    for (let k = 1; k <= missing; k++) {
      const weekday = new Date(a + k * DAY_MS).getUTCDay();
      if (weekday === 0 || weekday === 6) weekend++;
    }
  }
  return weekend;
}
const DAY_MS = 86_400_000;

/**
 * `utcOffset`: a format with an offset writes min and max at the column's, as its values are written.
 * `weekend_gaps` (daily series only, when the distinct days are known): how many gaps are weekend days.
 */
export function datetimeDescription(
  base: Base,
  format: string,
  s: { distinct: number; min: number | undefined; max: number | undefined; granularity: string | null; gaps: number; weekendGaps?: number | undefined },
  utcOffset?: string,
) {
  const f = datetimeFormat(format);
  return {
    ...base,
    distinct: s.distinct,
    min: s.min !== undefined ? formatDatetime(f, s.min, utcOffset) : null,
    max: s.max !== undefined ? formatDatetime(f, s.max, utcOffset) : null,
    granularity: s.granularity,
    gaps: s.gaps,
    ...(s.granularity === 'day' && s.weekendGaps !== undefined ? { weekend_gaps: s.weekendGaps } : {}),
  };
}

/** Top values (by count, highest first), entropy and, for text, lengths. */
export function countsDescription(
  base: Base,
  s: { distinct: number; top: readonly (readonly [string, number])[]; entropyBits: number; length?: { min: number; mean: number; max: number } },
) {
  const present = base.count;
  return {
    ...base,
    distinct: s.distinct,
    top: s.top.slice(0, 20).map(([value, count]) => ({ value, count, share: count / present })),
    entropy_bits: s.entropyBits,
    ...(s.length ? { length: s.length } : {}),
  };
}

/** Shannon entropy in bits of counts over their total. */
export function entropyBits(counts: Iterable<number>, total: number): number {
  let entropy = 0;
  for (const n of counts) {
    const p = n / total;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function describeColumn(c: Column, rows: number) {
  const missing = missingCount(c);
  const base = baseDescription(c, rows, missing);
  if (c.type === 'integer' || c.type === 'float') {
    // One sort serves the quartiles, the histogram, the distinct count and the moments.
    const sorted = sortedCopy(presentNumbers(c));
    let zeros = 0;
    let negatives = 0;
    let distinct = sorted.length ? 1 : 0;
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i]!;
      if (v === 0) zeros++;
      else if (v < 0) negatives++;
      if (i && v !== sorted[i - 1]) distinct++;
    }
    return numberDescription(base, {
      distinct,
      moments: moments(sorted),
      min: sorted[0] ?? null,
      q1: quantileSorted(sorted, 0.25),
      median: quantileSorted(sorted, 0.5),
      q3: quantileSorted(sorted, 0.75),
      max: sorted[sorted.length - 1] ?? null,
      zeros,
      negatives,
      histogram: histogram(sorted),
    });
  }
  if (c.type === 'datetime') {
    // Only the distinct timestamps are sorted: far fewer than the rows, as a rule.
    const unique = sortedCopy(uniqueNumbers(c.values));
    let step = Infinity;
    for (let i = 1; i < unique.length; i++) step = Math.min(step, unique[i]! - unique[i - 1]!);
    const { granularity, unit } = granularityOf(step);
    const units = unitsBetween(granularity, unit);
    const gaps = units ? gapsOf(unique, units) : 0;
    const weekend = granularity === 'day' ? weekendGaps(unique, keptOffsetMinutes(c.utcOffset)) : undefined;
    return datetimeDescription(base, c.format, { distinct: unique.length, min: unique[0], max: unique[unique.length - 1], granularity, gaps, weekendGaps: weekend }, c.utcOffset);
  }
  const counts = valueCounts(c);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
  const entropy = entropyBits(counts.values(), rows - missing);
  if (c.type !== 'text' && c.type !== 'id') return countsDescription(base, { distinct: counts.size, top, entropyBits: entropy });
  let minLength = Infinity;
  let maxLength = 0;
  let totalLength = 0;
  let present = 0;
  for (const v of c.values) {
    if (v === null) continue;
    present++;
    const length = codePoints(v);
    minLength = Math.min(minLength, length);
    maxLength = Math.max(maxLength, length);
    totalLength += length;
  }
  return countsDescription(base, {
    distinct: counts.size,
    top,
    entropyBits: entropy,
    length: { min: present ? minLength : 0, mean: present ? totalLength / present : 0, max: maxLength },
  });
}

export function describe(table: Table, columns?: readonly string[]) {
  // In the order asked for.
  const chosen = columns ? columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined) : table.columns;
  return { rows: table.rowCount, columns: chosen.map((c) => describeColumn(c, table.rowCount)) };
}
