/**
 * A multipart/form-data upload cut off inside its `file` part is a 400 problem+json, and the server keeps
 * serving (busboy fails the part's stream; unhandled, that error ended the process).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

it('a multipart body cut off inside the file part is a 400, and the server stays up', async () => {
  const crashes: unknown[] = [];
  const onError = (e: unknown) => crashes.push(e);
  // The stack runs in this process: catch what would otherwise kill it, so the test can report it.
  process.prependListener('uncaughtException', onError);
  try {
    const body = '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n';
    const r = await call(stack.url, 'POST', '/files/upload', { body, headers: { 'content-type': 'multipart/form-data; boundary=zz' } });
    await new Promise((res) => setTimeout(res, 200));
    expect(crashes.map(String), 'uncaught exceptions while handling the request').toEqual([]);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    const health = await call(stack.url, 'GET', '/health');
    expect(health.status).toBe(200);
  } finally {
    process.removeListener('uncaughtException', onError);
  }
});
