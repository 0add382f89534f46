/**
 * Columns of levels a number cuts into ranges (an age group, a low-weight flag): found only where
 * every row agrees and the number is no row key, modelled and then set from the sampled number by
 * every generator so that no synthetic row crosses a boundary, met as conditions by the number's range, modelled when a request fixes them.
 */
import { describe, expect, it } from 'vitest';
import { findBins } from '../../core/synth/bins.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';

const n = 400;
const rng = Rng.seeded(31);
const age = Float64Array.from({ length: n }, () => rng.int(1, 90));
const groups = ['child', 'adult', 'senior'];
const groupOf = (a: number) => (a < 18 ? 0 : a < 65 ? 1 : 2);
const weight = Float64Array.from({ length: n }, () => rng.int(1500, 4500));

const table: Table = {
  rowCount: n,
  columns: [
    { type: 'integer', name: 'row', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
    { type: 'integer', name: 'age', values: age },
    { type: 'categorical', name: 'group', categories: groups, codes: Int32Array.from(age, groupOf) },
    { type: 'integer', name: 'weight', values: weight },
    { type: 'integer', name: 'low', values: Float64Array.from(weight, (w) => (w < 2500 ? 1 : 0)) },
    { type: 'float', name: 'noise', decimals: 2, values: Float64Array.from({ length: n }, () => Number(rng.normal().toFixed(2))) },
  ],
};

describe('findBins', () => {
  it('finds each column of levels a number cuts into ranges, with cuts midway between them', () => {
    const bins = findBins(table, ['group', 'low'], ['row', 'age', 'weight', 'noise']);
    expect(bins.map((b) => [b.column, b.from, b.levels])).toEqual([
      ['group', 'age', ['child', 'adult', 'senior']],
      ['low', 'weight', [1, 0]],
    ]);
    expect(bins[0]!.cuts).toEqual([17.5, 64.5]);
  });

  it('never reads levels off a row key, ranges that overlap on one row, or a number missing elsewhere', () => {
    const sorted = Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    const byOrder: Table = { rowCount: n, columns: [...table.columns, { type: 'categorical', name: 'half', categories: ['a', 'b'], codes: sorted }] };
    expect(findBins(byOrder, ['half'], ['row'])).toEqual([]);
    const crossing = Int32Array.from(age, (a, i) => (i === 5 ? 1 - Math.min(1, groupOf(a)) : groupOf(a)));
    expect(findBins({ rowCount: n, columns: [table.columns[1]!, { type: 'categorical', name: 'g', categories: groups, codes: crossing }] }, ['g'], ['age'])).toEqual([]);
    const gappy = Float64Array.from(age, (a, i) => (i % 40 === 0 ? NaN : a));
    expect(findBins({ rowCount: n, columns: [{ type: 'integer', name: 'age', values: gappy }, table.columns[2]!] }, ['group'], ['age'])).toEqual([]);
  });
});

describe('cut columns through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
  const parts: Table = { rowCount: n, columns: table.columns.filter((c) => ['age', 'group', 'noise'].includes(c.name)) };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: no synthetic row crosses a boundary, after a save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(parts, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(300, Rng.seeded(1));
    expect(out.columns.map((c) => c.name)).toEqual(['age', 'group', 'noise']);
    const ages = (out.columns[0] as NumberColumn).values;
    const codes = (out.columns[1] as CategoricalColumn).codes;
    expect(Array.from(ages).every((a, i) => codes[i] === groupOf(a))).toBe(true);
    // Read off the age only where the model crosses the ranges by itself: a copula of one group per level does not.
    if (name !== 'gaussian_copula') expect(model.lookups?.()).toContainEqual({ column: 'group', from: 'age' });
  });

  it('keeps a cut only for a model that crosses it: one copula does, a copula per group does not', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const single = await copula.fit(parts, copula.params.parse({ strata: 'off' }), Rng.seeded(0));
    expect(single.lookups?.()).toContainEqual({ column: 'group', from: 'age' });
    const grouped = await copula.fit(parts, copula.params.parse({}), Rng.seeded(0));
    expect(grouped.groups?.()?.column).toBe('group');
    expect(grouped.lookups?.() ?? []).not.toContainEqual({ column: 'group', from: 'age' });
  });

  it('meets a condition on a cut column by its number\'s range, refuses a level it lacks, and models it when the request fixes it', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(parts, copula.params.parse({ strata: 'off' }), Rng.seeded(0));
    const seniors = model.sample(50, Rng.seeded(1), { group: 'senior' });
    expect(new Set((seniors.columns[1] as CategoricalColumn).codes)).toEqual(new Set([2]));
    expect(Math.min(...(seniors.columns[0] as NumberColumn).values)).toBeGreaterThanOrEqual(65);
    expect(() => model.sample(5, Rng.seeded(1), { group: 'teen' })).toThrow(ProblemError);
    const fixed = await copula.fit(parts, copula.params.parse({ strata: 'off' }), Rng.seeded(0), undefined, { conditioned: ['group'] });
    expect(fixed.lookups?.() ?? []).not.toContainEqual({ column: 'group', from: 'age' });
    expect(new Set((fixed.sample(20, Rng.seeded(1), { group: 'senior' }).columns[1] as CategoricalColumn).codes)).toEqual(new Set([2]));
  });

  it('leaves a column the copula looks others up from uncut, so a level and its one-hot flags never disagree', async () => {
    // Income cuts home into ranges, and home's flags follow home: had the wrapper set home from income
    // after the copula looked the flags up, some rows would hold home = own with the rent flag set.
    const homes = ['rent', 'own', 'other'];
    const r = Rng.seeded(4);
    const home = Int32Array.from({ length: n }, () => r.int(0, 2));
    const flag = (level: number): NumberColumn => ({ type: 'integer', name: `home=${homes[level]}`, values: Float64Array.from(home, (h) => (h === level ? 1 : 0)) });
    const homeTable: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'home', categories: homes, codes: home },
        { type: 'integer', name: 'income', values: Float64Array.from(home, (h) => 1000 + 800 * h + Math.round(400 * r.uniform())) },
        flag(0),
        flag(1),
        flag(2),
      ],
    };
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(homeTable, copula.params.parse({}), Rng.seeded(0));
    const out = model.sample(400, Rng.seeded(1));
    const levels = (out.columns[0] as CategoricalColumn).codes;
    const flags = [2, 3, 4].map((c) => (out.columns[c] as NumberColumn).values);
    expect(Array.from(levels).every((level, row) => flags.every((f, i) => f[row] === (i === level ? 1 : 0)))).toBe(true);
  });
});
