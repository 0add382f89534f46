/**
 * Distributions ready to chart: histograms (Freedman–Diaconis unless `bins` is given) with a
 * Gaussian KDE curve (Scott's bandwidth) for numbers, value counts for categories, counts per
 * period for datetimes — each with its Vega-Lite spec. The builders below take the figures however
 * they were computed, so the chunked path (./chunked/distributions.ts) shapes its results the same.
 */
import type { Column, Table } from '../table/model.js';
import { gaussianKde } from '../stats/kde.js';
import { labels, presentNumbers } from './columns.js';
import { histogram, moments, type Histogram } from './describe.js';

const VL = 'https://vega.github.io/schema/vega-lite/v6.json';
const KDE_POINTS = 100;
/** Histograms here may have up to this many bins (describe keeps to 50). */
export const DISTRIBUTION_MAX_BINS = 200;
/** Value counts shown per categorical column. */
const TOP_COUNTS = 50;
export const MISSING_LABEL = '(missing)';

/**
 * The chunked path's kernel centres are every `step`-th of the ranks its sketch reads, about 5 000
 * (its approximation reports the bound). In memory every value is a centre.
 */
export const kdeStride = (n: number) => Math.max(1, Math.floor(n / 5000));

/** Scott's bandwidth for n values of sample standard deviation std. */
export const kdeBandwidth = (n: number, std: number) => std * n ** (-1 / 5);

/**
 * Gaussian KDE with the bandwidth of n values (min, max, std) through the given kernel centres
 * (sorted ascending), evaluated at 100 points over [min − 3h, max + 3h]. Empty when fewer than two
 * values or no spread. The sum over centres is exact to rounding (../stats/kde.ts), in linear time.
 */
export function kdeCurve(centres: Float64Array, n: number, std: number, min: number, max: number): { x: number; density: number }[] {
  if (n < 2 || !(std > 0)) return [];
  const h = kdeBandwidth(n, std);
  const lo = min - 3 * h;
  const hi = max + 3 * h;
  const xs = Float64Array.from({ length: KDE_POINTS }, (_, i) => lo + ((hi - lo) * i) / (KDE_POINTS - 1));
  const density = gaussianKde(ascending(centres), h, xs);
  return Array.from(xs, (x, i) => ({ x, density: density[i]! }));
}

/** The centres themselves when already ascending (as sorted columns and sketch ranks are), else a sorted copy. */
function ascending(values: Float64Array): Float64Array {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return Float64Array.from(values).sort();
  return values;
}

/** The exact KDE: every value a kernel centre. */
function kde(sorted: Float64Array): { x: number; density: number }[] {
  const n = sorted.length;
  return kdeCurve(sorted, n, moments(sorted).std, sorted[0] ?? NaN, sorted[n - 1] ?? NaN);
}

export function numericDistribution(name: string, hist: Histogram, kdePoints: { x: number; density: number }[]) {
  const values = hist.counts.map((count, i) => ({ start: hist.edges[i]!, end: hist.edges[i + 1]!, count }));
  return {
    column: name,
    kind: 'numeric' as const,
    histogram: hist,
    kde: kdePoints,
    vega_lite: {
      $schema: VL,
      data: { values },
      mark: 'bar',
      encoding: { x: { field: 'start', bin: { binned: true }, title: name }, x2: { field: 'end' }, y: { field: 'count', type: 'quantitative' } },
    },
  };
}

/** The period a timestamp is counted in: its UTC month, YYYY-MM. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function datetimeDistribution(name: string, counts: ReadonlyMap<string, number>) {
  const values = [...counts.entries()].sort().map(([period, count]) => ({ period, count }));
  return { column: name, kind: 'datetime' as const, period: 'month', counts: values, vega_lite: { $schema: VL, data: { values }, mark: 'line', encoding: { x: { field: 'period', type: 'temporal' }, y: { field: 'count', type: 'quantitative' } } } };
}

/** The 50 largest counts; ties keep the order of `counts` (first appearance, for the in-memory Map). */
export function categoricalDistribution(name: string, counts: ReadonlyMap<string, number>) {
  const values = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP_COUNTS).map(([value, count]) => ({ value, count }));
  return { column: name, kind: 'categorical' as const, counts: values, vega_lite: { $schema: VL, data: { values }, mark: 'bar', encoding: { x: { field: 'value', type: 'nominal', sort: '-y' }, y: { field: 'count', type: 'quantitative' } } } };
}

export function distributions(table: Table, columns: readonly string[], bins?: number) {
  return columns
    .map((n) => table.columns.find((c) => c.name === n))
    .filter((c): c is Column => c !== undefined)
    .map((c) => {
      if (c.type === 'integer' || c.type === 'float') {
        const sorted = presentNumbers(c).sort();
        return numericDistribution(c.name, histogram(sorted, DISTRIBUTION_MAX_BINS, bins), kde(sorted));
      }
      if (c.type === 'datetime') {
        const counts = new Map<string, number>();
        for (const v of presentNumbers(c)) {
          const key = monthOf(v);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return datetimeDistribution(c.name, counts);
      }
      const counts = new Map<string, number>();
      for (const v of labels(c)) counts.set(v ?? MISSING_LABEL, (counts.get(v ?? MISSING_LABEL) ?? 0) + 1);
      return categoricalDistribution(c.name, counts);
    });
}
