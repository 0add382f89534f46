/**
 * Per-column statistics. Estimators, chosen to match pandas so numbers can be compared:
 * std is the sample standard deviation (n − 1); skewness is the adjusted Fisher–Pearson G1;
 * kurtosis is the excess kurtosis G2; quartiles interpolate linearly (numpy's default);
 * histograms use Freedman–Diaconis bins (Sturges when the IQR is 0), at most 50.
 */
import type { Column, Table } from '../table/model.js';
import { datetimeFormat, formatDatetime } from '../table/datetime.js';
import { labels, missingCount, presentNumbers, quantileSorted } from './columns.js';

export interface Histogram {
  edges: number[];
  counts: number[];
}

export function histogram(sorted: Float64Array, maxBins = 50, bins?: number): Histogram {
  if (!sorted.length) return { edges: [], counts: [] };
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  if (hi === lo) return { edges: [lo, hi], counts: [sorted.length] };
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const fd = iqr > 0 ? Math.ceil((hi - lo) / (2 * iqr * sorted.length ** (-1 / 3))) : Math.ceil(Math.log2(sorted.length) + 1);
  const k = Math.max(1, Math.min(maxBins, bins ?? fd));
  const width = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (const v of sorted) counts[Math.min(k - 1, Math.floor((v - lo) / width))]!++;
  return { edges: Array.from({ length: k + 1 }, (_, i) => lo + i * width), counts };
}

export function moments(values: Float64Array): { mean: number; std: number; skewness: number; kurtosis: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const std = n > 1 ? Math.sqrt((m2 * n) / (n - 1)) : NaN;
  const g1 = m2 > 0 ? m3 / m2 ** 1.5 : 0;
  const g2 = m2 > 0 ? m4 / (m2 * m2) - 3 : 0;
  const skewness = n > 2 ? (Math.sqrt(n * (n - 1)) / (n - 2)) * g1 : NaN;
  const kurtosis = n > 3 ? ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6) : NaN;
  return { mean, std, skewness, kurtosis };
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

function describeColumn(c: Column, rows: number) {
  const missing = missingCount(c);
  const base = { name: c.name, type: c.type, count: rows - missing, missing, missing_share: rows ? missing / rows : 0 };
  if (c.type === 'integer' || c.type === 'float') {
    const sorted = presentNumbers(c).sort();
    const m = moments(sorted);
    let zeros = 0;
    let negatives = 0;
    let distinct = sorted.length ? 1 : 0;
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i]!;
      if (v === 0) zeros++;
      else if (v < 0) negatives++;
      if (i && v !== sorted[i - 1]) distinct++;
    }
    return {
      ...base,
      distinct,
      mean: m.mean,
      std: m.std,
      min: sorted[0] ?? null,
      q1: quantileSorted(sorted, 0.25),
      median: quantileSorted(sorted, 0.5),
      q3: quantileSorted(sorted, 0.75),
      max: sorted[sorted.length - 1] ?? null,
      skewness: m.skewness,
      kurtosis: m.kurtosis,
      zeros,
      negatives,
      histogram: histogram(sorted),
    };
  }
  if (c.type === 'datetime') {
    const sorted = presentNumbers(c).sort();
    const format = datetimeFormat(c.format);
    const unique = [...new Set(sorted)];
    let step = Infinity;
    for (let i = 1; i < unique.length; i++) step = Math.min(step, unique[i]! - unique[i - 1]!);
    const granularity = GRANULARITIES.find(([, ms]) => step >= ms * 0.99)?.[0] ?? 'sub-second';
    const unit = GRANULARITIES.find(([g]) => g === granularity)?.[1];
    let gaps = 0;
    if (unit && granularity !== 'month' && granularity !== 'year') for (let i = 1; i < unique.length; i++) gaps += Math.max(0, Math.round((unique[i]! - unique[i - 1]!) / unit) - 1);
    return {
      ...base,
      distinct: unique.length,
      min: sorted.length ? formatDatetime(format, sorted[0]!) : null,
      max: sorted.length ? formatDatetime(format, sorted[sorted.length - 1]!) : null,
      granularity,
      gaps,
    };
  }
  const counts = valueCounts(c);
  const values = c.type === 'text' || c.type === 'id' ? c.values.filter((v): v is string => v !== null) : [];
  const present = rows - missing;
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([value, count]) => ({ value, count, share: count / present }));
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / present;
    entropy -= p * Math.log2(p);
  }
  let minLength = Infinity;
  let maxLength = 0;
  let totalLength = 0;
  for (const v of values) {
    minLength = Math.min(minLength, v.length);
    maxLength = Math.max(maxLength, v.length);
    totalLength += v.length;
  }
  return {
    ...base,
    distinct: counts.size,
    top,
    entropy_bits: entropy,
    ...(c.type === 'text' || c.type === 'id'
      ? { length: { min: values.length ? minLength : 0, mean: values.length ? totalLength / values.length : 0, max: maxLength } }
      : {}),
  };
}

export function describe(table: Table, columns?: readonly string[]) {
  // In the order asked for.
  const chosen = columns ? columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined) : table.columns;
  return { rows: table.rowCount, columns: chosen.map((c) => describeColumn(c, table.rowCount)) };
}
