/**
 * Number columns that are sums of others on every row: found (totals, nested totals, differences,
 * copies; not other combinations, chance or near misses), computed from the sampled parts by every
 * generator so that synthetic totals add up, refused as conditions, kept through save and load.
 */
import { describe, expect, it } from 'vitest';
import { findSums, sumExpression, withSummed } from '../../core/synth/sums.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { NumberColumn, Table } from '../../core/table/model.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';

const n = 300;
const rng = Rng.seeded(21);
const ints = (f: () => number) => Float64Array.from({ length: n }, f);
const int = (name: string, values: Float64Array): NumberColumn => ({ type: 'integer', name, values });
const a = ints(() => rng.int(100, 900));
const b = ints(() => rng.int(0, 500));
const c = ints(() => rng.int(10, 90));
const tax = ints(() => rng.int(0, 40));

/** Parts, a total of a total, a difference, a copy, and a look-alike (2a + b). */
const table: Table = {
  rowCount: n,
  columns: [
    int('a', a),
    int('b', b),
    int('ab', a.map((x, i) => x + b[i]!)),
    int('c', c),
    int('total', a.map((x, i) => x + b[i]! + c[i]!)),
    int('tax', tax),
    int('net', c.map((x, i) => x - tax[i]!)),
    int('copy_of_b', Float64Array.from(b)),
    int('weighted', a.map((x, i) => 2 * x + b[i]!)),
  ],
};

const formulas = (t: Table) => new Map(findSums(t, t.columns.map((col) => col.name)).map((s) => [s.column, sumExpression(s)]));

describe('findSums', () => {
  it('finds totals, nested totals, differences and copies, as sums of the columns no sum computes', () => {
    const found = formulas(table);
    expect(found.get('ab')).toMatch(/^(a \+ b|b \+ a)$/);
    // total = a + b + c, with c itself computed: a sum of the columns modelled.
    expect(found.get('total')?.split(' + ').sort()).toEqual(['a', 'b', 'net', 'tax']);
    expect(found.get('copy_of_b')).toBe('b');
    // c = net + tax: the larger column is the computed one.
    expect(found.get('c')?.split(' + ').sort()).toEqual(['net', 'tax']);
    expect(found.has('weighted')).toBe(false);
    for (const part of ['a', 'b', 'net', 'tax']) expect(found.has(part)).toBe(false);
  });

  it('needs every row: one row off, or two sparse flags sharing their few ones, is no sum', () => {
    const off = Float64Array.from(a, (x, i) => x + b[i]! + (i === 7 ? 1 : 0));
    expect(formulas({ rowCount: n, columns: [int('a', a), int('b', b), int('ab', off)] }).size).toBe(0);
    const flag = Float64Array.from({ length: n }, (_, i) => (i === 3 || i === 9 ? 1 : 0));
    expect(formulas({ rowCount: n, columns: [int('x', flag), int('y', Float64Array.from(flag)), int('a', a)] }).size).toBe(0);
  });

  it('needs integers exact: epoch milliseconds 20 ms to 1.6 s apart are no copy', () => {
    const sent = Float64Array.from({ length: n }, () => 1_700_000_000_000 + rng.int(0, 1e9));
    const received = Float64Array.from(sent, (x) => x + rng.int(20, 1600));
    expect(formulas({ rowCount: n, columns: [int('sent_ms', sent), int('received_ms', received), int('a', a)] }).size).toBe(0);
  });

  it('never computes a column the request conditions on: it is a part, and another part the difference', () => {
    const found = new Map(findSums(table, ['a', 'b', 'ab', 'c', 'total'], new Set(['total', 'a'])).map((f) => [f.column, sumExpression(f)]));
    expect([...found.keys()].sort()).toEqual(['ab', 'b']);
    expect(found.get('b')).toMatch(/^total - [ac] - [ac]$/);
  });

  it('keeps missing values where a part is missing, and only then', () => {
    const withGap = Float64Array.from(a, (x, i) => (i % 50 === 0 ? NaN : x));
    const sum = Float64Array.from(withGap, (x, i) => x + b[i]!);
    expect(formulas({ rowCount: n, columns: [int('a', withGap), int('b', b), int('s', sum)] }).get('s')).toMatch(/a \+ b|b \+ a/);
    const filled = Float64Array.from(sum, (x, i) => (Number.isNaN(x) ? b[i]! : x));
    expect(formulas({ rowCount: n, columns: [int('a', withGap), int('b', b), int('s', filled)] }).size).toBe(0);
  });

  it('adds decimals to the total\'s own places', async () => {
    const csv = ['net,vat,gross', ...Array.from({ length: 60 }, (_, i) => `${(10 + i * 1.1).toFixed(2)},${(i * 0.1).toFixed(2)},${(10 + i * 1.1 + i * 0.1).toFixed(2)}`)].join('\n');
    const { table: money } = await readCsvTable(Buffer.from(csv));
    const sums = findSums(money, ['net', 'vat', 'gross']);
    expect(sums.map(sumExpression)).toEqual(['vat + net']);
    const out = withSummed(sums, { rowCount: 1, columns: [{ ...(money.columns[0] as NumberColumn), values: Float64Array.of(0.1) }, { ...(money.columns[1] as NumberColumn), values: Float64Array.of(0.2) }] });
    expect((out.columns[2] as NumberColumn).values[0]).toBe(0.3);
  });
});

