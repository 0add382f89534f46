/**
 * EDA results are cached beside the file; a result cached by older code (before an analysis' output
 * changed) must not be served, so the cache key carries EDA_CACHE_VERSION.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

it('does not serve a describe cached under the key of before the cache was versioned', async () => {
  const fileId = (await uploadDirect<FileMeta>(stack.url, 'v.csv', 'a,b\n1,2\n3,5\n4,4\n')).json.file_id;
  const meta = (await stack.services.meta.getFile(fileId))!;
  const request = { file_id: fileId };
  // The key as the unversioned cache computed it, holding what older code would have answered.
  const old = createHash('sha256').update(JSON.stringify([['describe', request, 'in_memory'], [[meta.version ?? '', meta.updated_at]]])).digest('hex').slice(0, 32);
  await stack.services.blobs.put(fileKeys.derived(fileId, `eda/${old}.json`), JSON.stringify({ stale: true }), 'application/json');
  const r = await call<Record<string, unknown>>(stack.url, 'POST', '/eda/describe', { json: request });
  expect(r.status).toBe(200);
  expect(r.json).not.toHaveProperty('stale');
});
