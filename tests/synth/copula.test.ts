import { describe, expect, it } from 'vitest';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { fitMarginal } from '../../core/synth/marginals.js';
import { pearson, ksComplement } from '../../core/metrics/quality.js';
import { Rng } from '../../core/random.js';
import type { CategoricalColumn, NumberColumn, Table, TextColumn } from '../../core/table/model.js';
import { writeCsv } from '../../core/table/csv.js';

const params = CopulaParams.parse({});

/** n draws of a 3-D normal with the given correlation, through its Cholesky factor. */
function gaussianTable(n: number, rho: [number, number, number], seed: number): Table {
  const [r01, r02, r12] = rho;
  const l10 = r01;
  const l11 = Math.sqrt(1 - l10 ** 2);
  const l20 = r02;
  const l21 = (r12 - l20 * l10) / l11;
  const l22 = Math.sqrt(1 - l20 ** 2 - l21 ** 2);
  const rng = Rng.seeded(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e0 = rng.normal();
    const e1 = rng.normal();
    const e2 = rng.normal();
    a[i] = 10 + 2 * e0;
    b[i] = -5 + 0.5 * (l10 * e0 + l11 * e1);
    c[i] = 100 + 20 * (l20 * e0 + l21 * e1 + l22 * e2);
  }
  return {
    rowCount: n,
    columns: [
      { type: 'float', name: 'a', values: a },
      { type: 'float', name: 'b', values: b },
      { type: 'float', name: 'c', values: c },
    ],
  };
}

const num = (t: Table, i: number) => (t.columns[i] as NumberColumn).values;

