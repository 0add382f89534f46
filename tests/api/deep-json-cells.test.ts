/**
 * A JSON or JSON Lines cell nesting thousands of arrays (6 KB of `[`) is a 422 naming the depth
 * limit, not a 500 from JSON.stringify overflowing the stack; a cell within the limit is its JSON text.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_CELL_DEPTH, cellText } from '../../core/files/csv-cells.js';
import type { FileMeta } from '../../core/files/model.js';
import { fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** The upload's 422, whether the upload itself refuses it or its ingest fails with the problem. */
async function refusal(filename: string, content: string, type: string): Promise<{ status: number; detail: string }> {
  const r = await uploadDirect<FileMeta & { detail: string }>(stack.url, filename, content, type);
  if (r.status !== 201 && r.status !== 202) return { status: r.status, detail: r.json.detail };
  const settled = await fileSettled(stack.url, r.json.file_id);
  return { status: settled.status === 'failed' ? 422 : 200, detail: settled.failure?.detail ?? '' };
}

it.each([
  ['deep.json', `[{"b":1,"a":${nested(3000)}}]`, 'application/json'],
  ['deep.jsonl', `{"b":1,"a":${nested(3000)}}\n`, 'application/x-ndjson'],
])('%s with a cell nesting 3 000 arrays is refused by its depth', async (name, content, type) => {
  const r = await refusal(name, content, type);
  expect(r.status).toBe(422);
  expect(r.detail).toContain(`more than ${MAX_CELL_DEPTH} levels deep`);
});

it('a cell at the limit is its JSON text; one past it is refused', () => {
  expect(cellText(JSON.parse(nested(MAX_CELL_DEPTH)))).toBe(nested(MAX_CELL_DEPTH));
  expect(() => cellText(JSON.parse(nested(MAX_CELL_DEPTH + 1)))).toThrow(/levels deep/);
});
