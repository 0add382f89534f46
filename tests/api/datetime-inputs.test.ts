/**
 * A datetime column in generation requests: a sign constraint on it means nothing (every date after
 * 1970 is a positive number of milliseconds), and a JSON number as its condition is epoch milliseconds,
 * so one outside the source's dates (20230505 meant as a date) is a 422 that says what to write instead.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let fileId: string;
beforeAll(async () => {
  stack = await testStack();
  const csv = ['d,x', ...Array.from({ length: 30 }, (_, i) => `2023-05-${String((i % 28) + 1).padStart(2, '0')},${i}`)].join('\n');
  fileId = (await uploadDirect<FileMeta>(stack.url, 'dates.csv', csv)).json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

const generate = (extra: Record<string, unknown>) =>
  call<{ detail: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator: 'gaussian_copula', seed: 1, rows: 5, ...extra } });

it('a positive or negative constraint on a datetime column is a 422 naming the types it applies to', async () => {
  for (const type of ['positive', 'negative']) {
    const r = await generate({ constraints: [{ type, column: 'd' }] });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).toBe(`A ${type} constraint applies to integer and float columns; d is datetime.`);
  }
  expect((await generate({ constraints: [{ type: 'positive', column: 'x' }] })).status).toBe(202);
});

it('a number as the condition of a datetime column is epoch milliseconds: 20230505 is a 422 asking for a date in its format, with an example', async () => {
  const r = await generate({ conditions: { d: 20230505 } });
  expect(r.status).toBe(422);
  expect(r.json.detail).toBe(
    `Invalid conditions: d = 20230505 is read as epoch milliseconds, 1970-01-01T05:37:10.505Z, outside the source's dates; write a date in the column's format, YYYY-MM-DD (e.g. "2024-03-05"), or epoch milliseconds within its range.`,
  );
  expect((await generate({ conditions: { d: '2023-05-05' } })).status).toBe(202);
  expect((await generate({ conditions: { d: Date.UTC(2023, 4, 5) } })).status).toBe(202);
});
