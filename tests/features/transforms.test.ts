import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { applyStep, fitBoxCox, fitStep, fitYeoJohnson, yeoJohnson } from '../../core/features/transforms.js';
import { applyPipeline, fitPipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { Rng } from '../../core/random.js';
import type { NumberColumn, Table } from '../../core/table/model.js';
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
