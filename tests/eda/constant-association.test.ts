/**
 * A constant column (a category every row shares, e.g. `sex` of a file conditioned on female) has no
 * association with anything: undefined (null) against numbers as against categories, never 0.
 */
import { describe, expect, it } from 'vitest';
import { correlation, correlationRatio } from '../../core/eda/correlation.js';
import type { Table } from '../../core/table/model.js';

describe('a constant category against a number', () => {
  it('has an undefined correlation ratio, not 0', () => {
    expect(correlationRatio(Float64Array.from([1, 2, 3, 4]), { codes: Int32Array.from([0, 0, 0, 0]), k: 1 } as Parameters<typeof correlationRatio>[1])).toBeNull();
  });

  it('is null in the matrix against a number, as it is against a category', () => {
    const t: Table = {
      rowCount: 4,
      columns: [
        { type: 'float', name: 'age', values: Float64Array.from([20, 30, 40, 55]) },
        { type: 'categorical', name: 'sex', codes: Int32Array.from([0, 0, 0, 0]), categories: ['female'] },
        { type: 'categorical', name: 'class', codes: Int32Array.from([0, 1, 0, 1]), categories: ['1st', '2nd'] },
      ],
    };
    const r = correlation(t, 'auto', 5);
    const sex = r.columns.indexOf('sex');
    expect(r.matrix[sex]![r.columns.indexOf('age')]).toBeNull();
    expect(r.matrix[sex]![r.columns.indexOf('class')]).toBeNull();
    // Two categories still explain a number.
    expect(r.matrix[r.columns.indexOf('class')]![r.columns.indexOf('age')]).not.toBeNull();
  });
});
