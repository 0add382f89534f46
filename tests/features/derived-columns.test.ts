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
    expect(binLabels([38.5, 42.1, 46.8])).toEqual(['≤ 38.5', '(38.5, 42.1]', '(42.1, 46.8]', '> 46.8']);
    expect(binLabels([1.0001, 1.0002])).toEqual(['≤ 1.0001', '(1.0001, 1.0002]', '> 1.0002']);
    expect(binLabels([0.123456789])).toEqual(['≤ 0.1235', '> 0.1235']);
    expect(binLabels([38.34, 42, 46, 49.38])).toEqual(['≤ 38.34', '(38.34, 42]', '(42, 46]', '(46, 49.38]', '> 49.38']);
    expect(binLabels([Date.UTC(2024, 0, 1)], true)).toEqual(['≤ 2024-01-01', '> 2024-01-01']);
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
});

describe('a derived file’s schema', () => {
  it('counts distinct values and names the step that made each column', async () => {
    const source = await penguins();
    const { pipeline } = fitPipeline(source, STEPS, 0);
    const { output, reasons } = applyExplained(source, pipeline, true);
    const sourceInfo = describeColumns(source, [], 'inferred from the values');
    const info = describeDerived(describeColumns(output), output, reasons, sourceInfo);
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
