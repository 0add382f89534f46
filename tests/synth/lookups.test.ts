import { describe, expect, it } from 'vitest';
import { CopulaParams, levelsOf } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { findLookups } from '../../core/synth/lookups.js';
import { pearson } from '../../core/metrics/quality.js';
import { Rng } from '../../core/random.js';
import { columnLabels, getColumn, numbersOf, type Column, type Table } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const categorical = (name: string, labels: readonly string[]) => {
  const categories = [...new Set(labels)];
  return { type: 'categorical' as const, name, categories, codes: Int32Array.from(labels, (l) => categories.indexOf(l)) };
};

/**
 * 40 countries, 8 rows each, with a code of their own (one-to-one), a region of five countries
 * (many-to-one), a size that rises with the region (and, `weighed`, a weight with it), and a coin
 * unrelated to anything.
 */
function countries(seed = 1, weighed = false): Table {
  const rng = Rng.seeded(seed);
  const n = 320;
  const country = Array.from({ length: n }, (_, i) => `Country ${i % 40}`);
  const code = Array.from({ length: n }, (_, i) => `C${String((i % 40) * 7 + 11).padStart(3, '0')}`);
  const region = Array.from({ length: n }, (_, i) => `Region ${Math.floor((i % 40) / 5)}`);
  const size = Float64Array.from({ length: n }, (_, i) => 10 * Math.floor((i % 40) / 5) + rng.normal() * 3);
  const coin = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 'heads' : 'tails'));
  const columns: Column[] = [categorical('country', country), categorical('code', code), categorical('region', region), { type: 'float', name: 'size', values: size, decimals: 3 }, categorical('coin', coin)];
  // A second number that moves with the region: a mixture needs two to keep links within groups.
  if (weighed) columns.push({ type: 'float', name: 'weight', values: Float64Array.from(size, (v) => 2 * v + rng.normal()), decimals: 3 });
  return { rowCount: n, columns };
}

const pairs = (t: Table, a: string, b: string) => {
  const x = columnLabels(getColumn(t, a)!);
  const y = columnLabels(getColumn(t, b)!);
  return x.map((v, i) => `${v}|${y[i]}`);
};

