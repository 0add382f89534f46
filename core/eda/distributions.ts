/**
 * Distributions ready to chart: histograms (Freedman–Diaconis unless `bins` is given) with a
 * Gaussian KDE curve (Scott's bandwidth) for numbers, value counts for categories, counts per
 * period for datetimes — each with its Vega-Lite spec.
 */
import type { Column, Table } from '../table/model.js';
import { normalPdf } from '../stats/normal.js';
import { labels, presentNumbers } from './columns.js';
import { histogram, moments } from './describe.js';

const VL = 'https://vega.github.io/schema/vega-lite/v6.json';
const KDE_POINTS = 100;

function kde(sorted: Float64Array): { x: number; density: number }[] {
  const n = sorted.length;
  const { std } = moments(sorted);
  if (n < 2 || !(std > 0)) return [];
  const h = std * n ** (-1 / 5);
  const lo = sorted[0]! - 3 * h;
  const hi = sorted[n - 1]! + 3 * h;
  // Subsample for speed: the curve is a picture, 5 000 points draw it exactly enough.
  const step = Math.max(1, Math.floor(n / 5000));
  const used = Math.ceil(n / step);
  return Array.from({ length: KDE_POINTS }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (KDE_POINTS - 1);
    let s = 0;
    for (let k = 0; k < n; k += step) s += normalPdf((x - sorted[k]!) / h);
    return { x, density: s / (used * h) };
  });
}

export function distributions(table: Table, columns: readonly string[], bins?: number) {
  return columns
    .map((n) => table.columns.find((c) => c.name === n))
    .filter((c): c is Column => c !== undefined)
    .map((c) => {
      if (c.type === 'integer' || c.type === 'float') {
        const sorted = presentNumbers(c).sort();
        const hist = histogram(sorted, 200, bins);
        const values = hist.counts.map((count, i) => ({ start: hist.edges[i]!, end: hist.edges[i + 1]!, count }));
        return {
          column: c.name,
          kind: 'numeric' as const,
          histogram: hist,
          kde: kde(sorted),
          vega_lite: {
            $schema: VL,
            data: { values },
            mark: 'bar',
            encoding: { x: { field: 'start', bin: { binned: true }, title: c.name }, x2: { field: 'end' }, y: { field: 'count', type: 'quantitative' } },
          },
        };
      }
      if (c.type === 'datetime') {
        const counts = new Map<string, number>();
        for (const v of presentNumbers(c)) {
          const d = new Date(v);
          const key = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        const values = [...counts.entries()].sort().map(([period, count]) => ({ period, count }));
        return { column: c.name, kind: 'datetime' as const, period: 'month', counts: values, vega_lite: { $schema: VL, data: { values }, mark: 'line', encoding: { x: { field: 'period', type: 'temporal' }, y: { field: 'count', type: 'quantitative' } } } };
      }
      const counts = new Map<string, number>();
      for (const v of labels(c)) counts.set(v ?? '(missing)', (counts.get(v ?? '(missing)') ?? 0) + 1);
      const values = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([value, count]) => ({ value, count }));
      return { column: c.name, kind: 'categorical' as const, counts: values, vega_lite: { $schema: VL, data: { values }, mark: 'bar', encoding: { x: { field: 'value', type: 'nominal', sort: '-y' }, y: { field: 'count', type: 'quantitative' } } } };
    });
}
