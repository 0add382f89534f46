import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { applyStep, boxCoxLogLikelihood, fitBoxCox, fitStep, fitYeoJohnson, yeoJohnson } from '../../core/features/transforms.js';
import { applyPipeline, fitPipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { Rng } from '../../core/random.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';
import { dataset } from '../helpers/stack.js';

const t = (values: number[]): Table => ({ rowCount: values.length, columns: [{ type: 'float', name: 'x', values: Float64Array.from(values) }] });
const xs = (table: Table, i = 0) => Array.from((table.columns[i] as NumberColumn).values);

describe('transforms against hand-computed values', () => {
  it('scales: standard (population std), min-max, robust', () => {
    const table = t([1, 2, 3, 4, 5]);
    const std = applyStep(table, { spec: { kind: 'scale', column: 'x', method: 'standard' }, fitted: fitStep(table, { kind: 'scale', column: 'x', method: 'standard' }, 0) }, false);
    expect(xs(std)[0]).toBeCloseTo(-2 / Math.sqrt(2), 12);
    const mm = applyStep(table, { spec: { kind: 'scale', column: 'x', method: 'minmax' }, fitted: fitStep(table, { kind: 'scale', column: 'x', method: 'minmax' }, 0) }, false);
    expect(xs(mm)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('imputes the median and adds an indicator', () => {
    const table = t([1, NaN, 3, 10]);
    const spec = { kind: 'impute', column: 'x', strategy: 'median', indicator: true } as const;
    const out = applyStep(table, { spec, fitted: fitStep(table, spec, 0) }, false);
    expect(xs(out)).toEqual([1, 3, 3, 10]);
    expect(xs(out, 1)).toEqual([0, 1, 0, 0]);
  });

  it('imputes an integer column with its mean or median rounded, so the suggested step applies', () => {
    const ages: Table = { rowCount: 5, columns: [{ type: 'integer', name: 'age', values: Float64Array.from([3, NaN, 4, 4, 4]) }] };
    // Mean 3.75, median 4 of four values … and 3.5 of [3, 4].
    for (const [strategy, filled] of [['mean', 4], ['median', 4]] as const) {
      const spec = { kind: 'impute', column: 'age', strategy, indicator: false } as const;
      expect(xs(applyStep(ages, { spec, fitted: fitStep(ages, spec, 0) }, false))[1]).toBe(filled);
    }
    const two: Table = { rowCount: 3, columns: [{ type: 'integer', name: 'age', values: Float64Array.from([3, NaN, 4]) }] };
    const median = { kind: 'impute', column: 'age', strategy: 'median', indicator: false } as const;
    expect(fitStep(two, median, 0)).toEqual({ value: 4 });
    const suggested = suggest(ages, []).find((s) => s.kind === 'impute')!;
    expect(suggested.rationale).toMatch(/impute with the (mean|median), rounded/);
    expect(xs(applyStep(ages, { spec: suggested.step, fitted: fitStep(ages, suggested.step, 0) }, false))).toEqual([3, 4, 4, 4, 4]);
  });

  it('suggests target encoding only for a target it can encode (a number or two classes), so the step applies', () => {
    const n = 240;
    const brand = { type: 'categorical' as const, name: 'brand', categories: Array.from({ length: 12 }, (_, i) => `b${i}`), codes: Int32Array.from({ length: n }, (_, i) => i % 12) };
    const target = (classes: number) => ({ type: 'categorical' as const, name: 'y', categories: Array.from({ length: classes }, (_, i) => `c${i}`), codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 12) % classes) });
    const kindFor = (classes: number) => suggest({ rowCount: n, columns: [brand, target(classes)] }, [], 'y').find((s) => s.columns[0] === 'brand')?.kind;
    expect(kindFor(3)).toBe('frequency');
    expect(kindFor(2)).toBe('target_encode');
    const binary: Table = { rowCount: n, columns: [brand, target(2)] };
    const step = suggest(binary, [], 'y').find((s) => s.columns[0] === 'brand')!.step;
    expect(() => fitStep(binary, step, 0)).not.toThrow();
  });

  it('power transforms: λ ≈ 0 for log-normal data (Box–Cox), ≈ 1 for normal data (Yeo–Johnson)', () => {
    const rng = Rng.seeded(1);
    const lognormal = Float64Array.from({ length: 4000 }, () => Math.exp(rng.normal()));
    expect(fitBoxCox(lognormal)).toBeCloseTo(0, 1);
    const normal = Float64Array.from({ length: 4000 }, () => rng.normal());
    expect(fitYeoJohnson(normal)).toBeCloseTo(1, 1);
    expect(yeoJohnson(3, 0)).toBeCloseTo(Math.log(4), 12);
    expect(yeoJohnson(-3, 2)).toBeCloseTo(-Math.log(4), 12);
  });

  it('target encoding is out of fold when fitting: a row never sees its own target', () => {
    const n = 10;
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'text', name: 'k', values: Array.from({ length: n }, (_, i) => `u${i}`) },
        { type: 'float', name: 'y', values: Float64Array.from({ length: n }, (_, i) => i) },
      ],
    };
    const spec = { kind: 'target_encode', column: 'k', target: 'y', folds: 5, smoothing: 0 } as const;
    const out = applyStep(table, { spec, fitted: fitStep(table, spec, 0) }, true);
    // Every level is unique, so out of fold it falls back to the global mean of the other folds, never its own y.
    const encoded = xs(out);
    encoded.forEach((v, i) => expect(v).not.toBe(i));
  });
});

