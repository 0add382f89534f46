/**
 * Generate requests the web form can make and the API must refuse in words: a range constraint with
 * neither bound (a no-op, most likely a bound left out), and a condition naming no category of the
 * column, answered with the valid categories (a few of them, and how many, when there are many).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let fileId: string;
beforeAll(async () => {
  stack = await testStack();
  const many = (i: number) => `c${String(i % 25).padStart(2, '0')}`;
  const csv = ['kind,code,x', ...Array.from({ length: 600 }, (_, i) => `${['a', 'b', 'c'][i % 3]},${many(i)},${i}`)].join('\n');
  fileId = (await uploadDirect<FileMeta>(stack.url, 'kinds.csv', csv)).json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

const generate = (extra: Record<string, unknown>) =>
  call<{ detail: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator: 'gaussian_copula', seed: 1, rows: 5, ...extra } });

it('a range constraint with neither min nor max is a 422 saying it needs one', async () => {
  const r = await generate({ constraints: [{ type: 'range', column: 'x' }] });
  expect(r.status).toBe(422);
  expect(r.type).toContain('application/problem+json');
  expect(r.json.detail).toContain('a range needs min or max');
  expect((await generate({ constraints: [{ type: 'range', column: 'x', min: 0 }] })).status).toBe(202);
});

it('a condition naming no category lists the valid ones, or a few and how many', async () => {
  const few = await generate({ conditions: { kind: 'z' } });
  expect(few.status).toBe(422);
  expect(few.json.detail).toBe('Invalid conditions: kind = "z": the data has no such category; valid values: "a", "b", "c".');
  const many = await generate({ conditions: { code: 'zz' } });
  expect(many.status).toBe(422);
  expect(many.json.detail).toBe('Invalid conditions: code = "zz": the data has no such category; it has 25, e.g. "c00", "c01", "c02", "c03", "c04".');
});

it('a refused condition names the offending columns in `columns`, not every column of the file', async () => {
  // PrivBayes does not condition at all, so both conditioned columns are refused; the copula refuses nope only.
  for (const [generator, offending] of [['privbayes', ['nope', 'kind']], ['gaussian_copula', ['nope']]] as const) {
    const r = await call<{ detail: string; columns: string[] }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: fileId, generator, seed: 1, rows: 5, conditions: { nope: 5, kind: 'a' } },
    });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('no column nope');
    expect(r.json.columns).toEqual(offending);
  }
});
