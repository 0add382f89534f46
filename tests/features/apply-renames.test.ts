/**
 * A pipeline applied to another file whose columns clash with those it makes: its column is
 * renamed (`b_missing_2`), and its later steps read that one, not the file's own `b_missing`.
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, checkPipeline, fitPipeline, Pipeline } from '../../core/features/pipeline.js';
import { applyExplained } from '../../core/features/describe.js';
import type { StepSpec } from '../../core/features/transforms.js';
import { writeCsv } from '../../core/table/csv.js';
import { cellLabel, type Column, type Table } from '../../core/table/model.js';

const ints = (name: string, xs: number[]): Column => ({ type: 'integer', name, values: Float64Array.from(xs) });
const b = (xs: number[]): Column => ({ type: 'float', name: 'b', values: Float64Array.from(xs), decimals: 0 });
const values = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  return c && Array.from({ length: t.rowCount }, (_, r) => cellLabel(c, r));
};
const names = (t: Table) => t.columns.map((c) => c.name);
const saved = (p: Pipeline) => checkPipeline(Pipeline.parse(JSON.parse(JSON.stringify(p))));

/** Fitted on a file with no `b_missing`: impute b with an indicator, then read the indicator. */
const A: Table = { rowCount: 3, columns: [b([1, NaN, 3])] };
const B: Table = { rowCount: 3, columns: [b([1, NaN, 3]), ints('b_missing', [900, 901, 902])] };
const impute: StepSpec = { kind: 'impute', column: 'b', strategy: 'mean', indicator: true };

describe('a pipeline applied to a file that has a column of a name it makes', () => {
  it('later steps read the column the pipeline made, under its new name, not the file’s own', () => {
    const { pipeline } = fitPipeline(A, [impute, { kind: 'interaction', left: 'b_missing', right: 'b' }], 0);
    const out = applyPipeline(B, saved(pipeline));
    expect(names(out)).toEqual(['b', 'b_missing_2', 'b_missing', 'b_missing*b']);
    expect(values(out, 'b_missing_2')).toEqual(['0', '1', '0']);
    expect(values(out, 'b_missing')).toEqual(['900', '901', '902']);
    // 1 × 2 where b was missing (filled with its mean, 2); not 901 × 2.
    expect(values(out, 'b_missing*b')).toEqual(['0', '2', '0']);
  });

  it('in-place steps and drops reach the pipeline’s column too; the file’s own is left as it was', () => {
    const steps: StepSpec[] = [impute, { kind: 'scale', column: 'b_missing', method: 'minmax' }, { kind: 'ratio', numerator: 'b', denominator: 'b_missing' }, { kind: 'drop', column: 'b_missing' }];
    const { pipeline } = fitPipeline(A, steps, 0);
    const out = applyPipeline(B, saved(pipeline));
    expect(names(out)).toEqual(['b', 'b_missing', 'b/b_missing']);
    expect(values(out, 'b_missing')).toEqual(['900', '901', '902']);
    expect(values(out, 'b/b_missing')).toEqual([null, '2', null]);
  });

  it('the reasons name the columns read and the clash', () => {
    const { pipeline } = fitPipeline(A, [impute, { kind: 'interaction', left: 'b_missing', right: 'b' }], 0);
    const { reasons } = applyExplained(B, saved(pipeline));
    expect(reasons.get('b_missing_2')).toBe('1 where b was missing, else 0 (named b_missing_2, as a column b_missing was already there)');
    expect(reasons.get('b_missing*b')).toBe('product of b_missing_2 and b');
    expect(reasons.has('b_missing')).toBe(false);
  });

  it('changes nothing where nothing clashes: the same bytes as fitting wrote', () => {
    const steps: StepSpec[] = [impute, { kind: 'interaction', left: 'b_missing', right: 'b' }, { kind: 'one_hot', column: 'b_missing', max_levels: 20 }];
    const { pipeline, output } = fitPipeline(A, steps, 0);
    expect(writeCsv(applyPipeline(A, saved(pipeline)))).toBe(writeCsv(output));
    // Fitted where it clashed (recorded `b_missing_2`): there `b_missing` is the file's own, read as such again.
    const clashed = fitPipeline(B, steps, 0);
    expect(clashed.pipeline.input_columns).toEqual(['b', 'b_missing']);
    expect(writeCsv(applyPipeline(B, saved(clashed.pipeline), true))).toBe(writeCsv(clashed.output));
  });
});

describe('the names a supplied pipeline records', () => {
  const supplied = (step: Pipeline['steps'][number]) => Pipeline.parse({ format: 'tabmimic.features.v1', input_columns: ['b'], steps: [step] });

  it('must not be empty, nor be given for a step that adds no columns', () => {
    const empty = supplied({ spec: impute, fitted: { value: 2, names: [''] } });
    expect(problemOf(() => checkPipeline(empty)).detail).toBe('Pipeline step 0 (impute): fitted.names.0: must not be empty.');
    const none = supplied({ spec: { kind: 'scale', column: 'b', method: 'standard' }, fitted: { center: 0, scale: 1, names: [] } });
    expect(problemOf(() => checkPipeline(none))).toMatchObject({ status: 422, detail: 'Pipeline step 0 (scale): fitted.names: must be left out: the step adds no columns.' });
  });

  it('a recorded name that clashes is named in the reason, not the step’s default', () => {
    const named = checkPipeline(supplied({ spec: impute, fitted: { value: 2, names: ['b'] } }));
    const { reasons } = applyExplained(A, named);
    expect(reasons.get('b_2')).toBe('1 where b was missing, else 0 (named b_2, as a column b was already there)');
  });
});