describe('pipelines', () => {
  it('re-applying a saved pipeline gives the same bytes', async () => {
    const { table } = await readCsvTable(await readFile(dataset('credit.csv')));
    const { pipeline, output } = fitPipeline(table, [
      { kind: 'impute', column: 'Income', strategy: 'median', indicator: true },
      { kind: 'log1p', column: 'Income' },
      { kind: 'one_hot', column: 'Home', max_levels: 20 },
      { kind: 'scale', column: 'Age', method: 'standard' },
      { kind: 'drop', column: 'Records' },
    ], 0);
    const again = applyPipeline(table, JSON.parse(JSON.stringify(pipeline)));
    expect(writeCsv(again)).toBe(writeCsv(output));
    expect(output.columns.map((c) => c.name)).toContain('Home=owner');
  });
});

describe('suggestions on real tables', () => {
  const load = async (name: string) => readCsvTable(await readFile(dataset(`${name}.csv`)));

  it('drops identifiers and splits dates', async () => {
    const titanic = await load('titanic');
    expect(suggest(titanic.table, titanic.columns, 'survived').find((s) => s.columns[0] === 'name')?.kind).toBe('drop');
    const cars = await load('cars');
    expect(suggest(cars.table, cars.columns).some((s) => s.kind === 'datetime_parts' && s.columns[0] === 'Year')).toBe(true);
  });

  it('finds skewed and incomplete columns, with measured effects', async () => {
    const credit = await load('credit');
    const s = suggest(credit.table, credit.columns, 'Status');
    const income = s.filter((x) => x.columns[0] === 'Income').map((x) => x.kind);
    expect(income).toEqual(expect.arrayContaining(['impute', 'log1p']));
    const log = s.find((x) => x.kind === 'log1p' && x.columns[0] === 'Income')!;
    expect(Math.abs(log.effect!.skew_after!)).toBeLessThan(Math.abs(log.effect!.skew_before!));
    expect(log.rationale).toMatch(/skew/);
  });

  it('one-hot encodes low-cardinality categories, with mutual information against the target', async () => {
    const penguins = await load('penguins');
    const island = suggest(penguins.table, penguins.columns, 'species').find((x) => x.columns[0] === 'island');
    expect(island?.kind).toBe('one_hot');
    expect(island?.effect?.mutual_information_bits).toBeGreaterThan(0.3);
  });
});

describe('suggestions for redundant and heavy-tailed columns', () => {
  it('drops near-constant and duplicated columns, clips columns with many outliers', () => {
    const n = 1000;
    const rng = Rng.seeded(3);
    const x = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? 1000 : rng.normal()));
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'float', name: 'x', values: x },
        { type: 'float', name: 'x_copy', values: Float64Array.from(x) },
        { type: 'categorical', name: 'rare', codes: Int32Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)), categories: ['a', 'b'] },
      ],
    };
    const s = suggest(table, []);
    expect(s.find((x) => x.columns[0] === 'x_copy')?.kind).toBe('drop');
    expect(s.find((x) => x.columns[0] === 'rare')?.kind).toBe('drop');
    expect(s.some((x) => x.kind === 'clip' && x.columns[0] === 'x')).toBe(true);
  });
});

