/**
 * Number columns that rise or fall with another on every row: found (a square, a log, a scaled
 * and reversed copy, chains of them; not a curve that turns, noise, or a column missing elsewhere),
 * computed along the data's curve by every generator so each synthetic row keeps the relation,
 * refused as conditions, kept through save and load.
 */
import { describe, expect, it } from 'vitest';
import { findMonotone, monotoneExpression, withMonotone, type Monotone } from '../../core/synth/monotone.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { NumberColumn, Table } from '../../core/table/model.js';

const n = 400;
const rng = Rng.seeded(5);
// Every age from 20 to 60 occurs, so a synthetic age is always one the curve holds.
const age = Float64Array.from({ length: n }, (_, i) => (i < 41 ? 20 + i : rng.int(20, 60)));
const income = Float64Array.from({ length: n }, () => Math.round(1000 + 4000 * rng.uniform()));
const int = (name: string, values: Float64Array): NumberColumn => ({ type: 'integer', name, values });
const float = (name: string, values: Float64Array, decimals: number): NumberColumn => ({ type: 'float', name, values: values.map((v) => Number(v.toFixed(decimals))), decimals });

const table: Table = {
  rowCount: n,
  columns: [
    int('age', age),
    int('income', income),
    int('age2', age.map((a) => a * a)),
    float('lage', age.map((a) => Math.log(a) - 3.5), 6),
    int('years_left', age.map((a) => 3 * (70 - a))),
    float('turning', age.map((a) => (a - 40) ** 2 + rng.uniform()), 3),
    float('noisy', age.map((a) => a + 3 * rng.uniform()), 3),
  ],
};

const found = (t: Table, modelled: string[] = []) => new Map(findMonotone(t, t.columns.map((c) => c.name), new Set(modelled)).map((m) => [m.column, `${m.from}: ${monotoneExpression(m)}`]));

describe('finding columns that rise or fall with another', () => {
  it('finds squares, logs and reversed copies of a column, each computed from the first', () => {
    expect(found(table)).toEqual(
      new Map([
        ['age2', 'age: an increasing function of age'],
        ['lage', 'age: an increasing function of age'],
        ['years_left', 'age: a decreasing function of age'],
      ]),
    );
  });

  it('leaves out a curve that turns, noise, and a column missing where its source is not', () => {
    const gappy = age.map((a, i) => (i % 17 === 0 ? NaN : a * a));
    const bothGappy = age.map((a, i) => (i % 17 === 0 ? NaN : a));
    expect(found({ rowCount: n, columns: [int('age', age), int('sq', gappy)] }).size).toBe(0);
    expect(found({ rowCount: n, columns: [int('age', bothGappy), int('sq', gappy)] }).get('sq')).toBe('age: an increasing function of age');
    expect(found({ rowCount: n, columns: [int('age', age), table.columns[5]!, table.columns[6]!] }).size).toBe(0);
  });

  it('computes a number from a date it counts from, never the date', () => {
    const day = 86_400_000;
    const days = Float64Array.from({ length: n }, (_, i) => (i * 7) % 300);
    const date = { type: 'datetime' as const, name: 'date', format: 'YYYY-MM-DD', values: days.map((d) => Date.UTC(2024, 0, 1) + d * day) };
    expect(found({ rowCount: n, columns: [date, int('day_index', days)] })).toEqual(new Map([['day_index', 'date: an increasing function of date']]));
    expect(found({ rowCount: n, columns: [int('day_index', days), date] })).toEqual(new Map([['day_index', 'date: an increasing function of date']]));
  });

  it('never computes a column the request fixes: it becomes the source', () => {
    const pair = { rowCount: n, columns: [table.columns[0]!, table.columns[2]!] };
    expect(found(pair, ['age2'])).toEqual(new Map([['age', 'age2: an increasing function of age2']]));
    expect(found(pair, ['age2', 'age']).size).toBe(0);
  });

  it('computes exactly at the data\'s values, linearly between them, and holds the ends beyond', () => {
    const curve: Monotone = { column: 'y', from: 'x', xs: [1, 2, 4], ys: [10, 20, 0], step: 0.5, shape: { name: 'y', type: 'float', decimals: 2 } };
    // 3.7 is 3 (from 3.0) on the column's half-unit grid.
    const out = withMonotone([curve], { rowCount: 6, columns: [float('x', Float64Array.of(1, 2, 3, 3.7, 4, 9, NaN), 2)] });
    expect([...(out.columns[1] as NumberColumn).values]).toEqual([10, 20, 10, 3, 0, 0, NaN]);
    expect(withMonotone([{ ...curve, ys: [1, 2, 3], step: 1, shape: { name: 'y', type: 'integer' } }], { rowCount: 1, columns: [float('x', Float64Array.of(1.3), 2)] }).columns[1]).toMatchObject({ type: 'integer', values: Float64Array.of(1) });
  });

  it('keeps the points a line cannot stand for, so every value the data holds comes back exactly', () => {
    const rows = 4000;
    const x = Float64Array.from({ length: rows }, (_, i) => 1000 + i);
    const table: Table = { rowCount: rows, columns: [int('income', x), float('linc', x.map(Math.log), 6), int('sq', x.map((v) => v * v)), int('scaled', x.map((v) => 3 * v + 7))] };
    const curves = findMonotone(table, ['income', 'linc', 'sq', 'scaled']);
    expect(curves.map((m) => m.column)).toEqual(['linc', 'sq', 'scaled']);
    // A line needs its two ends, a log to six places some points between, a square's integers every one.
    const [linc, sq, scaled] = curves.map((m) => m.xs.length);
    expect([scaled, sq]).toEqual([2, rows]);
    expect(linc).toBeLessThan(rows / 2);
    const back = withMonotone(curves, { rowCount: rows, columns: [table.columns[0]!] });
    for (const name of ['linc', 'sq', 'scaled']) {
      const want = (table.columns.find((c) => c.name === name) as NumberColumn).values;
      expect((back.columns.find((c) => c.name === name) as NumberColumn).values).toEqual(want);
    }
    // Past 5 000 points a curve stays modelled rather than bloat the model: a square of 6 000 integers.
    const wide = Float64Array.from({ length: 6000 }, (_, i) => 1000 + i);
    expect(findMonotone({ rowCount: 6000, columns: [int('x', wide), int('sq', wide.map((v) => v * v))] }, ['x', 'sq'])).toEqual([]);
  });

  it('finds nothing on a handful of rows, where unrelated columns line up by chance', () => {
    const few = Rng.seeded(3);
    for (let trial = 0; trial < 50; trial++) {
      const columns = Array.from({ length: 10 }, (_, i) => float(`c${i}`, Float64Array.from({ length: 6 }, () => few.uniform()), 4));
      expect(findMonotone({ rowCount: 6, columns }, columns.map((c) => c.name))).toEqual([]);
    }
  });

  it('tries every earlier column that orders the screened rows alike, not only the first', () => {
    const big = 10_000;
    const b = Float64Array.from({ length: big }, (_, i) => 1 + i);
    // a is b but on one row the screen skips: a matches c on the sample, b on every row.
    const a = Float64Array.from(b);
    a[1] = 0.5;
    const curves = findMonotone({ rowCount: big, columns: [int('a', a), int('b', b), int('c', b.map((v) => 2 * v + 1))] }, ['a', 'b', 'c']);
    expect(curves.map((m) => `${m.column} from ${m.from}`)).toContain('c from b');
  });
});