describe('Gaussian copula', () => {
  it('recovers the correlation matrix and the marginals of a known Gaussian', async () => {
    const rho: [number, number, number] = [0.8, -0.5, -0.3];
    const real = gaussianTable(4000, rho, 1);
    const synthetic = (await gaussianCopula.fit(real, params, Rng.seeded(2))).sample(4000, Rng.seeded(3));
    expect(pearson(num(synthetic, 0), num(synthetic, 1))).toBeCloseTo(rho[0], 1);
    expect(pearson(num(synthetic, 0), num(synthetic, 2))).toBeCloseTo(rho[1], 1);
    expect(pearson(num(synthetic, 1), num(synthetic, 2))).toBeCloseTo(rho[2], 1);
    for (let i = 0; i < 3; i++) expect(ksComplement(num(real, i), num(synthetic, i))).toBeGreaterThan(0.95);
  });

  it('stratifies unconditioned draws: category counts within a row of the model, dependence as drawn', async () => {
    const rng = Rng.seeded(4);
    const n = 1000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i < 500 ? 0 : i < 800 ? 1 : 2));
    const x = Float64Array.from(codes, (g) => g + rng.normal());
    const real: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'g', categories: ['a', 'b', 'c'], codes },
        { type: 'float', name: 'x', values: x, decimals: 4 },
      ],
    };
    const model = await gaussianCopula.fit(real, CopulaParams.parse({ strata: 'off' }), Rng.seeded(1));
    for (const seed of [1, 2, 3]) {
      const synthetic = model.sample(n, Rng.seeded(seed));
      const counts = [0, 1, 2].map((k) => (synthetic.columns[0] as CategoricalColumn).codes.filter((c) => c === k).length);
      // Multinomial draws would miss by ±15 (one standard deviation) on the 500.
      expect(Math.abs(counts[0]! - 500)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts[1]! - 300)).toBeLessThanOrEqual(1);
      expect(ksComplement(x, num(synthetic, 1))).toBeGreaterThan(0.97);
    }
  });

  it('stratifies draws from 32 rows on: a 40- or 300-row draw matches the model to a row, and keeps the dependence', async () => {
    const rng = Rng.seeded(8);
    const n = 2000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : 0));
    const real: Table = { rowCount: n, columns: [{ type: 'categorical', name: 'g', categories: ['a', 'b'], codes }, { type: 'float', name: 'x', values: Float64Array.from(codes, (g) => g + rng.normal()), decimals: 4 }] };
    const model = await gaussianCopula.fit(real, CopulaParams.parse({ strata: 'off' }), Rng.seeded(1));
    for (const seed of [1, 2, 3, 4, 5]) {
      const counts = (model.sample(300, Rng.seeded(seed)).columns[0] as CategoricalColumn).codes.filter((c) => c === 0).length;
      // Binomial draws would miss 150 by ±9 (one standard deviation).
      expect(Math.abs(counts - 150)).toBeLessThanOrEqual(1);
      // And 20 of 40 by ±3: small tables' samples get the marginals' gain too.
      const few = (model.sample(40, Rng.seeded(seed)).columns[0] as CategoricalColumn).codes.filter((c) => c === 0).length;
      expect(Math.abs(few - 20)).toBeLessThanOrEqual(1);
    }
    const normal = gaussianTable(4000, [0.9, 0, 0], 9);
    const fitted = await gaussianCopula.fit(normal, CopulaParams.parse({ default_distribution: 'norm' }), Rng.seeded(2));
    let mean = 0;
    for (let k = 0; k < 100; k++) {
      const t = fitted.sample(256, Rng.seeded(100 + k));
      mean += pearson(num(t, 0), num(t, 1))! / 100;
    }
    // Re-ranking 256 rows costs about 0.003 of ρ = 0.9.
    expect(mean).toBeGreaterThan(pearson(num(normal, 0), num(normal, 1))! - 0.01);
  });

  it('gives an unconditioned draw the fitted correlation exactly, not within sampling noise', async () => {
    const real = gaussianTable(4000, [0.6, -0.3, 0.2], 11);
    const model = await gaussianCopula.fit(real, CopulaParams.parse({ default_distribution: 'norm' }), Rng.seeded(2));
    const target = [pearson(num(real, 0), num(real, 1))!, pearson(num(real, 0), num(real, 2))!, pearson(num(real, 1), num(real, 2))!];
    let worst = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const t = model.sample(120, Rng.seeded(seed));
      const got = [pearson(num(t, 0), num(t, 1))!, pearson(num(t, 0), num(t, 2))!, pearson(num(t, 1), num(t, 2))!];
      worst = Math.max(worst, ...got.map((r, i) => Math.abs(r - target[i]!)));
    }
    // Independent draws of 120 rows miss each ρ by about ±0.07 (one standard deviation): 0.24 at worst here. What is
    // left is re-ranking onto 120 normal scores.
    expect(worst).toBeLessThan(0.06);
  });

  it('keeps the dependence when sampled a few rows at a time (no re-ranking of small draws)', async () => {
    const real = gaussianTable(4000, [0.8, 0, 0], 7);
    const model = await gaussianCopula.fit(real, CopulaParams.parse({ default_distribution: 'norm' }), Rng.seeded(2));
    const rng = Rng.seeded(3);
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 1000; k++) {
      const t = model.sample(10, rng);
      a.push(...num(t, 0));
      b.push(...num(t, 1));
    }
    expect(pearson(Float64Array.from(a), Float64Array.from(b))).toBeCloseTo(pearson(num(real, 0), num(real, 1))!, 1);
  });

  it('fits textbook families to data drawn from them', async () => {
    const rng = Rng.seeded(5);
    const normal = Float64Array.from({ length: 3000 }, () => 3 + 2 * rng.normal());
    const fit = fitMarginal(normal, 'norm');
    expect(fit.marginal.spec).toMatchObject({ kind: 'norm' });
    if (fit.marginal.spec.kind === 'norm') {
      expect(fit.marginal.spec.mu).toBeCloseTo(3, 1);
      expect(fit.marginal.spec.sigma).toBeCloseTo(2, 1);
    }
    const uniform = Float64Array.from({ length: 3000 }, () => rng.uniform() * 10);
    expect(fitMarginal(uniform, 'uniform').ks).toBeLessThan(0.03);
    // A point mass at zero plus a continuous part: the empirical marginal keeps the spike.
    const spiky = Float64Array.from({ length: 3000 }, (_, i) => (i % 2 ? 0 : rng.uniform() * 5));
    expect(fitMarginal(spiky, 'auto').ks).toBeLessThan(0.02);
  });

  it('keeps types, categories, integers, bounds and the missing rate', async () => {
    const rng = Rng.seeded(7);
    const n = 3000;
    const ints = Float64Array.from({ length: n }, () => (rng.uniform() < 0.2 ? NaN : Math.round(50 + 10 * rng.normal())));
    const codes = Int32Array.from({ length: n }, () => rng.categorical([0.7, 0.25, 0.05]));
    const real: Table = {
      rowCount: n,
      columns: [
        { type: 'integer', name: 'i', values: ints },
        { type: 'categorical', name: 'k', codes, categories: ['common', 'middle', 'rare'] },
      ],
    };
    const syn = (await gaussianCopula.fit(real, params, Rng.seeded(1))).sample(n, Rng.seeded(2));
    const si = (syn.columns[0] as NumberColumn).values;
    const present = Array.from(si).filter((v) => !Number.isNaN(v));
    expect(present.every((v) => Number.isInteger(v))).toBe(true);
    const seen = Array.from(ints).filter((v) => !Number.isNaN(v));
    expect(Math.min(...present)).toBeGreaterThanOrEqual(Math.min(...seen));
    expect(Math.max(...present)).toBeLessThanOrEqual(Math.max(...seen));
    expect(1 - present.length / n).toBeCloseTo(0.2, 1);
    const k = syn.columns[1] as CategoricalColumn;
    expect(k.categories).toEqual(['common', 'middle', 'rare']);
    expect(Array.from(k.codes).filter((c) => c === 2).length / n).toBeCloseTo(0.05, 1);
  });

  it('is deterministic for a seed, and a saved model samples the same bytes', async () => {
    const real = gaussianTable(500, [0.5, 0.2, 0.1], 4);
    const model = await gaussianCopula.fit(real, params, Rng.seeded(11));
    const again = await gaussianCopula.fit(real, params, Rng.seeded(11));
    expect(Buffer.from(model.save()).equals(Buffer.from(again.save()))).toBe(true);
    const a = writeCsv(model.sample(300, Rng.seeded(5)));
    expect(writeCsv(again.sample(300, Rng.seeded(5)))).toBe(a);
    expect(writeCsv((await gaussianCopula.load(model.save())).sample(300, Rng.seeded(5)))).toBe(a);
    expect(writeCsv(model.sample(300, Rng.seeded(6)))).not.toBe(a);
  });

  it('satisfies conditions exactly, rare values included, and keeps the dependence', async () => {
    const rng = Rng.seeded(8);
    const n = 4000;
    const codes = Int32Array.from({ length: n }, () => rng.categorical([0.9, 0.1]));
    const values = Float64Array.from(codes, (c) => (c === 1 ? 100 : 0) + rng.normal());
    const real: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'group', codes, categories: ['usual', 'rare'] },
        { type: 'float', name: 'v', values, decimals: 3 },
      ],
    };
    const model = await gaussianCopula.fit(real, params, Rng.seeded(1));
    const syn = model.sample(500, Rng.seeded(2), { group: 'rare' });
    expect(Array.from((syn.columns[0] as CategoricalColumn).codes).every((c) => c === 1)).toBe(true);
    const mean = (syn.columns[1] as NumberColumn).values.reduce((s, v) => s + v, 0) / 500;
    // Unconditionally the mean is about 10; a Gaussian copula carries the dependence only in part.
    expect(mean).toBeGreaterThan(20);
    const fixed = model.sample(50, Rng.seeded(3), { v: 1.5 });
    expect(Array.from((fixed.columns[1] as NumberColumn).values).every((v) => v === 1.5)).toBe(true);
    expect(() => model.sample(5, Rng.seeded(3), { group: 'unheard of' })).toThrow(/no such value/);
  });

  it('never copies unique text: ids are new and unique', async () => {
    const n = 200;
    const real: Table = { rowCount: n, columns: [{ type: 'id', name: 'key', values: Array.from({ length: n }, (_, i) => `AB-${1000 + i}`) }] };
    const syn = (await gaussianCopula.fit(real, params, Rng.seeded(1))).sample(n, Rng.seeded(2));
    const values = (syn.columns[0] as TextColumn).values as string[];
    expect(new Set(values).size).toBe(n);
    expect(values.every((v) => /^[A-Z]{2}-\d{4}/.test(v))).toBe(true);
  });
  it('carries the association of a binary column in full (latent, not score, correlation)', async () => {
    // x and a latent normal with correlation 0.7; the column shows only whether the latent passes 0.5.
    const rng = Rng.seeded(11);
    const n = 6000;
    const x = new Float64Array(n);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = rng.normal();
      codes[i] = 0.7 * x[i]! + Math.sqrt(1 - 0.49) * rng.normal() > 0.5 ? 1 : 0;
    }
    const real: Table = { rowCount: n, columns: [{ type: 'float', name: 'x', values: x }, { type: 'categorical', name: 'b', codes, categories: ['no', 'yes'] }] };
    const syn = (await gaussianCopula.fit(real, params, Rng.seeded(1))).sample(20_000, Rng.seeded(2));
    const pointBiserial = (t: Table) => pearson(num(t, 0), Float64Array.from((t.columns[1] as CategoricalColumn).codes))!;
    // Pearson of level scores jittered within their intervals understated it (0.22 short here).
    expect(Math.abs(pointBiserial(syn) - pointBiserial(real))).toBeLessThan(0.03);
  });

  it('estimates a correlation over the rows where both values are present', async () => {
    const rng = Rng.seeded(12);
    const n = 6000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.normal();
      b[i] = 0.8 * a[i]! + 0.6 * rng.normal();
      if (rng.uniform() < 0.5) b[i] = NaN;
    }
    const real: Table = { rowCount: n, columns: [{ type: 'float', name: 'a', values: a }, { type: 'float', name: 'b', values: b }] };
    const syn = (await gaussianCopula.fit(real, params, Rng.seeded(1))).sample(20_000, Rng.seeded(2));
    // pearson skips missing rows; half of them filled with the latent's mean would halve it.
    expect(pearson(num(syn, 0), num(syn, 1))).toBeCloseTo(0.8, 1);
  });
  it('keeps the correlation of columns whose marginals end at their extremes (empirical, truncnorm)', async () => {
    const real = gaussianTable(400, [0.9, 0.5, 0.4], 13);
    // The largest a and the smallest b sit in rows where the other column is middling, as a
    // car's top displacement need not have the top horsepower.
    const [a, b] = [num(real, 0), num(real, 1)];
    const mid = (xs: Float64Array) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    b[a.indexOf(Math.max(...a))] = mid(b);
    a[b.indexOf(Math.min(...b))] = mid(a);
    const r = pearson(a, b)!;
    for (const default_distribution of ['empirical', 'truncnorm'] as const) {
      const model = await gaussianCopula.fit(real, CopulaParams.parse({ default_distribution }), Rng.seeded(1));
      const syn = model.sample(20_000, Rng.seeded(2));
      // Scored at Φ⁻¹(1e-10) = −6.4, the lone extremes had pulled this down by 0.1.
      expect(Math.abs(pearson(num(syn, 0), num(syn, 1))! - r)).toBeLessThan(0.04);
    }
  });
});

