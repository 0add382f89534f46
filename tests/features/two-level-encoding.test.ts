/**
 * A column of two levels is suggested as one 0/1 column, not one-hot: one-hot's two columns are exact
 * complements (r = −1), which the new dataset's overview then warns about.
 */
import { describe, expect, it } from 'vitest';
import { suggest } from '../../core/features/suggest.js';
import { fitPipeline } from '../../core/features/pipeline.js';
import type { StepSpec } from '../../core/features/transforms.js';
import { columnLabels, type Table } from '../../core/table/model.js';

const table: Table = {
  rowCount: 6,
  columns: [
    { type: 'categorical', name: 'sex', categories: ['female', 'male'], codes: Int32Array.from([0, 1, 1, 0, 1, 0]) },
    { type: 'categorical', name: 'port', categories: ['C', 'Q', 'S'], codes: Int32Array.from([0, 1, 2, 2, 1, 0]) },
    { type: 'float', name: 'fare', values: Float64Array.from([7, 8, 9, 10, 11, 12]) },
  ],
};

describe('two-level encoding', () => {
  it('suggests a single indicator for a 2-level column and one-hot for more levels', () => {
    const list = suggest(table, []);
    const forSex = list.filter((x) => x.columns.includes('sex')).map((x) => x.kind);
    expect(forSex).toContain('ordinal');
    expect(forSex).not.toContain('one_hot');
    expect(list.filter((x) => x.columns.includes('port')).map((x) => x.kind)).toContain('one_hot');
  });

  it('the suggested step makes one 0/1 column', () => {
    const list = suggest(table, []);
    const step = list.find((x) => x.columns.includes('sex') && x.kind === 'ordinal')!.step as StepSpec;
    const { output: out } = fitPipeline(table, [step], 1);
    const sexCols = out.columns.filter((c) => c.name.startsWith('sex'));
    expect(sexCols.map((c) => c.name)).toEqual(['sex']);
    // 1 where the source says male (sorted levels: female 0, male 1), as the rationale names it.
    expect(columnLabels(sexCols[0]!).map(Number)).toEqual([0, 1, 1, 0, 1, 0]);
    expect(list.find((x) => x.columns.includes('sex') && x.kind === 'ordinal')!.rationale).toMatch(/1 where it is male/);
  });
});