describe('curves through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
  const curved = { rowCount: n, columns: table.columns.slice(0, 5) };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic row keeps the curves, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(curved, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(200, Rng.seeded(1));
    expect(out.columns.map((c) => c.name)).toEqual(['age', 'income', 'age2', 'lage', 'years_left']);
    const [a, , sq, log, left] = out.columns.map((c) => (c as NumberColumn).values) as Float64Array[];
    const fromAge = (f: (v: number) => number) => Array.from(a!, (v) => (v >= 20 && v <= 60 && Number.isInteger(v) ? f(v) : NaN));
    // Ages the data holds give the data's own values; any other (a network's new value) lies between its neighbours'.
    const onCurve = (got: Float64Array, f: (v: number) => number) => Array.from(got).every((y, i) => Number.isNaN(fromAge(f)[i]!) || y === fromAge(f)[i]);
    expect(onCurve(sq!, (v) => v * v)).toBe(true);
    expect(onCurve(log!, (v) => Number((Math.log(v) - 3.5).toFixed(6)))).toBe(true);
    expect(onCurve(left!, (v) => 3 * (70 - v))).toBe(true);
    expect(model.formulas?.().map((f) => f.column)).toEqual(['age2', 'lage', 'years_left']);
  });

  it('refuses a condition on a computed column (422), and models it when the request conditions on it', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(curved, copula.params.parse({}), Rng.seeded(0));
    expect(() => model.sample(10, Rng.seeded(1), { age2: 900 })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { age2: 900 })).toThrow(/age2 is computed as an increasing function of age .* condition on age instead/);
    const onAge = model.sample(20, Rng.seeded(1), { age: 30 }).columns.map((c) => (c as NumberColumn).values);
    expect(onAge[2]!.every((v) => v === 900)).toBe(true);
    const conditioned = await copula.fit(curved, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['age2'] });
    expect(conditioned.formulas?.().map((f) => `${f.column} = ${f.expression}`)).toContain('age = an increasing function of age2');
    const fixed = conditioned.sample(20, Rng.seeded(1), { age2: 900 }).columns.map((c) => (c as NumberColumn).values);
    expect(fixed[0]!.every((v) => v === 30)).toBe(true);
  });
});