describe('columns missing together', () => {
  /** Readings a, b, c absent on the same rows (before some year), d absent on rows of its own, and a kind that splits them. */
  function blockMissing(): Table {
    const rng = Rng.seeded(11);
    const n = 400;
    const year = Float64Array.from({ length: n }, (_, i) => 1800 + i);
    const reading = (shift: number) => Float64Array.from(year, (y) => (y < 1950 ? NaN : (y - 1950) / 10 + shift + rng.normal()));
    const d = Float64Array.from(year, (y, i) => (i % 7 === 0 ? NaN : y / 100 + rng.normal()));
    const codes = Int32Array.from({ length: n }, (_, i) => (i < 200 ? 0 : 1));
    return {
      rowCount: n,
      columns: [
        { type: 'integer', name: 'year', values: year },
        { type: 'float', name: 'a', values: reading(0), decimals: 3 },
        { type: 'float', name: 'b', values: reading(1), decimals: 3 },
        { type: 'float', name: 'c', values: reading(2), decimals: 3 },
        { type: 'float', name: 'd', values: d, decimals: 3 },
        { type: 'categorical', name: 'era', categories: ['old', 'new'], codes },
      ],
    };
  }
  const patterns = (t: Table) => {
    const nums = ['a', 'b', 'c'].map((name) => (t.columns.find((c) => c.name === name) as NumberColumn).values);
    return new Set(Array.from({ length: t.rowCount }, (_, r) => nums.map((v) => (Number.isNaN(v[r]!) ? 1 : 0)).join('')));
  };

  it('stay missing together, as one indicator, whatever else is missing', async () => {
    for (const strata of ['off', 'auto'] as const) {
      const model = await gaussianCopula.fit(blockMissing(), CopulaParams.parse({ strata }), Rng.seeded(0));
      expect(patterns(model.sample(2000, Rng.seeded(1)))).toEqual(new Set(['000', '111']));
      const d = (model.sample(2000, Rng.seeded(2)).columns.find((c) => c.name === 'd') as NumberColumn).values;
      expect(d.filter(Number.isNaN).length / 2000).toBeCloseTo(1 / 7, 1);
    }
  });

  it('follow a condition on one of them, and refuse one missing without the others', async () => {
    for (const strata of ['off', 'auto'] as const) {
      const model = await gaussianCopula.fit(blockMissing(), CopulaParams.parse({ strata }), Rng.seeded(0));
      expect(patterns(model.sample(50, Rng.seeded(3), { a: null }))).toEqual(new Set(['111']));
      expect(patterns(model.sample(50, Rng.seeded(3), { b: 12 }))).toEqual(new Set(['000']));
      expect(() => model.sample(5, Rng.seeded(4), { a: null, c: 12 })).toThrow(/missing on the same rows|never|no group/);
    }
  });
});

