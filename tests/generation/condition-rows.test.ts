import { describe, expect, it } from 'vitest';
import { comparisonRows, MIN_MATCHING_ROWS } from '../../core/generation/condition-rows.js';
import type { Table } from '../../core/table/model.js';

/** n rows: kind a/b alternating, flag true on every third, size i, note text. */
function table(n: number): Table {
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from({ length: n }, (_, i) => i % 2) },
      { type: 'boolean', name: 'flag', categories: ['no', 'yes'], codes: Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) },
      { type: 'integer', name: 'size', values: Float64Array.from({ length: n }, (_, i) => i % 4) },
      { type: 'text', name: 'note', values: Array.from({ length: n }, (_, i) => (i % 5 ? 'x' : null)) },
    ],
  };
}

describe('comparisonRows', () => {
  it('keeps the whole table without conditions', () => {
    const t = table(100);
    expect(comparisonRows(t, undefined)).toEqual({ table: t, compared_with: { rows: 100 } });
    expect(comparisonRows(t, {}).compared_with).toEqual({ rows: 100 });
  });

  it('keeps the rows meeting every condition: category, boolean spelling, number', () => {
    const r = comparisonRows(table(240), { kind: 'b', flag: 'yes', size: 3 });
    // i odd, i % 3 == 0, i % 4 == 3: i ≡ 3 (mod 12) → 20 of 240.
    expect(r.compared_with).toEqual({ rows: 20, conditions: { kind: 'b', flag: 'yes', size: 3 } });
    expect(r.table.rowCount).toBe(20);
    const size = r.table.columns.find((c) => c.name === 'size')!;
    expect(size.type === 'integer' && [...size.values].every((v) => v === 3)).toBe(true);
  });

  it('keeps the whole table, saying why, when too few rows match or a value is missing', () => {
    const few = comparisonRows(table(100), { kind: 'b', flag: 'yes', size: 3 });
    expect(few.table.rowCount).toBe(100);
    expect(few.compared_with).toMatchObject({ rows: 100, whole_source: { matching_rows: 9, conditions: { kind: 'b', flag: 'yes', size: 3 } } });
    expect(9).toBeLessThan(MIN_MATCHING_ROWS);
    expect(comparisonRows(table(100), { gone: 'x' }).compared_with).toMatchObject({ rows: 100, whole_source: { reason: expect.stringMatching(/gone/) } });
    // A null condition is a missing value.
    expect(comparisonRows(table(100), { note: null }).compared_with).toEqual({ rows: 20, conditions: { note: null } });
  });

  it('keeps the whole table for a category the source lacks, not the rows where the column is missing', () => {
    const t = table(100);
    // Every third kind missing: a condition on an unknown level once matched these 34 rows (-1 is MISSING_CODE).
    const gappy: Table = {
      ...t,
      columns: t.columns.map((c) => (c.name === 'kind' && c.type === 'categorical' ? { ...c, codes: c.codes.map((k, i) => (i % 3 ? k : -1)) } : c)),
    };
    for (const name of ['kind', 'flag']) {
      const r = comparisonRows(gappy, { [name]: 'c' });
      expect(r.table).toBe(gappy);
      expect(r.compared_with).toEqual({ rows: 100, whole_source: { reason: `the condition on ${name} cannot be matched against the source rows`, conditions: { [name]: 'c' } } });
    }
    // A null condition still picks the rows where the column is missing.
    expect(comparisonRows(gappy, { kind: null }).compared_with).toEqual({ rows: 34, conditions: { kind: null } });
  });
});
