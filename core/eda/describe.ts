/**
 * Per-column statistics. Estimators, chosen to match pandas so numbers can be compared:
 * std is the sample standard deviation (n − 1); skewness is the adjusted Fisher–Pearson G1;
 * kurtosis is the excess kurtosis G2; quartiles interpolate linearly (numpy's default);
 * histograms use Freedman–Diaconis bins (Sturges when the IQR is 0), at most 50.
 */
import { z } from 'zod';
import { isCategorical, isNumeric, type Column, type LogicalType, type Table } from '../table/model.js';
import { datetimeFormat, formatDatetime } from '../table/datetime.js';
import { keptOffsetMinutes } from '../table/utc-offset.js';
import { labels, missingCount, presentNumbers, quantileSorted, uniqueNumbers } from './columns.js';
import { codePoints } from '../table/code-points.js';
import { centralMoments, momentStatistics } from '../stats/moments.js';
import { sortedCopy } from '../stats/sort.js';
import { finiteOrNull } from './finite.js';

const count = z.number().int().nonnegative();

export const Histogram = z
  .object({
    edges: z.array(z.number()).describe('Bin edges, ascending: k + 1 of them for k bins (numpy.histogram’s: each bin holds edge_i ≤ v < edge_i+1, the last also its upper edge); [min, max] for a single value; none without values'),
    counts: z.array(count).describe('Values per bin'),
  })
  .meta({ id: 'EdaHistogram' });
export type Histogram = z.infer<typeof Histogram>;

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