describe('labels linked to labels', () => {
  it('line up along each other when no number orders them, so one correlation carries the link', async () => {
    // A stance that depends on a party, though not in the parties' frequency order: the first and
    // third most frequent parties mostly agree, the second and fourth mostly disagree.
    const rng = Rng.seeded(21);
    const n = 2000;
    const parties = ['left', 'centre', 'right', 'green'];
    const stances = ['agree', 'disagree', 'unsure', 'refuse'];
    const partyCodes = Int32Array.from({ length: n }, () => [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][Math.floor(rng.uniform() * 10)]!);
    const lean = [0, 1, 0, 1]; // each party's usual stance
    const stanceCodes = Int32Array.from(partyCodes, (p) => (rng.uniform() < 0.8 ? lean[p]! : Math.floor(rng.uniform() * 4)));
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'party', categories: parties, codes: partyCodes },
        { type: 'categorical', name: 'stance', categories: stances, codes: stanceCodes },
      ],
    };
    const { qualityReport } = await import('../../core/metrics/quality.js');
    const model = await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(0));
    const pairs = qualityReport(table, model.sample(n, Rng.seeded(1)), { pairAggregate: 'all' }).column_pair_trends.score;
    expect(pairs).toBeGreaterThan(0.8); // 0.63 in frequency order
  });
});

