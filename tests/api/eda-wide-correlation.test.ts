/**
 * A correlation of more columns than its matrix can fit in a reply is refused before it is computed
 * (it had built the whole columns² answer first: minutes and gigabytes on 4 096 columns, then a 422).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { MAX_CORRELATION_COLUMNS } from '../../core/eda/correlation-budget.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let fileId: string;
const width = MAX_CORRELATION_COLUMNS + 8;
beforeAll(async () => {
  stack = await testStack();
  const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
  const rows = Array.from({ length: 4 }, (_, i) => Array.from({ length: width }, (_, j) => (i * 7 + j * 13) % 17).join(','));
  fileId = (await uploadDirect<FileMeta>(stack.url, 'wide.csv', [header, ...rows].join('\n') + '\n')).json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

it('/eda/correlation on a file wider than the limit is a 422 naming its columns, pairs and the limit', async () => {
  const r = await call<{ detail: string; columns: number; pairs: number; max_columns: number; max_pairs: number }>(stack.url, 'POST', '/eda/correlation', { json: { file_id: fileId } });
  expect(r.status, r.json.detail).toBe(422);
  expect(r.type).toContain('application/problem+json');
  expect(r.json).toMatchObject({ columns: width, pairs: (width * (width - 1)) / 2, max_columns: MAX_CORRELATION_COLUMNS });
  expect(r.json.detail).toContain('`columns`');
});

it('naming columns within the limit answers', async () => {
  const r = await call(stack.url, 'POST', '/eda/correlation', { json: { file_id: fileId, columns: ['c0', 'c1', 'c2'] } });
  expect(r.status, r.text).toBe(200);
});
