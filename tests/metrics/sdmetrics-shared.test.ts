/**
 * Our quality report against SDMetrics itself on the shared tables, as the reference protocol judges
 * them: pandas' DataFrame.sample(frac=0.8, random_state=0) split, the training rows scored against
 * the holdout, roles from the whole table. The expected figures were computed in Python with
 * pandas 2.3.3 and SDMetrics 0.29.0's KSComplement, TVComplement, CorrelationSimilarity (Pearson) and
 * ContingencySimilarity (10 bins on the real range), averaged over every column and every pair.
 */
import { describe, expect, it } from 'vitest';
import { takeRows } from '../../core/table/model.js';
import { columnRoles, qualityReport } from '../../core/metrics/quality.js';
import { pythonSplit } from '../../bench/numpy-split.js';
import { loadDataset } from '../eda/support.js';

const SDMETRICS: Record<string, { shapes: number; pairs: number }> = {
  airquality: { shapes: 0.848675, pairs: 0.790525 },
  cars: { shapes: 0.78249, pairs: 0.690278 },
  credit: { shapes: 0.978565, pairs: 0.966255 },
  diamonds: { shapes: 0.99073, pairs: 0.985599 },
  penguins: { shapes: 0.911163, pairs: 0.828266 },
  seattle_weather: { shapes: 0.969804, pairs: 0.950827 },
  titanic: { shapes: 0.95497, pairs: 0.91016 },
};

describe('quality report = SDMetrics on the shared tables', () => {
  for (const [name, expected] of Object.entries(SDMETRICS)) {
    it(`${name}: column shapes ${expected.shapes}, column pair trends ${expected.pairs}`, async () => {
      const table = await loadDataset(name);
      const { train, test } = pythonSplit(table.rowCount, 0, 'pandas');
      const report = qualityReport(takeRows(table, test), takeRows(table, train), { pairAggregate: 'all', roles: columnRoles(table) });
      expect(report.column_shapes.score).toBeCloseTo(expected.shapes, 6);
      expect(report.column_pair_trends.score).toBeCloseTo(expected.pairs, 6);
    });
  }

  it("judges roles on the whole table: credit's holdout lacks the one 72-month term, which would make Time categorical", async () => {
    const table = await loadDataset('credit');
    const { test } = pythonSplit(table.rowCount, 0, 'pandas');
    expect(columnRoles(table).Time).toBe('numeric');
    expect(columnRoles(takeRows(table, test)).Time).toBe('categorical');
  });
});
