/**
 * Columns that sit just above others on every row (a day's high, an end time): found (tight
 * orders only, not orders that merely hold, nor a column the request fixes), modelled as their
 * gap, and set back by every generator so that each synthetic row keeps the order, after a save
 * and load; refused as conditions.
 */
import { describe, expect, it } from 'vitest';
import { findGaps, fromGaps, gapExpression, toGaps, type Gap } from '../../core/synth/gaps.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { Column, NumberColumn, Table } from '../../core/table/model.js';

const n = 500;
const rng = Rng.seeded(8);
const cents = (x: number) => Math.round(x * 100) / 100;
// A random walk of prices, each day's open and close within a narrow range, its low and high around them.
const open = new Float64Array(n);
const close = new Float64Array(n);
const low = new Float64Array(n);
const high = new Float64Array(n);
for (let i = 0, level = 100; i < n; i++) {
  level = Math.max(20, level + 2 * rng.normal());
  open[i] = cents(level + rng.normal());
  close[i] = cents(level + rng.normal());
  low[i] = cents(Math.min(open[i]!, close[i]!) - Math.abs(rng.normal()));
  high[i] = cents(Math.max(open[i]!, close[i]!) + Math.abs(rng.normal()));
}
const price = (name: string, values: Float64Array): NumberColumn => ({ type: 'float', name, values, decimals: 2 });
const stocks: Table = { rowCount: n, columns: [price('Open', open), price('High', high), price('Low', low), price('Close', close)] };

const found = (t: Table, modelled: string[] = []) => findGaps(t, t.columns.map((c) => c.name), new Set(modelled)).map((g) => `${g.column} = ${gapExpression(g)}`);
const values = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;

describe('finding columns that sit just above others', () => {
  it('finds a day\'s high above its open and close, and those above its low, bounds first and only the nearest', () => {
    expect(found(stocks)).toEqual(['Open = Low + a gap ≥ 0', 'Close = Low + a gap ≥ 0', 'High = max(Open, Close) + a gap ≥ 0']);
  });

  it('leaves out orders that merely hold (a wide gap), one that fails on a row, and a column the request fixes', () => {
    const base = Float64Array.from({ length: n }, () => rng.uniform() * 100);
    const wide = base.map((x) => x + rng.uniform() * 100);
    expect(found({ rowCount: n, columns: [price('a', base), price('b', wide)] })).toEqual([]);
    const once = Float64Array.from(high);
    once[n - 1] = low[n - 1]! - 1;
    expect(found({ rowCount: n, columns: [price('Low', low), price('High', once)] })).toEqual([]);
    expect(found(stocks, ['High', 'Open', 'Close'])).toEqual([]);
  });

  it('finds an end a little after its start, in datetimes', () => {
    const hour = 3_600_000;
    const start = Float64Array.from({ length: n }, () => Date.UTC(2024, 0, 1) + rng.int(0, 365 * 24) * hour);
    const end = start.map((s) => s + rng.int(1, 48) * hour);
    const t: Table = { rowCount: n, columns: [{ type: 'datetime', name: 'start', format: 'YYYY-MM-DD HH:mm', values: start }, { type: 'datetime', name: 'end', format: 'YYYY-MM-DD HH:mm', values: end }] };
    expect(found(t)).toEqual(['end = start + a gap ≥ 0']);
    const gaps = findGaps(t, ['start', 'end']);
    const modelled = toGaps(gaps, t);
    expect(modelled.columns[1]).toMatchObject({ type: 'integer', name: 'end' });
    expect(values(fromGaps(gaps, modelled), 'end')).toEqual(end);
  });

  it('sets a column back above its largest bound, on its grid, within the data\'s range unless the bound is past it', () => {
    const gap: Gap = { column: 'High', above: ['Low'], grid: { step: 0.01 }, range: [5, 60], shape: { name: 'High', type: 'float', decimals: 2 } };
    // A bound off the column's grid (10.004) puts it a step up, never at 10.00; a negative gap (a network's) is none;
    // past the data's top a value comes back to it, unless its bound is higher still; under the bottom, up to it.
    const body: Table = { rowCount: 6, columns: [price('Low', Float64Array.of(10.004, 10.01, 50, 59, 70, 1)), price('High', Float64Array.of(0, -3, 1.234, 5, 2, 1))] };
    expect([...values(fromGaps([gap], body), 'High')]).toEqual([10.01, 10.01, 51.23, 60, 70, 5]);
  });
});

describe('gaps through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic day keeps low ≤ open, close ≤ high, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(stocks, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(300, Rng.seeded(1));
    expect(out.columns.map((c: Column) => c.name)).toEqual(['Open', 'High', 'Low', 'Close']);
    const [o, h, l, c] = ['Open', 'High', 'Low', 'Close'].map((col) => values(out, col)) as Float64Array[];
    expect(l!.every((x, r) => x <= o![r]! && x <= c![r]! && o![r]! <= h![r]! && c![r]! <= h![r]!)).toBe(true);
    expect(h!.every((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6)).toBe(true);
    expect(model.formulas?.().map((f) => f.column)).toEqual(['Open', 'Close', 'High']);
  });

  it('keeps the copula\'s highs within the data\'s spread of highs', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const out = (await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0))).sample(n, Rng.seeded(1));
    const sorted = (v: Float64Array) => Float64Array.from(v).sort();
    const [real, synthetic] = [sorted(high), sorted(values(out, 'High'))];
    // Quartiles within 5 % of the real ones: a sum of drawn bound and gap keeps the column's shape.
    for (const q of [0.25, 0.5, 0.75]) expect(Math.abs(synthetic[Math.floor(q * n)]! / real[Math.floor(q * n)]! - 1)).toBeLessThan(0.05);
  });

  it('refuses a condition on a column above others (422), and models it when the request conditions on it', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0));
    expect(() => model.sample(10, Rng.seeded(1), { High: 100 })).toThrow(ProblemError);
    // Its bounds are gaps themselves, so no condition stands in for it; the open's bound is drawn, so one does.
    expect(() => model.sample(10, Rng.seeded(1), { High: 100 })).toThrow(/High is computed as max\(Open, Close\) \+ a gap ≥ 0 .* fit with lookups off to condition on it/);
    expect(() => model.sample(10, Rng.seeded(1), { Open: 100 })).toThrow(/condition on Low instead/);
    const conditioned = await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['High'] });
    expect(conditioned.formulas?.().map((f) => f.column)).toEqual(['Open', 'Close']);
    expect(model.formulas?.().map((f) => f.expression)).toEqual(['Low + a gap ≥ 0', 'Low + a gap ≥ 0', 'max(Open, Close) + a gap ≥ 0']);
    expect([...values(conditioned.sample(20, Rng.seeded(1), { High: 100 }), 'High')]).toEqual(new Array(20).fill(100));
  });
});
