/** A step's new column never takes a name the table already has: it gets ingest's next free suffix, recorded in the pipeline. */
import { describe, expect, it } from 'vitest';
import { applyPipeline, checkPipeline, fitPipeline, Pipeline } from '../../core/features/pipeline.js';
import { applyExplained } from '../../core/features/describe.js';
import type { StepSpec } from '../../core/features/transforms.js';
import { headerNames } from '../../core/table/ingest.js';
import { writeCsv } from '../../core/table/csv.js';
import { cellLabel, type Column, type Table } from '../../core/table/model.js';

const DAY = 86_400_000;
const ints = (name: string, xs: number[]): Column => ({ type: 'integer', name, values: Float64Array.from(xs) });
const cats = (name: string, xs: string[]): Column => {
  const categories = [...new Set(xs)];
  return { type: 'categorical', name, categories, codes: Int32Array.from(xs, (x) => categories.indexOf(x)) };
};
/** c, k, t, d and a/b, beside columns named as the steps would name theirs (holding 900+). */
const table: Table = {
  rowCount: 4,
  columns: [
    { type: 'float', name: 'b', values: Float64Array.from([1, NaN, 3, 4]), decimals: 0 },
    ints('b_missing', [901, 902, 903, 904]),
    cats('c', ['x', 'y', 'x', 'y']),
    ints('c=x', [911, 912, 913, 914]),
    ints('c_frequency', [921, 922, 923, 924]),
    ints('k', [1, 2, 3, 4]),
    ints('k_bin', [931, 932, 933, 934]),
    { type: 'text', name: 't', values: ['ab cd', 'e', 'fg', 'h i j'] },
    ints('t_length', [941, 942, 943, 944]),
    { type: 'datetime', name: 'd', values: Float64Array.from([0, 400, 800, 1200], (n) => n * DAY), format: 'YYYY-MM-DD' },
    ints('d_year', [951, 952, 953, 954]),
  ],
};
const names = (t: Table) => t.columns.map((c) => c.name);
const values = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, r) => cellLabel(c, r));
};

describe('a step adding a column whose name the table already has', () => {
  const cases: [StepSpec, string, string][] = [
    [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }, 'b_missing', 'b_missing_2'],
    [{ kind: 'datetime_parts', column: 'd', parts: ['year'] }, 'd_year', 'd_year_2'],
    [{ kind: 'bin', column: 'k', method: 'uniform', bins: 2 }, 'k_bin', 'k_bin_2'],
    [{ kind: 'one_hot', column: 'c', max_levels: 20 }, 'c=x', 'c=x_2'],
    [{ kind: 'text_length', column: 't' }, 't_length', 't_length_2'],
    [{ kind: 'frequency', column: 'c' }, 'c_frequency', 'c_frequency_2'],
  ];

  it.each(cases)('%o gives its column the next free name and keeps the original', (spec, taken, fresh) => {
    const { pipeline, output } = fitPipeline(table, [spec], 0);
    expect(new Set(names(output)).size).toBe(output.columns.length);
    expect(names(output)).toContain(fresh);
    // The column that had the name keeps its values (9xx), not the step's.
    expect(values(output, taken)).toEqual(values(table, taken));
    expect(pipeline.steps[0]!.fitted.names).toContain(fresh);
    // The reason belongs to the renamed column and says why it is named so.
    const { reasons } = applyExplained(table, pipeline, true);
    expect(reasons.get(fresh)).toMatch(new RegExp(`\\(named ${fresh.replace(/[=]/g, '\\$&')}, as a column ${taken} was already there\\)$`));
    expect(reasons.has(taken)).toBe(false);
  });

  it('uses the rule ingest gives a repeated header, so the names match an uploaded file’s', () => {
    const { output } = fitPipeline(table, [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }], 0);
    expect(headerNames([...names(table), 'b_missing'])).toContain('b_missing_2');
    expect(names(output)).toContain('b_missing_2');
  });

  it('twice: a ratio and text lengths of the same columns, each time a new name', () => {
    const ab: Table = { rowCount: 3, columns: [ints('a', [1, 3, 5]), ints('b', [2, 4, 8])] };
    const ratio: StepSpec = { kind: 'ratio', numerator: 'a', denominator: 'b' };
    expect(names(fitPipeline(ab, [ratio, ratio, ratio], 0).output)).toEqual(['a', 'b', 'a/b', 'a/b_2', 'a/b_3']);
    const lengths: StepSpec = { kind: 'text_length', column: 't' };
    const twice = names(fitPipeline(table, [lengths, lengths], 0).output);
    expect(twice.filter((n) => n.startsWith('t_'))).toEqual(['t_length_3', 't_tokens_2', 't_length_2', 't_tokens', 't_length']);
  });

  it('is recorded, so re-applying the saved pipeline gives the same names and bytes, here and on a file without the clash', () => {
    const steps: StepSpec[] = [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }, { kind: 'one_hot', column: 'c', max_levels: 20 }];
    const { pipeline, output } = fitPipeline(table, steps, 0);
    const saved = checkPipeline(Pipeline.parse(JSON.parse(JSON.stringify(pipeline))));
    expect(writeCsv(applyPipeline(table, saved, true))).toBe(writeCsv(output));
    const plain: Table = { rowCount: 2, columns: [{ type: 'float', name: 'b', values: Float64Array.from([NaN, 2]), decimals: 0 }, cats('c', ['y', 'x'])] };
    expect(names(applyPipeline(plain, saved))).toEqual(['b', 'b_missing_2', 'c=x_2', 'c=y']);
  });

  it('changes nothing where there is no clash: the pipeline records no names', () => {
    const plain: Table = { rowCount: 3, columns: [{ type: 'float', name: 'b', values: Float64Array.from([NaN, 2, 4]), decimals: 0 }, cats('c', ['y', 'x', 'x'])] };
    const { pipeline, output } = fitPipeline(plain, [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }, { kind: 'one_hot', column: 'c', max_levels: 20 }], 0);
    expect(names(output)).toEqual(['b', 'b_missing', 'c=x', 'c=y']);
    expect(pipeline.steps.map((s) => s.fitted)).toEqual([{ value: 3 }, { levels: ['x', 'y'] }]);
  });
});
