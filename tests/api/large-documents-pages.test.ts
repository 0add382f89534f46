/**
 * A page of files stays within a Lambda reply (6 MB) however large the records (a 4 096-column
 * file's is ~675 KB): it stops short and its cursor leads to the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const LAMBDA_RESPONSE_MAX = 6 * 1024 * 1024;
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('listing files whose documents were spilled', () => {
  it('the web app\'s list call (limit=200) fits a Lambda response with ten wide files', async () => {
    const csv = Array.from({ length: 4096 }, (_, j) => `column_name_${j}`).join(',') + '\n' + lines(30, (i) => Array.from({ length: 4096 }, (_, j) => `v${(i + j) % 5}`).join(','));
    for (let k = 0; k < 10; k++) expect((await uploadDirect<FileMeta>(stack.url, `w${k}.csv`, csv)).status).toBe(201);
    const r = await call(stack.url, 'GET', '/files?limit=200');
    expect(r.status).toBe(200);
    expect(Buffer.byteLength(r.text)).toBeLessThan(LAMBDA_RESPONSE_MAX);
    // Every file is still reached, page by page.
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = await call<{ items: FileMeta[]; next?: string }>(stack.url, 'GET', `/files?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen += page.json.items.length;
      cursor = page.json.next;
    } while (cursor);
    expect(seen).toBe(10);
  }, 300_000);
});
