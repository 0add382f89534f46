/**
 * Univariate outliers: Tukey's fences (1.5 IQR beyond the quartiles), z-score (|z| > 3, sample
 * std) or the modified z-score on the median absolute deviation (|0.6745 (x − median) / MAD| > 3.5,
 * Iglewicz & Hoaglin). Row indices are paged.
 */
import type { Table } from '../table/model.js';
import { presentNumbers, quantileSorted } from './columns.js';
import { moments } from './describe.js';
import { isolationForestScores } from './isolation-forest.js';
import { Rng } from '../random.js';

export type OutlierMethod = 'iqr' | 'zscore' | 'mad';

/** Multivariate: rows ranked by isolation-forest score; those above 0.6 are reported. */
export function isolationOutliers(table: Table, columns: readonly string[] | undefined, page: { offset: number; limit: number }, seed: number) {
  const chosen = table.columns.filter((c): c is Extract<Table['columns'][number], { values: Float64Array }> => (c.type === 'integer' || c.type === 'float') && (!columns || columns.includes(c.name)));
  const scores = isolationForestScores(chosen.map((c) => c.values), Rng.seeded(seed));
  const flagged = Array.from(scores.keys()).filter((r) => scores[r]! > 0.6).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return {
    method: 'isolation_forest' as const,
    columns: chosen.map((c) => c.name),
    threshold: 0.6,
    count: flagged.length,
    rows: flagged.slice(page.offset, page.offset + page.limit).map((row) => ({ row, score: scores[row]! })),
    offset: page.offset,
    limit: page.limit,
  };
}

export function outliers(table: Table, method: OutlierMethod, columns: readonly string[] | undefined, page: { offset: number; limit: number }) {
  const chosen = table.columns.filter((c) => (c.type === 'integer' || c.type === 'float') && (!columns || columns.includes(c.name)));
  return {
    method,
    columns: chosen.map((c) => {
      const values = c.type === 'integer' || c.type === 'float' ? c.values : new Float64Array();
      const sorted = presentNumbers(c).sort();
      let lower: number;
      let upper: number;
      if (method === 'iqr') {
        const q1 = quantileSorted(sorted, 0.25);
        const q3 = quantileSorted(sorted, 0.75);
        lower = q1 - 1.5 * (q3 - q1);
        upper = q3 + 1.5 * (q3 - q1);
      } else if (method === 'zscore') {
        const { mean, std } = moments(sorted);
        lower = mean - 3 * std;
        upper = mean + 3 * std;
      } else {
        const median = quantileSorted(sorted, 0.5);
        const mad = quantileSorted(Float64Array.from(sorted, (v) => Math.abs(v - median)).sort(), 0.5);
        const reach = mad > 0 ? (3.5 * mad) / 0.6745 : 0;
        lower = median - reach;
        upper = median + reach;
      }
      const rows: number[] = [];
      for (let r = 0; r < values.length; r++) {
        const v = values[r]!;
        if (!Number.isNaN(v) && (v < lower || v > upper)) rows.push(r);
      }
      return { column: c.name, lower, upper, count: rows.length, rows: rows.slice(page.offset, page.offset + page.limit) };
    }),
    offset: page.offset,
    limit: page.limit,
  };
}
