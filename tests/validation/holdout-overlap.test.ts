/** Holdout rows that are also training rows (core/validation/rows.ts holdoutOverlap), counted in the utility reply. */
import { describe, expect, it } from 'vitest';
import { holdoutOverlap } from '../../core/validation/rows.js';
import { utilityReport } from '../../core/validation/utility.js';
import type { Table } from '../../core/table/model.js';

/** Rows of kind a/b alternating and x, from `from`. */
function rows(n: number, from = 0): Table {
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from({ length: n }, (_, i) => (from + i) % 2) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => from + i + ((from + i) % 2) * 0.5) },
    ],
  };
}

describe('holdoutOverlap', () => {
  it('counts the holdout rows identical to a training row', () => {
    // Training rows 0–39; holdout rows 30–59: 10 shared.
    expect(holdoutOverlap(rows(40), rows(30, 30))).toMatchObject({ rows: 10, of: 30, overlapping: true });
    expect(holdoutOverlap(rows(40), rows(20, 40))).toMatchObject({ rows: 0, of: 20, overlapping: false });
  });

  it('compares columns by name, whatever their order in the holdout', () => {
    const h = rows(5);
    expect(holdoutOverlap(rows(40), { rowCount: 5, columns: [h.columns[1]!, h.columns[0]!] })).toMatchObject({ rows: 5, of: 5 });
  });

  it('is in the utility reply', () => {
    const u = utilityReport(rows(40), rows(40, 100), rows(60), 'kind', 0);
    expect(u.holdout_overlap).toMatchObject({ rows: 40, of: 60, overlapping: true });
  });
});
