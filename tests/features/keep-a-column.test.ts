/**
 * Feature steps never leave a table of no columns: fitting or applying such a pipeline is a 422, and
 * the suggestions, taken together, always keep a column (a one-column or all-constant file did not).
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { applyPipeline, fitPipeline, type Pipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import type { Table } from '../../core/table/model.js';

const num = (name: string, values: number[]) => ({ type: 'float' as const, name, values: Float64Array.from(values) });
const table = (...columns: ReturnType<typeof num>[]): Table => ({ rowCount: columns[0]!.values.length, columns });

describe('a pipeline keeps at least one column', () => {
  const t = table(num('a', [1, 2, 3]), num('b', [4, 5, 7]));

  it('refuses to fit steps that drop every column', () => {
    const p = problemOf(() => fitPipeline(t, [{ kind: 'drop', column: 'a' }, { kind: 'drop', column: 'b' }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/drop every column/);
    expect(fitPipeline(t, [{ kind: 'drop', column: 'a' }], 0).output.columns.map((c) => c.name)).toEqual(['b']);
  });

  it('refuses to apply a recorded pipeline that drops every column', () => {
    const pipeline: Pipeline = {
      format: 'tabmimic.features.v1',
      input_columns: ['a', 'b'],
      steps: [{ spec: { kind: 'drop', column: 'a' }, fitted: {} }, { spec: { kind: 'drop', column: 'b' }, fitted: {} }],
    };
    expect(problemOf(() => applyPipeline(t, pipeline)).status).toBe(422);
  });
});

describe('suggestions keep at least one column', () => {
  const drops = (t: Table) => suggest(t, []).filter((s) => s.kind === 'drop').map((s) => s.columns[0]);

  it('does not suggest dropping the only column', () => {
    expect(drops(table(num('a', [1, 1, 1])))).toEqual([]);
  });

  it('keeps the column with the weakest reason to drop when every column would go', () => {
    // c is constant (priority 100); n is near-constant (85): n stays.
    const n = num('n', Array.from({ length: 200 }, (_, i) => (i === 0 ? 1 : 0)));
    const c = num('c', Array.from({ length: 200 }, () => 3));
    expect(drops(table(c, n))).toEqual(['c']);
  });

  it('still drops constant columns beside a useful one', () => {
    expect(drops(table(num('a', [1, 1, 1, 1]), num('b', [1, 5, 2, 9])))).toEqual(['a']);
  });
});