describe('every transform against hand-computed values', () => {
  const table: Table = {
    rowCount: 4,
    columns: [
      { type: 'float', name: 'a', values: Float64Array.from([1, 2, 4, 100]) },
      { type: 'float', name: 'b', values: Float64Array.from([2, 2, 8, 10]) },
      { type: 'categorical', name: 'c', codes: Int32Array.from([0, 1, 1, 1]), categories: ['x', 'y'] },
      { type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 1, 29), NaN]) },
      { type: 'text', name: 't', values: ['one two', 'three', null, 'a b c'] },
    ],
  };
  const run = (spec: Parameters<typeof fitStep>[1]) => applyStep(table, { spec, fitted: fitStep(table, spec, 0) }, false);
  const col = (t: Table, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumberColumn).values);

  it('log1p, Box–Cox at a fitted λ, Yeo–Johnson', () => {
    expect(col(run({ kind: 'log1p', column: 'a' }), 'a')).toEqual([Math.log(2), Math.log(3), Math.log(5), Math.log(101)]);
    const bc = run({ kind: 'box_cox', column: 'b' });
    const lambda = fitBoxCox(Float64Array.from([2, 2, 8, 10]));
    expect(col(bc, 'b')[2]).toBeCloseTo((8 ** lambda - 1) / lambda, 12);
  });

  it('clip to Tukey fences, quantile bins', () => {
    // a: q1 = 1.75, q3 = 28 (linear interpolation) → upper fence 28 + 1.5 · 26.25 = 67.375.
    expect(col(run({ kind: 'clip', column: 'a', method: 'iqr' }), 'a')).toEqual([1, 2, 4, 67.375]);
    // Bins are labelled by their interval now (categories in bin order), not by a bare index 0, 1.
    const bin = run({ kind: 'bin', column: 'a', method: 'uniform', bins: 2 }).columns.find((c) => c.name === 'a_bin') as CategoricalColumn;
    // a is 1, 2, 4, 100: no value lies between 50 and the edge 50.5, so "50" places every one.
    expect(bin.categories).toEqual(['≤ 50', '> 50']);
    expect(Array.from(bin.codes)).toEqual([0, 0, 0, 1]);
  });

  it('one-hot, ordinal and frequency encodings', () => {
    const oh = run({ kind: 'one_hot', column: 'c', max_levels: 20 });
    expect(col(oh, 'c=y')).toEqual([0, 1, 1, 1]);
    expect(col(oh, 'c=x')).toEqual([1, 0, 0, 0]);
    expect(col(run({ kind: 'ordinal', column: 'c' }), 'c')).toEqual([0, 1, 1, 1]);
    expect(col(run({ kind: 'frequency', column: 'c' }), 'c_frequency')).toEqual([0.25, 0.75, 0.75, 0.75]);
  });

  it('datetime parts (ISO weekday, Monday = 0), text length and tokens, ratio and interaction', () => {
    const parts = run({ kind: 'datetime_parts', column: 'd', parts: ['year', 'month', 'day_of_week', 'elapsed_days'] });
    expect(col(parts, 'd_month').slice(0, 3)).toEqual([1, 1, 2]);
    expect(col(parts, 'd_day_of_week').slice(0, 3)).toEqual([0, 1, 3]); // 2024-01-01 was a Monday, 2024-02-29 a Thursday
    expect(col(parts, 'd_elapsed_days').slice(0, 3)).toEqual([0, 1, 59]);
    const text = run({ kind: 'text_length', column: 't' });
    expect(col(text, 't_length').map((v) => (Number.isNaN(v) ? null : v))).toEqual([7, 5, null, 5]);
    expect(col(text, 't_tokens').map((v) => (Number.isNaN(v) ? null : v))).toEqual([2, 1, null, 3]);
    expect(col(run({ kind: 'ratio', numerator: 'a', denominator: 'b' }), 'a/b')).toEqual([0.5, 1, 0.5, 10]);
    expect(col(run({ kind: 'interaction', left: 'a', right: 'b' }), 'a*b')).toEqual([2, 4, 32, 1000]);
  });
});

