/**
 * A path with a malformed percent-escape (`%E0%A4%A`, `%ZZ`) names nothing: a 4xx, never a 500, on API routes
 * and on the web app's static paths alike.
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

for (const path of ['/files/%E0%A4%A', '/files/%E0%A4%A/data', '/synth/%ZZ/download', '/synth/jobs/%E0%A4%A', '/jobs/%C0', '/%E0%A4%A']) {
  it(`GET ${path} is a 4xx problem, not a 500`, async () => {
    const r = await call(stack.url, 'GET', path);
    expect(r.status, r.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text.slice(0, 200)).toBeLessThan(500);
    expect(r.type).toContain('application/problem+json');
  });
}
