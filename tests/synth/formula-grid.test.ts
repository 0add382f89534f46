import { describe, expect, it } from 'vitest';
import { sampleWithConstraints } from '../../core/synth/constraints.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

/** Rows of `b` (0.1 apart, off the integer grid) and `c` (three decimals), whatever the draw. */
const draw = (rows: number, rng: Rng): Table => ({
  rowCount: rows,
  columns: [
    { type: 'integer', name: 'a', values: new Float64Array(rows) },
    { type: 'float', name: 'b', values: Float64Array.from({ length: rows }, () => rng.int(100, 3000) / 10), decimals: 1 },
    { type: 'float', name: 'c', values: Float64Array.from({ length: rows }, () => rng.int(0, 100_000) / 1000), decimals: 3 },
    { type: 'float', name: 'd', values: new Float64Array(rows), decimals: 1 },
  ],
});

// A formula holds on the real data to within half a unit of its column's last decimal: its result
// goes back on that grid, so an integer column never holds 188.7 (which Parquet cannot write).
describe('formula constraints', () => {
  it('put the computed value on its column’s grid: whole for integers, the column’s decimals for floats', () => {
    const real = draw(50, Rng.seeded(1));
    const out = sampleWithConstraints(draw, 200, Rng.seeded(2), [
      { type: 'formula', column: 'a', expression: 'b' },
      { type: 'formula', column: 'd', expression: 'c * 2' },
    ], real);
    const [a, b, c, d] = out.columns.map((col) => (col.type === 'integer' || col.type === 'float' ? col.values : new Float64Array(0)));
    expect(a!.some((v, r) => v !== b![r])).toBe(true);
    for (let r = 0; r < out.rowCount; r++) {
      expect(a![r]).toBe(Math.round(b![r]!));
      expect(d![r]).toBe(Math.round(c![r]! * 20) / 10);
    }
  });
});