describe('the values\' Pearson r, as a quality report measures it', () => {
  // A correlation made by a cluster of outliers (statsmodels' hbk): nine rows in ten independent,
  // one in ten far out on both. Normal scores see mostly the independent bulk (r ≈ 0.3); the values' r is ~0.9.
  const rng = Rng.seeded(12);
  const n = 3000;
  const far = Array.from({ length: n }, () => rng.uniform() < 0.1);
  const column = (name: string): NumberColumn => ({ type: 'float', name, decimals: 3, values: Float64Array.from(far, (f) => Number(((f ? 10 : 0) + rng.normal()).toFixed(3))) });
  const table: Table = { rowCount: n, columns: [column('x'), column('y')] };
  const r = (t: Table) => pearson((t.columns[0] as NumberColumn).values, (t.columns[1] as NumberColumn).values)!;

  it('is kept for two numeric columns whose dependence is no Gaussian copula', async () => {
    const model = await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(0));
    const synthetic = model.sample(n, Rng.seeded(1));
    expect(r(table)).toBeGreaterThan(0.85);
    expect(Math.abs(r(synthetic) - r(table))).toBeLessThan(0.05);
  });

  it('is not set by one far-out row: the others stay independent', async () => {
    // 2 000 independent pairs and one row at (50, 50): r = 0.54, carried by that row alone.
    const values = () => Float64Array.from({ length: 2000 }, (_, i) => (i === 0 ? 50 : Number(rng.normal().toFixed(3))));
    const lone: Table = { rowCount: 2000, columns: [{ type: 'float', name: 'x', decimals: 3, values: values() }, { type: 'float', name: 'y', decimals: 3, values: values() }] };
    expect(r(lone)).toBeGreaterThan(0.5);
    const synthetic = (await gaussianCopula.fit(lone, CopulaParams.parse({}), Rng.seeded(0))).sample(2000, Rng.seeded(1));
    expect(Math.abs(r(synthetic))).toBeLessThan(0.1);
  });
});

