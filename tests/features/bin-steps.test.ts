/**
 * Bin steps since bins were labelled: a pipeline stored before (no labels recorded) still gives the
 * bin index its later steps read as numbers; a new pipeline records its labels, unless a later step
 * needs numbers from the bin column; a column with no value to bin or clip is a 422, not NaN edges.
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, checkPipeline, fitPipeline, Pipeline } from '../../core/features/pipeline.js';
import { checkFitted, fitStep } from '../../core/features/transforms.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';

const table = (xs: number[]): Table => ({ rowCount: xs.length, columns: [{ type: 'float', name: 'x', values: Float64Array.from(xs) }] });
const column = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;

describe('a bin step', () => {
  it('stored before labels (no labels recorded) still gives the bin index a later step scales', () => {
    // Review: this stored pipeline failed with 422 "Column x_bin is categorical; this step needs numbers".
    const stored = Pipeline.parse({
      format: 'tabmimic.features.v1',
      input_columns: ['x'],
      steps: [
        { spec: { kind: 'bin', column: 'x', method: 'quantile', bins: 3 }, fitted: { edges: [1, 2] } },
        { spec: { kind: 'scale', column: 'x_bin', method: 'minmax' }, fitted: { min: 0, max: 2 } },
      ],
    });
    const out = applyPipeline(table([0.5, 1.5, 2.5, NaN]), checkPipeline(stored));
    const bin = column(out, 'x_bin') as NumberColumn;
    expect(bin.type).toBe('float');
    expect(Array.from(bin.values)).toEqual([0, 0.5, 1, NaN]);
    // Without the scale step, the same stored bin is the integer index it always was.
    const alone = applyPipeline(table([0.5, 1.5, 2.5]), checkPipeline({ ...stored, steps: stored.steps.slice(0, 1) }));
    expect(column(alone, 'x_bin')).toMatchObject({ type: 'integer', values: Float64Array.from([0, 1, 2]) });
  });

  it('newly fitted records its labels, and applies them to another file unchanged', () => {
    // Edge 25.5; no value lies in (25.5, 26], so "26" places every one of them.
    const { pipeline, output } = fitPipeline(table([10, 20, 30, 41]), [{ kind: 'bin', column: 'x', method: 'uniform', bins: 2 }], 0);
    expect(pipeline.steps[0]!.fitted).toEqual({ edges: [25.5], labels: ['≤ 26', '> 26'] });
    expect((column(output, 'x_bin') as CategoricalColumn).categories).toEqual(['≤ 26', '> 26']);
    // Another file gets the recorded categories, not ones spelled against its own values.
    const other = applyPipeline(table([5, 27]), checkPipeline(JSON.parse(JSON.stringify(pipeline)) as Pipeline));
    const bin = column(other, 'x_bin') as CategoricalColumn;
    expect(bin.categories).toEqual(['≤ 26', '> 26']);
    expect(Array.from(bin.codes)).toEqual([0, 1]);
  });

  it('newly fitted is left unlabelled when a later step needs numbers from it', () => {
    const { pipeline, output } = fitPipeline(table([0.5, 1.5, 2.5]), [{ kind: 'bin', column: 'x', method: 'quantile', bins: 3 }, { kind: 'scale', column: 'x_bin', method: 'minmax' }], 0);
    expect(pipeline.steps[0]!.fitted).not.toHaveProperty('labels');
    expect(Array.from((column(output, 'x_bin') as NumberColumn).values)).toEqual([0, 0.5, 1]);
    // A later step that reads it as a category (one-hot) keeps the labels.
    const onehot = fitPipeline(table([0.5, 1.5, 2.5]), [{ kind: 'bin', column: 'x', method: 'quantile', bins: 3 }, { kind: 'one_hot', column: 'x_bin', max_levels: 20 }], 0);
    expect(onehot.pipeline.steps[0]!.fitted).toHaveProperty('labels');
  });

  it('brought with labels that do not match its edges is a 422 naming the step', () => {
    const step = { spec: { kind: 'bin' as const, column: 'x', method: 'quantile' as const, bins: 3 }, fitted: { edges: [1, 2], labels: ['≤ 1', '> 1'] } };
    const p = problemOf(() => checkFitted(step, 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/Pipeline step 0 \(bin\): fitted\.labels: must have one label per bin/);
  });
});

describe('binning or clipping a column with no values', () => {
  const allMissing = table([NaN, NaN, NaN]);

  it('is a 422 like imputing it, not NaN edges that no pipeline can re-apply', () => {
    // Review: fitted {edges: [NaN, NaN]} (serialised null), labels "≤ NaN", and re-applying failed checkFitted.
    for (const method of ['quantile', 'uniform'] as const) {
      const p = problemOf(() => fitStep(allMissing, { kind: 'bin', column: 'x', method, bins: 3 }, 0));
      expect(p.status).toBe(422);
      expect(p.detail).toMatch(/^Column x has no value to bin by: every value is missing/);
    }
    const p = problemOf(() => fitPipeline(allMissing, [{ kind: 'clip', column: 'x', method: 'iqr' }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/^Column x has no value to clip by: every value is missing.*Impute it with a constant first, or drop it\.$/);
  });

  it('is a 422 for power transforms and scaling too, which had fitted a made-up λ or the defaults', () => {
    for (const spec of [
      { kind: 'box_cox', column: 'x' },
      { kind: 'yeo_johnson', column: 'x' },
      { kind: 'scale', column: 'x', method: 'standard' },
      { kind: 'scale', column: 'x', method: 'minmax' },
    ] as const) {
      const p = problemOf(() => fitStep(allMissing, spec, 0));
      expect(p.status, spec.kind).toBe(422);
      expect(p.detail).toMatch(/^Column x has no value to (transform|scale) by: every value is missing/);
    }
  });
});
