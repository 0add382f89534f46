/** A fitted pipeline brought by a user is held to what fitting records, and a dropped column is named as dropped. */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, checkPipeline, fitPipeline, Pipeline } from '../../core/features/pipeline.js';
import { ApplyRequest } from '../../core/features/service.js';
import type { FittedStep } from '../../core/features/transforms.js';
import type { Table } from '../../core/table/model.js';

const table: Table = {
  rowCount: 3,
  columns: [
    { type: 'categorical', name: 'c', categories: ['x', 'y'], codes: Int32Array.from([0, 1, 0]) },
    { type: 'integer', name: 'v', values: Float64Array.from([1, 2, 3]) },
  ],
};
const pipeline = (...steps: FittedStep[]) => ({ format: 'tabmimic.features.v1' as const, input_columns: ['c', 'v'], steps });
const oneHot = (levels: string[], max_levels = 20): FittedStep => ({ spec: { kind: 'one_hot', column: 'c', max_levels }, fitted: { levels } });

describe('a supplied pipeline', () => {
  it('with a one-hot level twice is a 422, not two columns of one name', () => {
    const p = problemOf(() => checkPipeline(pipeline(oneHot(['x', 'x', 'y']))));
    expect(p.status).toBe(422);
    expect(p.detail).toBe('Pipeline step 0 (one_hot): fitted.levels: must not repeat a level.');
    expect(problemOf(() => checkPipeline(pipeline({ spec: { kind: 'ordinal', column: 'c' }, fitted: { levels: ['x', 'x'] } }))).detail).toMatch(/must not repeat a level/);
  });

  it('with more one-hot levels than its max_levels is a 422', () => {
    const p = problemOf(() => checkPipeline(pipeline(oneHot(Array.from({ length: 300 }, (_, i) => `L${i}`), 2))));
    expect(p.detail).toBe('Pipeline step 0 (one_hot): fitted.levels: must have at most max_levels (2) levels.');
  });

  it('with recorded names that are not one per added column, or repeat, is a 422', () => {
    const named = (names: string[]): FittedStep => ({ ...oneHot(['x', 'y']), fitted: { levels: ['x', 'y'], names } });
    expect(problemOf(() => checkPipeline(pipeline(named(['c=x_2'])))).detail).toBe('Pipeline step 0 (one_hot): fitted.names: must name each of the 2 column(s) the step adds.');
    expect(problemOf(() => checkPipeline(pipeline(named(['a', 'a'])))).detail).toBe('Pipeline step 0 (one_hot): fitted.names: must not repeat a name.');
    expect(checkPipeline(pipeline(named(['c=x_2', 'c=y']))).steps[0]!.fitted).toEqual({ levels: ['x', 'y'], names: ['c=x_2', 'c=y'] });
  });

  it('of more than 200 steps is a 422, as steps are', () => {
    const log: FittedStep = { spec: { kind: 'log1p', column: 'v' }, fitted: {} };
    const request = (body: object) => ApplyRequest.safeParse({ file_id: 'f_0mwz6eve90mfgb8jchq9nr', ...body });
    const tooMany = request({ pipeline: pipeline(...Array(201).fill(log)) });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]).toMatchObject({ path: ['pipeline', 'steps'], message: 'must have at most 200 steps' });
    expect(request({ steps: Array(201).fill(log.spec) }).error?.issues[0]).toMatchObject({ path: ['steps'], message: 'must have at most 200 steps' });
    expect(Pipeline.safeParse(pipeline(...Array(200).fill(log))).success).toBe(true);
  });
});

describe('a step reading a column an earlier step dropped', () => {
  it('says which step dropped it, when fitting', () => {
    const p = problemOf(() => fitPipeline(table, [{ kind: 'drop', column: 'v' }, { kind: 'scale', column: 'v', method: 'standard' }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toBe('Step 1 (scale) reads column v, which step 0 (drop) removed: drop it after this step, or not at all.');
  });

  it('says so when applying a supplied pipeline too, rather than failing on a column that is not there', () => {
    const p = problemOf(() => applyPipeline(table, pipeline({ spec: { kind: 'drop', column: 'c' }, fitted: {} }, oneHot(['x', 'y']))));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/^Step 1 \(one_hot\) reads column c, which step 0 \(drop\) removed/);
  });

  it('is still "Unknown column" for one the file never had', () => {
    expect(problemOf(() => fitPipeline(table, [{ kind: 'log1p', column: 'w' }], 0)).detail).toBe('Unknown column w.');
  });
});

describe('a step reading a column an earlier step replaced', () => {
  it('says which step replaced it (a target encoding turns c into c_target_mean)', () => {
    const p = problemOf(() => fitPipeline(table, [{ kind: 'target_encode', column: 'c', target: 'v', folds: 2, smoothing: 1 }, { kind: 'ordinal', column: 'c' }], 0));
    expect(p.detail).toBe('Step 1 (ordinal) reads column c, which step 0 (target_encode) removed: put this step before step 0.');
  });
});