describe('power-transform λ against the textbook likelihood', () => {
  /** Box & Cox (1964): ℓ(λ) = −(n/2)·ln σ̂²(λ) + (λ − 1)·Σ ln x, maximised on a fine grid, independently of the library's search. */
  const gridBoxCox = (xs: number[]) => {
    let best = { l: 0, ll: -Infinity };
    for (let l = -3; l <= 3; l += 0.0005) {
      const ys = xs.map((x) => (Math.abs(l) < 1e-9 ? Math.log(x) : (x ** l - 1) / l));
      const m = ys.reduce((a, b) => a + b, 0) / ys.length;
      const v = ys.reduce((a, b) => a + (b - m) ** 2, 0) / ys.length;
      const ll = -(xs.length / 2) * Math.log(v) + (l - 1) * xs.reduce((a, b) => a + Math.log(b), 0);
      if (ll > best.ll) best = { l, ll };
    }
    return best.l;
  };

  it('Box–Cox λ matches the grid maximum of the profile likelihood', () => {
    const data = [0.15, 0.3, 0.45, 0.9, 1.2, 2.2, 3.1, 4.5, 7.8, 12.5, 20.1, 33.3];
    expect(fitBoxCox(Float64Array.from(data))).toBeCloseTo(gridBoxCox(data), 2);
  });

  it('Yeo–Johnson λ on Darwin’s plant-height differences is the published 1.305 (Yeo & Johnson 2000, Biometrika)', () => {
    const darwin = [6.1, -8.4, 1.0, 2.0, 0.7, 2.9, 3.5, 5.1, 1.8, 3.6, 7.0, 3.0, 9.3, 7.5, -6.0];
    expect(fitYeoJohnson(Float64Array.from(darwin))).toBeCloseTo(1.305, 3);
  });

  it('Box–Cox log-likelihood equals scipy’s documented value where naive arithmetic loses every digit', () => {
    // scipy issue 6873 (boxcox_llf at λ = −8): −17.93934208579061.
    expect(boxCoxLogLikelihood(Float64Array.from([198, 233, 233, 392]), -8)).toBeCloseTo(-17.93934208579061, 9);
    // At λ = 1 the likelihood is −(n/2)·ln of the population variance (scipy's own closed-form check).
    const xs = Float64Array.from([3, 5, 9, 11, 14]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(boxCoxLogLikelihood(xs, 1)).toBeCloseTo(-(xs.length / 2) * Math.log(v), 12);
  });
});

describe('imputing a column with no values', () => {
  const allMissing: Table = {
    rowCount: 3,
    columns: [
      { type: 'categorical', name: 'b', categories: [], codes: Int32Array.from([-1, -1, -1]) },
      { type: 'float', name: 'x', values: Float64Array.from([NaN, NaN, NaN]) },
    ],
  };

  it('is a 422 naming the column for every strategy that learns its value, indicator or not', () => {
    for (const [column, strategy] of [['b', 'mode'], ['x', 'mode'], ['x', 'mean'], ['x', 'median']] as const) {
      for (const indicator of [false, true]) {
        expect(() => fitStep(allMissing, { kind: 'impute', column, strategy, indicator }, 0)).toThrow(new RegExp(`Column ${column} has no value to impute from: every value is missing`));
      }
    }
  });

  it('leaves the values missing when a recorded pipeline holds no fill value, never the text "null" or 0', () => {
    const spec = { kind: 'impute', column: 'b', strategy: 'mode', indicator: true } as const;
    const out = applyStep(allMissing, { spec, fitted: { value: null } }, false);
    const b = out.columns[0]!;
    expect(b.type === 'categorical' && [b.categories, Array.from(b.codes)]).toEqual([[], [-1, -1, -1]]);
    expect(xs(out, 1)).toEqual([1, 1, 1]);
    const x = applyStep(allMissing, { spec: { ...spec, column: 'x' }, fitted: { value: null } }, false);
    expect(xs(x, 1)).toEqual([NaN, NaN, NaN]);
  });
});
