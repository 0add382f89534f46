/**
 * A utility target must be something a model here can predict: a datetime, free text or an identifier
 * was read as one class per value (accuracy 0, answered 200). Now a 422 naming the column and the types accepted.
 */
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../core/errors.js';
import { problemOf } from '../helpers/fixtures.js';
import { TARGET_TYPES, utilityReport } from '../../core/validation/utility.js';
import type { Table } from '../../core/table/model.js';

const n = 60;
const table: Table = {
  rowCount: n,
  columns: [
    { type: 'float', name: 'amt', values: Float64Array.from({ length: n }, (_, i) => i * 3.7) },
    { type: 'datetime', name: 'when', format: 'YYYY-MM-DD', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2021, i % 12, (i % 27) + 1)) },
    { type: 'text', name: 'note', values: Array.from({ length: n }, (_, i) => `note ${i}`) },
    { type: 'id', name: 'id', values: Array.from({ length: n }, (_, i) => `r${i}`) },
    { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from({ length: n }, (_, i) => i % 2) },
  ],
};

const problem = (target: string): ProblemError => problemOf(() => utilityReport(table, table, table, target, 0));

describe('utility target types', () => {
  it.each([
    ['when', 'datetime'],
    ['note', 'text'],
    ['id', 'id'],
  ])('refuses a %s target (%s) with a 422 naming it and the accepted types', (target, type) => {
    const p = problem(target);
    expect(p.status).toBe(422);
    expect(p.detail).toContain(`Target ${target} is`);
    expect(p.detail).toContain('categorical, boolean, integer or float column');
    expect(p.extensions).toMatchObject({ column: target, column_type: type, accepted_types: [...TARGET_TYPES] });
  });

  it('still scores categorical and numeric targets', () => {
    expect(utilityReport(table, table, table, 'kind', 0).task).toBe('classification');
    expect(utilityReport(table, table, table, 'amt', 0).task).toBe('regression');
  });
});
