/**
 * The diagnostic names the real columns a synthetic file lacks on purpose (dropped as PII), as
 * privacy's left_out_columns does: excused from the structure score, yet not silently gone (review s27).
 */
import { describe, expect, it } from 'vitest';
import { diagnosticReport } from '../../core/validation/diagnostic.js';
import { DiagnosticResult } from '../../core/validation/schemas.js';
import { selectColumns, type Table } from '../../core/table/model.js';

const real: Table = {
  rowCount: 3,
  columns: [
    { type: 'text', name: 'name', values: ['Ann', 'Bob', 'Cy'] },
    { type: 'float', name: 'age', values: Float64Array.from([20, 30, 40]) },
    { type: 'categorical', name: 'plan', codes: Int32Array.from([0, 1, 0]), categories: ['a', 'b'] },
  ],
};

describe('diagnostic left-out columns', () => {
  it('lists a dropped column as left out, not missing, and the reply schema keeps it', () => {
    const dropped = selectColumns(real, ['age', 'plan']);
    const d = diagnosticReport(real, dropped, new Set(['name']));
    expect(d.data_structure).toMatchObject({ score: 1, missing_columns: [], left_out_columns: ['name'] });
    expect(DiagnosticResult.parse(d).data_structure.left_out_columns).toEqual(['name']);
  });

  it('a left-out column the synthetic file still has (a faked name) is no structure matter; one not left out is missing', () => {
    expect(diagnosticReport(real, real, new Set(['name'])).data_structure.left_out_columns).toEqual([]);
    const d = diagnosticReport(real, selectColumns(real, ['age', 'plan'])).data_structure;
    expect(d).toMatchObject({ missing_columns: ['name'], left_out_columns: [] });
  });
});
