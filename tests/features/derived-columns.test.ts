/** A derived file explains itself: labelled bins, derived numbers written at a sensible precision, a reason per column, no zero warning on a flag. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { binLabels, derivedDecimals } from '../../core/features/transforms.js';
import { fitPipeline } from '../../core/features/pipeline.js';
import { applyExplained, describeDerived } from '../../core/features/describe.js';
import { describeColumns } from '../../core/files/service.js';
import { summary } from '../../core/eda/summary.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import type { CategoricalColumn, Table } from '../../core/table/model.js';
import { dataset } from '../helpers/stack.js';

const penguins = async () => (await readCsvTable(await readFile(dataset('penguins.csv')))).table;
const STEPS = [
  { kind: 'impute', column: 'sex', strategy: 'mode', indicator: false },
  { kind: 'one_hot', column: 'island', max_levels: 20 },
  { kind: 'ratio', numerator: 'flipper_length_mm', denominator: 'body_mass_g' },
  { kind: 'bin', column: 'bill_length_mm', method: 'quantile', bins: 5 },
] as const;

describe('bin labels', () => {
  it('name each interval, right-closed, with the fewest digits that keep edges apart', () => {
    const data = (...xs: number[]) => Float64Array.from(xs).sort();
    expect(binLabels([38.5, 42.1, 46.8], data(38.4, 38.5, 38.6, 42, 42.1, 42.2, 46.7, 46.8, 46.9))).toEqual(['≤ 38.5', '(38.5, 42.1]', '(42.1, 46.8]', '> 46.8']);
    expect(binLabels([1.0001, 1.0002], data(1, 1.0001, 1.0002, 1.0003))).toEqual(['≤ 1.0001', '(1.0001, 1.0002]', '> 1.0002']);
    // No value lies between 0.12 and 0.123456789, so two digits say where every value falls.
    expect(binLabels([0.123456789], data(0.1, 0.11, 0.2))).toEqual(['≤ 0.12', '> 0.12']);
    expect(binLabels([38.34, 42, 46, 49.38], data(38.3, 38.4, 41.9, 42.1, 45.9, 46.1, 49.3, 49.4))).toEqual(['≤ 38.34', '(38.34, 42]', '(42, 46]', '(46, 49.38]', '> 49.38']);
    expect(binLabels([Date.UTC(2024, 0, 1)], data(Date.UTC(2023, 11, 31), Date.UTC(2024, 0, 2)), true)).toEqual(['≤ 2024-01-01', '> 2024-01-01']);
  });

  it('never put a value on the wrong side of a rounded edge, however large the numbers', () => {
    // Review: 1234.50…1234.66 in two quantile bins cut at 1234.58 was labelled "≤ 1235" / "> 1235",
    // with 1234.60 in "> 1235".
    const big = Array.from({ length: 9 }, (_, i) => 1234.5 + i * 0.02);
    const t: Table = { rowCount: 9, columns: [{ type: 'float', name: 'x', values: Float64Array.from(big), decimals: 2 }] };
    const { output } = fitPipeline(t, [{ kind: 'bin', column: 'x', method: 'quantile', bins: 2 }], 0);
    const bin = output.columns.find((c) => c.name === 'x_bin') as CategoricalColumn;
    expect(bin.categories).toEqual(['≤ 1234.58', '> 1234.58']);
    expect(bin.categories[bin.codes[5]!]).toBe('> 1234.58'); // 1234.60
    // Half-way edges between integers keep their .5 rather than rounding onto a value.
    const ints = Float64Array.from({ length: 6 }, (_, i) => 123455 + i);
    expect(binLabels([123456.5, 123457.5], ints)).toEqual(['≤ 123456.5', '(123456.5, 123457.5]', '> 123457.5']);
    // A date edge at noon between values on that day is written as a time.
    const noon = Date.UTC(2024, 0, 1, 12);
    expect(binLabels([noon], Float64Array.from([Date.UTC(2024, 0, 1, 6), Date.UTC(2024, 0, 1, 18)]), true)).toEqual(['≤ 2024-01-01T12:00:00Z', '> 2024-01-01T12:00:00Z']);
  });

  it('replace bill_length_mm by a categorical column of readable ranges', async () => {
    const { output } = fitPipeline(await penguins(), STEPS, 0);
    const bin = output.columns.find((c) => c.name === 'bill_length_mm_bin') as CategoricalColumn;
    expect(bin.type).toBe('categorical');
    expect(bin.categories).toHaveLength(5);
    expect(bin.categories[0]).toMatch(/^≤ \d+(\.\d+)?$/);
    expect(bin.categories[1]).toMatch(/^\(\d+(\.\d+)?, \d+(\.\d+)?\]$/);
    expect(writeCsv(output)).not.toMatch(/,[0-4]\n/);
  });
});

describe('derived numbers', () => {
  it('are written with about 6 significant digits, not 17', async () => {
    const { output } = fitPipeline(await penguins(), STEPS, 0);
    const csv = writeCsv(output);
    expect(csv).not.toMatch(/0\.0482666666/);
    expect(csv).toMatch(/,0\.0482667(,|\n)/);
    expect(derivedDecimals(Float64Array.from([5000.123456, 4000]))).toBe(2);
    expect(derivedDecimals(Float64Array.from([NaN, 0]))).toBeUndefined();
  });

  it('never write a small nonzero value as 0 among large ones', () => {
    // Review: decimals came from the median magnitude (2 here), so 0.004 was written 0.
    const t: Table = { rowCount: 5, columns: [{ type: 'float', name: 'a', values: Float64Array.from([5000, 6000, 7000, 0.004, 0.3]) }, { type: 'float', name: 'b', values: Float64Array.from([1, 1, 1, 1, 1]) }] };
    const { output } = fitPipeline(t, [{ kind: 'ratio', numerator: 'a', denominator: 'b' }], 0);
    expect(writeCsv(output).split('\n').slice(1, 6).map((l) => l.split(',')[2])).toEqual(['5000', '6000', '7000', '0.004', '0.3']);
    expect(derivedDecimals(Float64Array.from([5000, 1 / 3]))).toBe(6);
    // Beyond 12 decimals the column is written unrounded rather than as zeros.
    expect(derivedDecimals(Float64Array.from([1, 1e-12]))).toBeUndefined();
  });
});

describe('a derived file’s schema', () => {
  it('counts distinct values and names the step that made each column', async () => {
    const source = await penguins();
    const { pipeline } = fitPipeline(source, STEPS, 0);
    const { output, reasons } = applyExplained(source, pipeline, true);
    const sourceInfo = describeColumns(source, [], 'inferred from the values');
    const info = describeDerived(describeColumns(output), reasons, sourceInfo);
    const of = (name: string) => info.find((c) => c.name === name)!;
    expect(of('flipper_length_mm/body_mass_g').reason).toBe('ratio of flipper_length_mm to body_mass_g');
    expect(of('island=Biscoe').reason).toBe('1 where island is Biscoe, else 0 (one-hot encoding of island)');
    expect(of('island=Biscoe').distinct).toBe(2);
    expect(of('bill_length_mm_bin').reason).toBe('bill_length_mm cut into 5 equal-count bins');
    expect(of('bill_length_mm_bin').distinct).toBe(5);
    expect(of('sex').reason).toMatch(/^sex with missing values filled by its mode \((male|female)\)$/);
    expect(of('species').reason).toBe('inferred from the values');
    expect(of('species').distinct).toBe(3);
    expect(info.every((c) => c.reason !== 'produced by the feature pipeline')).toBe(true);
  });

  it('chains the steps that rewrote one column', () => {
    const t: Table = { rowCount: 4, columns: [{ type: 'float', name: 'x', values: Float64Array.from([1, NaN, 3, 8]) }] };
    const { pipeline } = fitPipeline(t, [{ kind: 'impute', column: 'x', strategy: 'median', indicator: false }, { kind: 'log1p', column: 'x' }], 0);
    expect(applyExplained(t, pipeline).reasons.get('x')).toBe('x with missing values filled by its median (3); then log(1 + x)');
  });
});

describe('the overview of a one-hot file', () => {
  it('does not warn that a 0/1 flag is mostly zero, but still warns for a numeric column', async () => {
    const { output } = fitPipeline(await penguins(), STEPS, 0);
    const messages = summary(output).warnings.map((w) => w.message);
    expect(messages.filter((m) => /island=.* is zero in/.test(m))).toEqual([]);
    const zeros: Table = { rowCount: 5, columns: [{ type: 'integer', name: 'flag', values: Float64Array.from([0, 0, 0, 1, 0]) }, { type: 'integer', name: 'w', values: Float64Array.from([0, 0, 0, 3, 7]) }] };
    const said = summary(zeros).warnings.map((w) => w.message);
    expect(said).toContain('w is zero in 60 % of rows.');
    expect(said.filter((m) => m.startsWith('flag is zero'))).toEqual([]);
  });
});
