/**
 * Non-ASCII filenames survive a multipart upload (busboy reads parameters as latin1 by default) and come back
 * on the whole-file download as an ASCII `filename` plus RFC 5987 `filename*` (s3rver dropped the raw header).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { contentDisposition } from '../../functions/lib/content-disposition.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const NAME = 'café 表.csv';

it('builds an ASCII fallback and an RFC 5987 name, and leaves plain names alone', () => {
  expect(contentDisposition('attachment', 'a.csv')).toBe('attachment; filename="a.csv"');
  expect(contentDisposition('attachment', NAME)).toBe(
    `attachment; filename="caf_ _.csv"; filename*=UTF-8''caf%C3%A9%20%E8%A1%A8.csv`,
  );
  expect(contentDisposition('inline', `it's "x"(1)*.html`)).toBe(
    `inline; filename="it's _x_(1)*.html"; filename*=UTF-8''it%27s%20%22x%22%281%29%2A.html`,
  );
});

it('keeps a UTF-8 multipart filename and names the download with it', async () => {
  const up = await uploadDirect<FileMeta>(stack.url, NAME, 'a,b\n1,2\n');
  expect(up.status).toBe(201);
  expect(up.json.filename).toBe(NAME);

  const r = await call(stack.url, 'GET', `/files/${up.json.file_id}/data?all=true`);
  expect(r.status).toBe(302);
  const got = await fetch(r.headers.get('location')!);
  expect(got.status).toBe(200);
  expect(got.headers.get('content-disposition')).toBe(contentDisposition('attachment', NAME));
  expect(await got.text()).toBe('a,b\n1,2\n');
});