describe('levels of a number ordered along another column', () => {
  // Weekly readings: a week (12 levels, discrete) and a weight rising with it; a feed tracks the week
  // more closely but was recorded from week 2 on. Ordering the weeks along the feed had placed week 1,
  // which the feed never sees, in the middle.
  const rng = Rng.seeded(13);
  const n = 1200;
  const week = Float64Array.from({ length: n }, (_, i) => 1 + (i % 12));
  const weight = Float64Array.from(week, (w) => Number((15 + 8 * w + 6 * rng.normal()).toFixed(1)));
  const feed = Float64Array.from(week, (w) => (w === 1 ? NaN : Number((10 * w + rng.normal()).toFixed(1))));
  const table: Table = {
    rowCount: n,
    columns: [
      { type: 'integer', name: 'week', values: week },
      { type: 'float', name: 'weight', decimals: 1, values: weight },
      { type: 'float', name: 'feed', decimals: 1, values: feed },
    ],
  };

  it('never lets a column missing on all of a level place it', async () => {
    const synthetic = (await gaussianCopula.fit(table, CopulaParams.parse({ strata: 'off' }), Rng.seeded(0))).sample(n, Rng.seeded(1));
    const r = (t: Table) => pearson((t.columns[0] as NumberColumn).values, (t.columns[1] as NumberColumn).values)!;
    expect(r(table)).toBeGreaterThan(0.95);
    expect(r(synthetic)).toBeGreaterThan(0.9);
  });
});

describe('labels ordered along a number only past chance', () => {
  // 70 rows (a mixture group's size): an anxiety level set by an emotion score (10 values, modelled
  // by its levels) and an income unrelated to both. By chance alone 4 levels over 70 rows reach
  // η² ≈ 0.04 on income; ordered along it, the levels lost the score that sets them.
  const levels = ['very', 'somewhat', 'a little', 'not at all'];
  const tableOf = (seed: number): Table => {
    const rng = Rng.seeded(seed);
    const emo = Float64Array.from({ length: 70 }, () => rng.int(3, 12));
    const anx = Int32Array.from(emo, (e) => Math.min(3, Math.max(0, Math.floor((e - 3) / 2.5 + rng.normal() * 0.4))));
    return {
      rowCount: 70,
      columns: [
        { type: 'categorical', name: 'anx', categories: levels, codes: anx },
        { type: 'integer', name: 'emo', values: emo },
        { type: 'float', name: 'income', decimals: 1, values: Float64Array.from({ length: 70 }, () => Number((30 + 10 * rng.normal()).toFixed(1))) },
      ],
    };
  };

  it('keeps the labels following the score that sets them', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const synthetic = (await gaussianCopula.fit(tableOf(seed), CopulaParams.parse({ strata: 'off' }), Rng.seeded(0))).sample(2000, Rng.seeded(1));
      const anx = Float64Array.from((synthetic.columns[0] as CategoricalColumn).codes);
      expect(pearson(anx, (synthetic.columns[1] as NumberColumn).values)!, `seed ${seed}`).toBeGreaterThan(0.6);
    }
  });
});
