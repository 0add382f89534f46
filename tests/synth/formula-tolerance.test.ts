/**
 * How closely generated rows must hold a formula constraint: exactly only where that is justified
 * (enough real rows hold it exactly, or the expression always lands on the column's grid); else
 * half a unit of the grid. A few real rows that happen to divide evenly must not make rejection
 * keep only inputs that divide evenly.
 */
import { describe, expect, it } from 'vitest';
import { formulaTolerance, sampleWithConstraints, type Constraint } from '../../core/synth/constraints.js';
import { Rng } from '../../core/random.js';
import { getColumn, numbersOf, type Table } from '../../core/table/model.js';

const cents = (name: string, values: ArrayLike<number>) => ({ type: 'float' as const, name, decimals: 2, values: Float64Array.from(values) });
const whole = (name: string, values: ArrayLike<number>) => ({ type: 'integer' as const, name, values: Float64Array.from(values) });
const col = (t: Table, name: string) => numbersOf(getColumn(t, name))!;

/** 10 rows of two-decimal a and b where r = a / b divides evenly, to the cent, on every row. */
const pairs: readonly (readonly [number, number])[] = [
  [1.25, 2.4], [2.5, 1.6], [0.75, 4], [3.2, 1.25], [1.5, 2.2], [4, 0.35], [2.25, 2], [0.8, 3.5], [1.75, 1.2], [3.6, 0.5],
];
const small: Table = {
  rowCount: pairs.length,
  columns: [cents('a', pairs.map(([b, r]) => Math.round(b * r * 100) / 100)), cents('b', pairs.map(([b]) => b)), cents('r', pairs.map(([, r]) => r))],
};
const ratio: Constraint = { type: 'formula', column: 'r', expression: 'a / b' };

/** a and b drawn on their cent grid, independently of each other; r left for the formula. */
const draw = (rows: number, rng: Rng): Table => ({
  rowCount: rows,
  columns: [
    cents('a', Array.from({ length: rows }, () => rng.int(100, 500) / 100)),
    cents('b', Array.from({ length: rows }, () => rng.int(75, 400) / 100)),
    cents('r', new Float64Array(rows)),
  ],
});

/** Share of rows whose a / b is a whole number of cents. */
const evenShare = (t: Table) => {
  const [a, b] = [col(t, 'a'), col(t, 'b')];
  return a.filter((x, i) => Math.abs(x / b[i]! - Math.round((x / b[i]!) * 100) / 100) < 1e-9).length / t.rowCount;
};
const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;

describe('formula tolerance on a small table whose rows happen to hold the formula exactly', () => {
  it('is half a unit of the column’s grid, not 0', () => {
    expect(formulaTolerance(small, ratio)).toBeCloseTo(0.005, 12);
  });

  it('leaves the inputs’ distributions as drawn, the formula still held to half a cent', () => {
    const out = sampleWithConstraints(draw, 500, Rng.seeded(1), [ratio], small);
    const free = draw(500, Rng.seeded(2));
    expect(out.rowCount).toBe(500);
    // Rows kept only when a / b divides evenly would all be even; as drawn, few are.
    expect(evenShare(free)).toBeLessThan(0.25);
    expect(evenShare(out)).toBeLessThan(0.25);
    for (const name of ['a', 'b']) expect(Math.abs(mean(col(out, name)) - mean(col(free, name)))).toBeLessThan(0.2);
    const [a, b, r] = [col(out, 'a'), col(out, 'b'), col(out, 'r')];
    for (let i = 0; i < out.rowCount; i++) expect(Math.abs(r[i]! - a[i]! / b[i]!)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('is half a unit too where a few rows hold it closer than that but not exactly', () => {
    // third = p / 3 to the cent, gaps up to 1/300: ten rows say nothing about a bound under 0.005.
    const p = [0.1, 0.2, 0.4, 0.5, 0.7, 0.8, 1.1, 1.3, 1.6, 2.0];
    const t: Table = { rowCount: p.length, columns: [cents('p', p), cents('third', p.map((x) => Math.round((x / 3) * 100) / 100))] };
    expect(formulaTolerance(t, { type: 'formula', column: 'third', expression: 'p / 3' })).toBeCloseTo(0.005, 12);
  });
});

describe('formula tolerance where exactness is justified', () => {
  it('is the data’s largest gap once enough complete rows hold it', () => {
    const rows = Array.from({ length: 40 }, (_, i) => pairs[i % pairs.length]!);
    const t: Table = { rowCount: rows.length, columns: [cents('a', rows.map(([b, r]) => Math.round(b * r * 100) / 100)), cents('b', rows.map(([b]) => b)), cents('r', rows.map(([, r]) => r))] };
    expect(formulaTolerance(t, ratio)).toBe(0);
  });

  it('is 0 on however few rows when the expression always lands on the column’s grid', () => {
    const [a, b] = [[1, 4, 7], [2, 0, 5]];
    const ints: Table = { rowCount: 3, columns: [whole('a', a), whole('b', b), whole('n', a.map((x, i) => x + 2 * b[i]! - 1))] };
    expect(formulaTolerance(ints, { type: 'formula', column: 'n', expression: 'a + 2 * b - 1' })).toBe(0);
    // Cents times a whole number stay cents; times a cent they need four places, and a / b has no grid.
    const mixed: Table = { rowCount: 3, columns: [cents('a', [1.25, 0.5, 2]), whole('b', b), cents('c', [2.5, 0, 10])] };
    expect(formulaTolerance(mixed, { type: 'formula', column: 'c', expression: 'a * b' })).toBe(0);
    expect(formulaTolerance(mixed, { type: 'formula', column: 'c', expression: 'a * a' })).toBeCloseTo(0.005, 12);
    expect(formulaTolerance(ints, { type: 'formula', column: 'n', expression: 'a / 1' })).toBe(0.5);
  });
});
