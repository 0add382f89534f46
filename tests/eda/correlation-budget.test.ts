import { expect, it } from 'vitest';
import { MAX_REPLY_BYTES } from '../../core/api/route.js';
import { ProblemError } from '../../core/errors.js';
import { CORRELATION_CELL_BYTES, MAX_CORRELATION_COLUMNS, checkCorrelationWidth, correlationReplyBytes } from '../../core/eda/correlation-budget.js';
import { tableBytes } from '../../core/eda/summary.js';
import type { Table } from '../../core/table/model.js';

it('takes its column limit from the reply budget: the widest matrix that fits, one column more does not', () => {
  expect(correlationReplyBytes(MAX_CORRELATION_COLUMNS)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
  expect(correlationReplyBytes(MAX_CORRELATION_COLUMNS + 1)).toBeGreaterThan(MAX_REPLY_BYTES);
  expect(correlationReplyBytes(10)).toBe(100 * CORRELATION_CELL_BYTES);
});

it('lets a matrix within the limit through', () => {
  expect(() => checkCorrelationWidth(MAX_CORRELATION_COLUMNS)).not.toThrow();
});

it('refuses a wider one with a 422 naming its columns, pairs, the limit and how to narrow it', () => {
  let thrown: unknown;
  try {
    checkCorrelationWidth(4096);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ProblemError);
  const problem = thrown as ProblemError;
  expect(problem.status).toBe(422);
  expect(problem.detail).toContain('4096 columns');
  expect(problem.detail).toContain('`columns`');
  expect(problem.extensions).toMatchObject({ columns: 4096, pairs: (4096 * 4095) / 2, max_columns: MAX_CORRELATION_COLUMNS });
});

it('counts category labels in memory_bytes, each distinct label once', () => {
  const label = 'x'.repeat(500_000);
  const table = { rowCount: 8, columns: [{ type: 'categorical', name: 'c', codes: new Int32Array(8), categories: [label] }] } as unknown as Table;
  expect(tableBytes(table)).toBe(8 * 4 + 8 + 500_000 * 2);
});
