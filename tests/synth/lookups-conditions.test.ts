/** Conditions on columns the copula looks up from their determinant: zero rows, numbers in mixtures, impossible combinations. */
import { describe, expect, it } from 'vitest';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { Rng } from '../../core/random.js';
import { columnLabels, getColumn, type Column, type Table } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const categorical = (name: string, labels: readonly string[]) => {
  const categories = [...new Set(labels)];
  return { type: 'categorical' as const, name, categories, codes: Int32Array.from(labels, (l) => categories.indexOf(l)) };
};

/** Six countries of 100 rows, a zone (low: K0–K2, high: K3–K5) each country determines, two numbers rising with the country. */
function zones(): Table {
  const n = 600;
  const rng = Rng.seeded(1);
  const k = (i: number) => i % 6;
  const x: Column = { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => k(i) + rng.uniform()), decimals: 3 };
  const y: Column = { type: 'float', name: 'y', values: Float64Array.from({ length: n }, (_, i) => 2 * k(i) + rng.uniform()), decimals: 3 };
  return {
    rowCount: n,
    columns: [categorical('country', Array.from({ length: n }, (_, i) => `K${k(i)}`)), categorical('zone', Array.from({ length: n }, (_, i) => (k(i) < 3 ? 'low' : 'high'))), x, y],
  };
}

describe('conditions on looked-up columns', () => {
  it('samples zero rows under a condition on a looked-up column that leaves several determinant levels open', async () => {
    const model = await gaussianCopula.fit(zones(), CopulaParams.parse({}), Rng.seeded(0));
    expect(model.lookups?.()).toEqual([{ column: 'zone', from: 'country' }]);
    expect(model.sample(0, Rng.seeded(1)).rowCount).toBe(0);
    expect(model.sample(0, Rng.seeded(1), { zone: 'low' }).rowCount).toBe(0);
  });

  it('meets a satisfiable condition on a looked-up column plus a number inside a mixture, as with lookups off', async () => {
    const t = zones();
    for (const lookups of ['off', 'auto'] as const) {
      const model = await gaussianCopula.fit(t, CopulaParams.parse({ lookups }), Rng.seeded(0));
      expect(model.groups?.()?.column).toBe('country');
      // x = 2.02 is held by K2 alone (its x lies in [2, 3)), in the low zone: only K2 may draw it.
      const s = model.sample(200, Rng.seeded(1), { zone: 'low', x: 2.02 });
      expect(new Set(columnLabels(getColumn(s, 'country')!))).toEqual(new Set(['K2']));
    }
  });

  it('refuses too many open combinations by counting them, before building any', async () => {
    // Three independent 1 000-level determinants, each determining a dummy: "no" on all three leaves
    // 990³ ≈ 10⁹ combinations, which built one by one would run out of memory before the 422.
    const n = 3000;
    const codes = (shift: number) => Array.from({ length: n }, (_, i) => (i * (2 * shift + 1) + Math.floor(i / 1000) * shift) % 1000);
    const [a, b, c] = [codes(0), codes(3), codes(5)];
    const dummy = (name: string, v: number[]) => categorical(name, v.map((x) => (x < 10 ? 'yes' : 'no')));
    const t: Table = { rowCount: n, columns: [categorical('a', a.map((v) => `a${v}`)), categorical('b', b.map((v) => `b${v}`)), categorical('c', c.map((v) => `c${v}`)), dummy('da', a), dummy('db', b), dummy('dc', c)] };
    const model = await gaussianCopula.fit(t, CopulaParams.parse({}), Rng.seeded(0));
    expect(model.lookups?.().map((l) => l.column)).toEqual(['da', 'db', 'dc']);
    expect(() => model.sample(10, Rng.seeded(1), { da: 'no', db: 'no', dc: 'no' })).toThrow(/leave \d+ combinations of a, b, c open/);
  });

  it('reports an impossible other condition as such, not as an open determinant the caller never named', async () => {
    const t = zones();
    const flips = Rng.seeded(9);
    const coin = categorical('coin', Array.from({ length: t.rowCount }, () => (flips.uniform() < 0.5 ? 'heads' : 'tails')));
    const model = await gaussianCopula.fit({ ...t, columns: [...t.columns, coin] }, CopulaParams.parse({ strata: 'off' }), Rng.seeded(0));
    expect(model.lookups?.()).toContainEqual({ column: 'zone', from: 'country' });
    expect(() => model.sample(5, Rng.seeded(1), { coin: 'edge' })).toThrow('the data has no such value');
    expect(() => model.sample(5, Rng.seeded(1), { zone: 'low', coin: 'edge' })).toThrow('the data has no such value');
  });

  it('keeps the shared-missing 422 ("missing on the same rows") when a looked-up condition leaves levels open', async () => {
    const t = zones();
    const gap = (c: Column): Column => (c.type === 'float' ? { ...c, values: Float64Array.from(c.values, (v, i) => (i % 7 === 0 ? NaN : v)) } : c);
    const holed: Table = { ...t, columns: t.columns.map((c) => (c.name === 'x' || c.name === 'y' ? gap(c) : c)) };
    const model = await gaussianCopula.fit(holed, CopulaParams.parse({ strata: 'off' }), Rng.seeded(0));
    expect(() => model.sample(5, Rng.seeded(1), { x: null, y: 3 })).toThrow('missing on the same rows');
    expect(() => model.sample(5, Rng.seeded(1), { zone: 'low', x: null, y: 3 })).toThrow('missing on the same rows');
  });
});