type Granularity = (typeof GRANULARITY_NAMES)[number];
const GRANULARITIES: [Granularity, number][] = [
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

type Base<T extends LogicalType = LogicalType> = { name: string; type: T; count: number; missing: number; missing_share: number };

export function baseDescription<T extends LogicalType>(c: { readonly name: string; readonly type: T }, rows: number, missing: number): Base<T> {
  return { name: c.name, type: c.type, count: rows - missing, missing, missing_share: rows ? missing / rows : 0 };
}

const BaseFields = {
  name: z.string(),
  count: count.describe('Present (non-missing) values'),
  missing: count,
  missing_share: z.number().min(0).max(1).describe('missing over rows (0 in a table without rows)'),
};
/** A figure the math leaves undefined for too few values is null (never NaN). */
const statistic = (why: string) => z.number().nullable().describe(why);

export const NumberDescription = z
  .object({
    ...BaseFields,
    type: z.enum(['integer', 'float']),
    distinct: count.describe('Distinct present values'),
    mean: statistic('null without values'),
    std: statistic('Sample standard deviation (n − 1); null under two values, or past the largest double (values spanning near ±1.8e308)'),
    min: statistic('null without values'),
    q1: statistic('25th percentile, interpolated linearly (numpy’s default); null without values'),
    median: statistic('null without values'),
    q3: statistic('75th percentile; null without values'),
    max: statistic('null without values'),
    skewness: statistic('Adjusted Fisher–Pearson G1 (pandas); 0 for a single value repeated; null under three values'),
    kurtosis: statistic('Excess kurtosis G2 (pandas); 0 for a single value repeated; null under four values'),
    zeros: count,
    negatives: count,
    histogram: Histogram.describe('Freedman–Diaconis bins (Sturges when the IQR is 0), at most 50'),
  })
  .meta({ id: 'EdaNumberDescription' });

export const GRANULARITY_NAMES = ['year', 'month', 'day', 'hour', 'minute', 'second', 'sub-second'] as const;

export const DatetimeDescription = z
  .object({
    ...BaseFields,
    type: z.literal('datetime'),
    distinct: count.describe('Distinct timestamps'),
    min: z.string().nullable().describe('The earliest, written in the column’s format (at its UTC offset, if it has one); null without values'),
    max: z.string().nullable().describe('The latest; null without values'),
    granularity: z.enum(GRANULARITY_NAMES).nullable().describe('The coarsest unit the smallest step between distinct timestamps reaches; null under two distinct timestamps'),
    gaps: count.describe('Units of the granularity missing between the first and last timestamp (months and years counted on the calendar)'),
    weekend_gaps: count.optional().describe('Daily series only: how many of the gaps fall on a Saturday or Sunday on the column’s own clock (all of them: a series of business days)'),
  })
  .meta({ id: 'EdaDatetimeDescription' });

export const CountsDescription = z
  .object({
    ...BaseFields,
    type: z.enum(['categorical', 'boolean', 'text', 'id']),
    distinct: count.describe('Distinct present values'),
    top: z
      .array(z.object({ value: z.string(), count, share: z.number().min(0).max(1).describe('count over the present values') }))
      .describe('The 20 most common values, most common first'),
    entropy_bits: z.number().nonnegative().describe('Shannon entropy of the values, in bits (0 without values)'),
    length: z
      .object({ min: count, mean: z.number().nonnegative(), max: count })
      .optional()
      .describe('Text and identifiers: lengths in characters (code points) of the present values; 0 without values'),
  })
  .meta({ id: 'EdaCountsDescription' });

export const ColumnDescription = z.union([NumberDescription, DatetimeDescription, CountsDescription]);

/** What POST /eda/describe answers, besides how it was computed (approximation.ts). */
export const DescribeResult = z.object({
  rows: count,
  columns: z.array(ColumnDescription).describe('One per column asked for, in that order; the fields depend on its type'),
});
export type DescribeResult = z.infer<typeof DescribeResult>;

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

/** The reply's figures: those the math leaves undefined (NaN) or that overflow are null. */
export function numberDescription(base: Base<'integer' | 'float'>, s: NumberStatistics): z.infer<typeof NumberDescription> {
  return {
    ...base,
    distinct: s.distinct,
    mean: finiteOrNull(s.moments.mean),
    std: finiteOrNull(s.moments.std),
    min: s.min,
    q1: finiteOrNull(s.q1),
    median: finiteOrNull(s.median),
    q3: finiteOrNull(s.q3),
    max: s.max,
    skewness: finiteOrNull(s.moments.skewness),
    kurtosis: finiteOrNull(s.moments.kurtosis),
    zeros: s.zeros,
    negatives: s.negatives,
    histogram: s.histogram,
  };
}

/**
 * The coarsest unit that the smallest step between distinct timestamps reaches (1 % slack for DST and
 * leap seconds). Null without two distinct timestamps: no step, so no spacing to name (not "year").
 */
export function granularityOf(step: number): { granularity: Granularity | null; unit: number | undefined } {
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
  base: Base<'datetime'>,
  format: string,
  s: { distinct: number; min: number | undefined; max: number | undefined; granularity: Granularity | null; gaps: number; weekendGaps?: number | undefined },
  utcOffset?: string,
): z.infer<typeof DatetimeDescription> {
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
  base: Base<'categorical' | 'boolean' | 'text' | 'id'>,
  s: { distinct: number; top: readonly (readonly [string, number])[]; entropyBits: number; length?: { min: number; mean: number; max: number } },
): z.infer<typeof CountsDescription> {
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

function describeColumn(c: Column, rows: number): z.infer<typeof ColumnDescription> {
  const missing = missingCount(c);
  // Built per type, so each description's `type` is its own.
  const baseOf = <T extends LogicalType>(col: { name: string; type: T }) => baseDescription(col, rows, missing);
  if (isNumeric(c)) {
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
    return numberDescription(baseOf(c), {
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
    return datetimeDescription(baseOf(c), c.format, { distinct: unique.length, min: unique[0], max: unique[unique.length - 1], granularity, gaps, weekendGaps: weekend }, c.utcOffset);
  }
  const counts = valueCounts(c);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
  const entropy = entropyBits(counts.values(), rows - missing);
  if (isCategorical(c)) return countsDescription(baseOf(c), { distinct: counts.size, top, entropyBits: entropy });
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
  return countsDescription(baseOf(c), {
    distinct: counts.size,
    top,
    entropyBits: entropy,
    length: { min: present ? minLength : 0, mean: present ? totalLength / present : 0, max: maxLength },
  });
}

export function describe(table: Table, columns?: readonly string[]): DescribeResult {
  // In the order asked for.
  const chosen = columns ? columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined) : table.columns;
  return { rows: table.rowCount, columns: chosen.map((c) => describeColumn(c, table.rowCount)) };
}