describe('sums through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
  const parts = { rowCount: n, columns: table.columns.filter((col) => ['a', 'b', 'c', 'total'].includes(col.name)) };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic total adds up, and survives save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(parts, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(200, Rng.seeded(1));
    expect(out.columns.map((col) => col.name)).toEqual(['a', 'b', 'c', 'total']);
    const [x, y, z, total] = out.columns.map((col) => (col as NumberColumn).values) as [Float64Array, Float64Array, Float64Array, Float64Array];
    expect(total.every((t, i) => t === x[i]! + y[i]! + z[i]!)).toBe(true);
    expect(model.formulas?.()).toEqual([{ column: 'total', expression: expect.stringMatching(/^[abc] \+ [abc] \+ [abc]$/), parts: expect.arrayContaining(['a', 'b', 'c']), kind: 'sum' }]);
    expect(writeCsv(out).split('\n')[0]).toBe('a,b,c,total');
  });

  it('refuses a condition on a total (422), and models it again with lookups off', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(parts, copula.params.parse({}), Rng.seeded(0));
    expect(() => model.sample(10, Rng.seeded(1), { total: 1000 })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { total: 1000 })).toThrow(/total is computed as .* condition on [abc], [abc], [abc] instead/);
    const modelled = await copula.fit(parts, copula.params.parse({ lookups: 'off' }), Rng.seeded(0));
    expect(modelled.formulas?.() ?? []).toEqual([]);
    const fixed = modelled.sample(10, Rng.seeded(1), { total: 1000 });
    expect([...(fixed.columns[3] as NumberColumn).values]).toEqual(new Array(10).fill(1000));
  });

  it('models a total the request conditions on, and computes none from a column a formula constraint sets', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const conditioned = await copula.fit(parts, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['total'] });
    expect(conditioned.formulas?.().map((f) => f.column)).not.toContain('total');
    const fixed = conditioned.sample(50, Rng.seeded(1), { total: 1000 }).columns.map((col) => (col as NumberColumn).values);
    expect(fixed[3]!.every((t) => t === 1000)).toBe(true);
    expect(fixed[3]!.every((t, i) => t === fixed[0]![i]! + fixed[1]![i]! + fixed[2]![i]!)).toBe(true);
    const computed = await copula.fit(parts, copula.params.parse({}), Rng.seeded(0), undefined, { computed: ['c'] });
    expect(computed.formulas?.() ?? []).toEqual([]);
    const ctgan = findSynthesizer('ctgan');
    const trained = await ctgan.fit(parts, ctgan.params.parse({ epochs: 1 }), Rng.seeded(0), undefined, { conditioned: ['total'] });
    expect(trained.formulas?.().map((f) => f.column)).not.toContain('total');
  });

  it('leaves a table without sums to the generator, byte for byte', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const noSums = { rowCount: n, columns: [int('a', a), int('b', b)] };
    const bytes = (await copula.fit(noSums, copula.params.parse({}), Rng.seeded(0))).save();
    expect(Buffer.from(bytes).toString('utf8')).toContain('tabmimic.gaussian_copula');
    expect(Buffer.from(bytes).toString('utf8')).not.toContain('tabmimic.lookups');
  });
});