describe('columns another column determines', () => {
  it('finds one-to-one and many-to-one links, keeps the first of a pair, and none by chance or among kept columns', () => {
    const t = countries();
    const all = ['country', 'code', 'region', 'coin'];
    const found = findLookups(t, all, levelsOf);
    expect(found.map((l) => [l.column, l.from])).toEqual([
      ['code', 'country'],
      ['region', 'country'],
    ]);
    expect(found[0]!.pairs).toContainEqual(['Country 3', 'C032']);
    // A column kept (a strata column) is never looked up; country no longer determines it.
    expect(findLookups(t, all, levelsOf, new Set(['region'])).map((l) => l.column)).toEqual(['code']);
    // 40 rows of 40 levels: every level once, so any column "determines" any other. Not a link.
    const once: Table = { rowCount: 40, columns: [categorical('a', Array.from({ length: 40 }, (_, i) => `a${i}`)), categorical('b', Array.from({ length: 40 }, (_, i) => `b${i % 2}`))] };
    expect(findLookups(once, ['a', 'b'], levelsOf)).toEqual([]);
    // Two sparse dummies sharing their only two ones: too little evidence for a link.
    const dummy = (name: string) => categorical(name, Array.from({ length: 400 }, (_, i) => (i === 3 || i === 9 ? 'yes' : 'no')));
    expect(findLookups({ rowCount: 400, columns: [dummy('p'), dummy('q')] }, ['p', 'q'], levelsOf)).toEqual([]);
    // Twelve sharing theirs are one (the sparse path checks the rows off the mode and the modes' pair).
    const twelve = (name: string, flip = false) => categorical(name, Array.from({ length: 400 }, (_, i) => ((i % 33 === 0) !== flip ? 'yes' : 'no')));
    expect(findLookups({ rowCount: 400, columns: [twelve('p'), twelve('q'), twelve('r', true)] }, ['p', 'q', 'r'], levelsOf).map((l) => [l.column, l.from])).toEqual([
      ['q', 'p'],
      ['r', 'p'],
    ]);
  });

  it('samples only pairs the data holds, where one copula re-pairs neighbours', async () => {
    const t = countries();
    const real = new Set(pairs(t, 'country', 'code'));
    const share = async (params: object) => {
      const s = (await gaussianCopula.fit(t, CopulaParams.parse(params), Rng.seeded(0))).sample(2000, Rng.seeded(1));
      return pairs(s, 'country', 'code').filter((p) => real.has(p)).length / s.rowCount;
    };
    expect(await share({})).toBe(1);
    expect(await share({ lookups: 'off' })).toBeLessThan(0.9);
  });

  it('turns a condition on a looked-up column into one on its determinant', async () => {
    const t = countries();
    const model = await gaussianCopula.fit(t, CopulaParams.parse({}), Rng.seeded(0));
    const one = model.sample(50, Rng.seeded(2), { code: 'C032' });
    expect(new Set(columnLabels(getColumn(one, 'country')!))).toEqual(new Set(['Country 3']));
    expect(new Set(columnLabels(getColumn(one, 'region')!))).toEqual(new Set(['Region 0']));
    // A region is five countries: each gets its share of the rows, all within the region.
    const region = model.sample(1000, Rng.seeded(3), { region: 'Region 2' });
    const counts = new Map<string, number>();
    for (const c of columnLabels(getColumn(region, 'country')!)) counts.set(c!, (counts.get(c!) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['Country 10', 'Country 11', 'Country 12', 'Country 13', 'Country 14']);
    for (const count of counts.values()) expect(count).toBeGreaterThan(100);
    expect(new Set(columnLabels(getColumn(region, 'region')!))).toEqual(new Set(['Region 2']));
    // With another condition too, and with both ends of a link.
    const both = model.sample(20, Rng.seeded(4), { region: 'Region 2', country: 'Country 12', coin: 'tails' });
    expect(new Set(columnLabels(getColumn(both, 'code')!))).toEqual(new Set(['C095']));
    expect(new Set(columnLabels(getColumn(both, 'coin')!))).toEqual(new Set(['tails']));
    const refuse = (conditions: Record<string, string>, detail: string) => {
      expect(() => model.sample(5, Rng.seeded(5), conditions)).toThrow(ProblemError);
      expect(() => model.sample(5, Rng.seeded(5), conditions)).toThrow(detail);
    };
    refuse({ region: 'Region 2', country: 'Country 3' }, 'the data never holds these values together (country determines the others)');
    refuse({ code: 'C999' }, 'Condition code = "C999": the data has no such value.');
  });

  it('saves and loads a model with lookups, sampling the same rows', async () => {
    const model = await gaussianCopula.fit(countries(), CopulaParams.parse({}), Rng.seeded(0));
    const loaded = await gaussianCopula.load(model.save());
    expect(loaded.save()).toEqual(model.save());
    expect(pairs(loaded.sample(30, Rng.seeded(6), { region: 'Region 1' }), 'country', 'code')).toEqual(pairs(model.sample(30, Rng.seeded(6), { region: 'Region 1' }), 'country', 'code'));
  });

  it('keeps a strata column modelled: the groups it splits the numbers into are worth more than a lookup', async () => {
    // Regions of 40 rows far apart in size and weight: auto splits by region rather than looking it up from country.
    const t = countries(1, true);
    const model = await gaussianCopula.fit(t, CopulaParams.parse({}), Rng.seeded(0));
    expect(model.groups?.()?.column).toBe('region');
    const s = model.sample(1000, Rng.seeded(8));
    const real = new Set([...pairs(t, 'country', 'region'), ...pairs(t, 'country', 'code')]);
    expect([...pairs(s, 'country', 'region'), ...pairs(s, 'country', 'code')].every((p) => real.has(p))).toBe(true);
  });
});

describe('number columns another column determines', () => {
  // 40 countries: a latitude of their own (40 distinct values, modelled as continuous) and a size that varies by row.
  const withLatitude = (): Table => {
    const t = countries();
    const lat = Float64Array.from({ length: t.rowCount }, (_, i) => Math.round((-50 + (i % 40) * 2.37) * 100) / 100);
    return { rowCount: t.rowCount, columns: [...t.columns, { type: 'float', name: 'lat', values: lat, decimals: 2 }] };
  };

  it('looks a number up from the column that determines it, never a number column determining others', () => {
    const t = withLatitude();
    const all = ['country', 'code', 'region', 'coin'];
    const found = findLookups(t, all, levelsOf, new Set(), new Set(['size', 'lat']));
    expect(found.map((l) => [l.column, l.from])).toEqual([
      ['code', 'country'],
      ['region', 'country'],
      ['lat', 'country'],
    ]);
    // Without the number set, lat is not a candidate at all; size (a value per row) is never determined.
    expect(findLookups(t, all, levelsOf).map((l) => l.column)).toEqual(['code', 'region']);
  });

  it('samples each country with its own latitude, which one copula re-pairs with its neighbours', async () => {
    const t = withLatitude();
    const real = new Set(pairs(t, 'country', 'lat'));
    const share = async (params: object) => {
      const s = (await gaussianCopula.fit(t, CopulaParams.parse(params), Rng.seeded(0))).sample(2000, Rng.seeded(1));
      return pairs(s, 'country', 'lat').filter((p) => real.has(p)).length / s.rowCount;
    };
    expect(await share({})).toBe(1);
    expect(await share({ lookups: 'off' })).toBeLessThan(0.9);
    // A condition on the latitude is one on its country.
    const model = await gaussianCopula.fit(t, CopulaParams.parse({}), Rng.seeded(0));
    const at = model.sample(20, Rng.seeded(2), { lat: -50 + 3 * 2.37 });
    expect(new Set(columnLabels(getColumn(at, 'country')!))).toEqual(new Set(['Country 3']));
  });
});

describe('levels of a number column', () => {
  it('keep their order, so two counts that rise together keep their link without a continuous column', async () => {
    const rng = Rng.seeded(7);
    const n = 600;
    const x = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 10));
    const y = Float64Array.from(x, (v) => Math.min(9, Math.max(0, v + Math.round(rng.normal()))));
    const t: Table = { rowCount: n, columns: [{ type: 'integer', name: 'x', values: x }, { type: 'integer', name: 'y', values: y }] };
    const s = (await gaussianCopula.fit(t, CopulaParams.parse({}), Rng.seeded(0))).sample(n, Rng.seeded(1));
    const real = pearson(x, y)!;
    expect(real).toBeGreaterThan(0.9);
    expect(Math.abs(pearson(numbersOf(getColumn(s, 'x')!)!, numbersOf(getColumn(s, 'y')!)!)! - real)).toBeLessThan(0.05);
  });
});
