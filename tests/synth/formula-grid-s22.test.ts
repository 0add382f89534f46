/**
 * A formula constraint whose column is written on a coarser grid than its inputs make (a whole n
 * computed as s − p from one-decimal inputs): the rounded value must still satisfy the formula on
 * every kept row, as the real data does, never be rounded into a silent violation.
 */
import { describe, expect, it } from 'vitest';
import { sampleWithConstraints, type Constraint } from '../../core/synth/constraints.js';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { Rng } from '../../core/random.js';
import { numbersOf, getColumn, type Table } from '../../core/table/model.js';

/** n whole 1–20, p one decimal, s = n + p (so n = s − p exactly); `total` = p × 3 kept to one decimal. */
function real(rows: number): Table {
  const rng = Rng.seeded(7);
  const n = Float64Array.from({ length: rows }, () => rng.int(1, 20));
  const p = Float64Array.from({ length: rows }, () => Math.round(rng.uniform() * 50) / 10);
  const s = Float64Array.from(n, (v, i) => Math.round((v + p[i]!) * 10) / 10);
  const third = Float64Array.from(p, (v) => Math.round((v / 3) * 10) / 10);
  return {
    rowCount: rows,
    columns: [
      { type: 'integer', name: 'n', values: n },
      { type: 'float', name: 'p', values: p, decimals: 1 },
      { type: 'float', name: 's', values: s, decimals: 1 },
      { type: 'float', name: 'third', values: third, decimals: 1 },
    ],
  };
}

const col = (t: Table, name: string) => numbersOf(getColumn(t, name))!;

describe('formula constraints on a coarser grid than their inputs', async () => {
  const table = real(300);
  // Fitted as a generation with these formulas fits (their columns neither computed nor computed from), so s is modelled, not n + p.
  const model = await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(2), undefined, { computed: ['n', 'third'] });

  it('keep only rows where the whole-number column is exactly the expression', () => {
    const constraints: Constraint[] = [{ type: 'formula', column: 'n', expression: 's - p' }];
    const syn = sampleWithConstraints((k, r) => model.sample(k, r), 200, Rng.seeded(1), constraints, table);
    expect(syn.rowCount).toBe(200);
    const [n, s, p] = [col(syn, 'n'), col(syn, 's'), col(syn, 'p')];
    const broken = Array.from(n).filter((v, i) => Math.abs(v - (s[i]! - p[i]!)) > 1e-9).length;
    expect(broken).toBe(0);
    expect(Array.from(n).every((v) => Number.isInteger(v))).toBe(true);
  });

  it('still allow the rounding the real data itself shows (a value kept to one decimal)', () => {
    // third = p / 3 to one decimal in the data: off by up to 0.05, which generated rows may be too.
    const constraints: Constraint[] = [{ type: 'formula', column: 'third', expression: 'p / 3' }];
    const syn = sampleWithConstraints((k, r) => model.sample(k, r), 200, Rng.seeded(3), constraints, table);
    const [third, p] = [col(syn, 'third'), col(syn, 'p')];
    expect(Array.from(third).every((v, i) => Math.abs(v - p[i]! / 3) <= 0.05 + 1e-9)).toBe(true);
  });

});

it('accept float inputs a generator left off their grid: the formula is checked on the values as written', () => {
  const float = (name: string, values: number[]) => ({ name, type: 'float' as const, decimals: 1, values: Float64Array.from(values) });
  const rng0 = Rng.seeded(1);
  const s = Array.from({ length: 200 }, () => Math.round(rng0.uniform() * 1000) / 10);
  const p = Array.from({ length: 200 }, () => Math.round(rng0.uniform() * 100) / 10);
  const n = s.map((x, i) => Math.round((x - p[i]!) * 10) / 10);
  const real = { rowCount: 200, columns: [float('s', s), float('p', p), float('n', n)] } as Table;
  // As with enforce_rounding: false, the drawn floats carry every digit.
  const draw = (rows: number, rng: Rng) =>
    ({ rowCount: rows, columns: [float('s', Array.from({ length: rows }, () => rng.uniform() * 100)), float('p', Array.from({ length: rows }, () => rng.uniform() * 10)), float('n', new Array(rows).fill(0))] }) as Table;
  const out = sampleWithConstraints(draw, 100, Rng.seeded(2), [{ type: 'formula', column: 'n', expression: 's - p' } as Constraint], real);
  const [os, op, on] = ['s', 'p', 'n'].map((c) => numbersOf(getColumn(out, c)!)!);
  const one = (x: number) => Math.round(x * 10) / 10;
  for (let r = 0; r < out.rowCount; r++) expect(on![r]).toBeCloseTo(one(one(os![r]!) - one(op![r]!)), 9);
});
