import { describe, expect, it } from 'vitest';
import { formulaOrder, sampleWithConstraints, type Constraint } from '../../core/synth/constraints.js';
import { ProblemError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { numbersOf, type Table } from '../../core/table/model.js';

const formula = (column: string, expression: string): Constraint => ({ type: 'formula', column, expression });

function problem(run: () => unknown): ProblemError {
  try {
    run();
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
  throw new Error('expected a ProblemError');
}

describe('formulaOrder', () => {
  it('refuses a formula reading its own column, alone or among others', () => {
    for (const expression of ['total', 'total * 2', '(a + total) / 2']) {
      const e = problem(() => formulaOrder([formula('total', expression)]));
      expect(e.status).toBe(422);
      expect(e.detail).toBe('The formula for total uses its own column; a formula computes a column from other columns.');
      expect(e.extensions).toEqual({ columns: ['total'] });
    }
  });

  it('refuses formulas reading each other in a cycle, naming it', () => {
    const e = problem(() => formulaOrder([formula('a', 'b + 1'), formula('b', 'c * 2'), formula('c', 'a - x')]));
    expect(e.status).toBe(422);
    expect(e.detail).toContain('in a cycle (a → b → c → a)');
    expect(e.extensions).toEqual({ columns: ['a', 'b', 'c'] });
  });

  it('refuses two formulas for one column', () => {
    const e = problem(() => formulaOrder([formula('t', 'a + b'), formula('t', 'b + a')]));
    expect(e.status).toBe(422);
    expect(e.detail).toBe('Two formula constraints compute t; give each column one formula.');
  });

  it('orders a formula after those computing its inputs, and keeps the rest as given', () => {
    const order = formulaOrder([formula('a', 'b + 1'), { type: 'positive', column: 'x', strict: false }, formula('b', 'c * 2'), formula('d', 'c')]);
    expect(order.map((f) => f.column)).toEqual(['b', 'a', 'd']);
  });
});

it('computes a formula from another formula’s result, whatever order they are given in', () => {
  const n = 20;
  const c = Float64Array.from({ length: n }, (_, i) => i);
  const real: Table = {
    rowCount: n,
    columns: [
      { type: 'integer', name: 'a', values: Float64Array.from(c, (x) => 2 * x + 1) },
      { type: 'integer', name: 'b', values: Float64Array.from(c, (x) => 2 * x) },
      { type: 'integer', name: 'c', values: c },
    ],
  };
  // A draw whose a and b are noise: the formulas must set b from c first, then a from that b.
  const draw = (rows: number, rng: Rng): Table => ({
    rowCount: rows,
    columns: [
      { type: 'integer', name: 'a', values: Float64Array.from({ length: rows }, () => rng.int(0, 99)) },
      { type: 'integer', name: 'b', values: Float64Array.from({ length: rows }, () => rng.int(0, 99)) },
      { type: 'integer', name: 'c', values: Float64Array.from({ length: rows }, () => rng.int(0, 9)) },
    ],
  });
  const out = sampleWithConstraints(draw, 30, Rng.seeded(1), [formula('a', 'b + 1'), formula('b', 'c * 2')], real);
  const [a, b, cc] = out.columns.map((col) => numbersOf(col)!);
  for (let r = 0; r < out.rowCount; r++) {
    expect(b![r]).toBe(2 * cc![r]!);
    expect(a![r]).toBe(b![r]! + 1);
  }
});
