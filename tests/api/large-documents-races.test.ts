/**
 * A write of a large (spilled) file record that loses a race, even to a write of the same content,
 * drops only its own object in the bucket: the file stays readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

describe('a spilled record and a losing write', () => {
  it('a replaceFile that loses to an identical one leaves the file readable', async () => {
    const meta = stack.services.meta;
    const up = await uploadDirect<FileMeta>(stack.url, 'a.csv', 'a,b\n1,2\n3,4\n');
    expect(up.status).toBe(201);
    const before = (await meta.getFile(up.json.file_id))!;
    const next: FileMeta = { ...before, quality: { big: 'x'.repeat(300 * 1024) }, updated_at: new Date(Date.parse(before.updated_at) + 1).toISOString() };
    // Two writers computed the same next record from the same previous one.
    const results = await Promise.all([meta.replaceFile(next, before), meta.replaceFile(next, before)]);
    expect(results.sort()).toEqual([false, true]);
    const got = await meta.getFile(before.file_id);
    expect(got?.quality?.big).toHaveLength(300 * 1024);
  });

  it('sequentially too: a stale retry of the same write deletes the live document', async () => {
    const meta = stack.services.meta;
    const up = await uploadDirect<FileMeta>(stack.url, 'b.csv', 'a,b\n1,2\n3,4\n');
    const before = (await meta.getFile(up.json.file_id))!;
    const next: FileMeta = { ...before, quality: { big: 'y'.repeat(300 * 1024) }, updated_at: new Date(Date.parse(before.updated_at) + 1).toISOString() };
    expect(await meta.replaceFile(next, before)).toBe(true);
    expect(await meta.replaceFile(next, before)).toBe(false); // the condition no longer holds: refused, fine
    expect(await meta.getFile(before.file_id)).toBeDefined(); // but the live document must survive
  });
});
