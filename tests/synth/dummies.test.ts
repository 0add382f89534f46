/**
 * One-hot columns: found (neighbouring 0/1 flags, never two ones in a row; exactly one or at most
 * one; not flags that overlap, nor a flag the request fixes), modelled as one column of levels by
 * every generator so each synthetic row keeps at most one flag set (exactly one where the data
 * always has one), after a save and load; a flag set to 1 as a condition.
 */
import { describe, expect, it } from 'vitest';
import { findDummies, dummiesExpression } from '../../core/synth/dummies.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { Column, Table } from '../../core/table/model.js';

const n = 400;
const rng = Rng.seeded(4);
const home = Array.from({ length: n }, () => rng.int(0, 2));
// A one-hot step's output: no row for a missing or rare level, so at most one flag.
const job = Array.from({ length: n }, () => rng.int(0, 3));
const income = Float64Array.from(home, (h) => 1000 + 800 * h + Math.round(400 * rng.uniform()));
const flag = (name: string, on: (r: number) => boolean): Column => ({ type: 'integer', name, values: Float64Array.from({ length: n }, (_, r) => (on(r) ? 1 : 0)) });

const table: Table = {
  rowCount: n,
  columns: [
    { type: 'integer', name: 'income', values: income },
    flag('Home=rent', (r) => home[r] === 0),
    flag('Home=own', (r) => home[r] === 1),
    flag('Home=other', (r) => home[r] === 2),
    flag('Job=fixed', (r) => job[r] === 0),
    flag('Job=freelance', (r) => job[r] === 1),
    flag('Job=partime', (r) => job[r] === 2),
  ],
};

const found = (t: Table, modelled: string[] = []) => findDummies(t, t.columns.map((c) => c.name), new Set(modelled)).map((g) => `${g.columns[0]}: ${dummiesExpression(g)}`);

describe('finding one-hot columns', () => {
  it('finds neighbouring flags that never share a row, exactly one or at most one set', () => {
    expect(found(table)).toEqual(['Home=rent: one-hot with Home=own, Home=other', 'Job=fixed: one-hot with Job=freelance, Job=partime (or none)']);
  });

  it('leaves out flags that overlap, a column of other numbers, and a flag the request fixes', () => {
    const overlapping = { rowCount: n, columns: [flag('a', (r) => r % 2 === 0), flag('b', (r) => r % 3 === 0)] };
    expect(found(overlapping)).toEqual([]);
    expect(found({ rowCount: n, columns: [table.columns[1]!, { type: 'integer', name: 'count', values: Float64Array.from(home) }] })).toEqual([]);
    // A flag a condition may fix to 0 leaves its whole group to the model, flag by flag.
    expect(found(table, ['Home=own'])).toEqual(['Job=fixed: one-hot with Job=freelance, Job=partime (or none)']);
    // Two rare flags that never meet, where independent ones would meet on one row in 400: no evidence of a group.
    const rare = { rowCount: n, columns: [flag('ht', (r) => r % 20 === 0), flag('ui', (r) => r % 20 === 7)] };
    expect(found(rare)).toEqual([]);
  });
});

describe('choosing among neighbouring flags', () => {
  it('prefers the window with a flag on every row: a mortgage flag beside the home flags stays out', () => {
    const mortgage = flag('mortgage', (r) => home[r] === 1 && r % 3 === 0);
    const t: Table = { rowCount: n, columns: [mortgage, ...table.columns.slice(1, 4)] };
    expect(found(t)).toEqual(['Home=rent: one-hot with Home=own, Home=other']);
  });

  it('leaves flags that a column of levels in the table determines to follow it', () => {
    const levels = ['rent', 'own', 'other'];
    const source: Column = { type: 'categorical', name: 'Home', categories: levels, codes: Int32Array.from(home) };
    expect(found({ rowCount: n, columns: [source, ...table.columns.slice(1, 4)] })).toEqual([]);
  });
});

describe('one-hot columns through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
  const values = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: one home flag on every row, at most one job flag, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(table, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(300, Rng.seeded(1));
    expect(out.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
    const sum = (names: string[]) => Array.from({ length: out.rowCount }, (_, r) => names.reduce((s, c) => s + values(out, c)[r]!, 0));
    expect(sum(['Home=rent', 'Home=own', 'Home=other']).every((s) => s === 1)).toBe(true);
    expect(sum(['Job=fixed', 'Job=freelance', 'Job=partime']).every((s) => s <= 1)).toBe(true);
    expect(out.columns.slice(1).every((c) => c.type === 'integer' && [...(c as { values: Float64Array }).values].every((v) => v === 0 || v === 1))).toBe(true);
  });

  it('takes a flag set to 1 as a condition; refuses a flag set to 0, and two flags of one group', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(table, copula.params.parse({}), Rng.seeded(0));
    const owners = model.sample(50, Rng.seeded(1), { 'Home=own': 1 });
    expect([...values(owners, 'Home=own')]).toEqual(new Array(50).fill(1));
    expect([...values(owners, 'Home=rent'), ...values(owners, 'Home=other')].every((v) => v === 0)).toBe(true);
    expect(() => model.sample(10, Rng.seeded(1), { 'Home=own': 0 })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { 'Home=own': 1, 'Home=rent': 1 })).toThrow(/one-hot columns of one group/);
  });

  it('keeps the group when a request sets a flag to 1, and leaves it to the model when it may set one to 0', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const groups = (options: { conditioned: string[]; setToOne?: string[]; setToZero?: string[] }) => copula.fit(table, copula.params.parse({}), Rng.seeded(0), undefined, options);
    const one = await groups({ conditioned: ['Home=own'], setToOne: ['Home=own'] });
    expect(one.formulas?.().map((f) => f.column)).toContain('Home=rent');
    const owners = one.sample(100, Rng.seeded(1), { 'Home=own': 1 });
    expect(Array.from({ length: 100 }, (_, r) => ['Home=rent', 'Home=own', 'Home=other'].map((c) => values(owners, c)[r]).join(''))).toEqual(new Array(100).fill('010'));
    const zero = await groups({ conditioned: ['Home=own'] });
    expect(zero.formulas?.().map((f) => f.column)).not.toContain('Home=rent');
    // A sibling set to 0 beside the flag set to 1 says nothing more: the group stays, and so does the condition's meaning.
    const both = await groups({ conditioned: ['Home=own', 'Home=rent'], setToOne: ['Home=own'], setToZero: ['Home=rent'] });
    const rows = both.sample(50, Rng.seeded(1), { 'Home=own': 1, 'Home=rent': 0 });
    expect(Array.from({ length: 50 }, (_, r) => ['Home=rent', 'Home=own', 'Home=other'].map((c) => values(rows, c)[r]).join(''))).toEqual(new Array(50).fill('010'));
  });
});
