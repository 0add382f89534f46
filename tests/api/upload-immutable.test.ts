/**
 * A presigned URL outlives its upload (an hour), and its length is not signed: once the upload is
 * completed, a PUT through it must not change the bytes the file reads, and once the file is deleted
 * it must not bring an object of the file back. Single PUTs are staged and copied at completion;
 * multipart part URLs die with their upload (completed or aborted), on S3 as on the local stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { completeUpload } from '../../core/files/service.js';
import { intercept } from '../helpers/intercept.js';
import { call, fileSettled, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const waitReady = (id: string) => fileSettled(stack.url, id, 120_000);

const CSV = 'a,b\n1,x\n2,y\n3,z\n';
// Longer, other columns: what a client might PUT through the still-valid URL afterwards.
const OTHER = 'c,d,e\n' + '9,9,9\n'.repeat(5000);

async function singlePut(body: string): Promise<{ id: string; put: (bytes: string) => Promise<Response> }> {
  const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'a.csv', size: Buffer.byteLength(body) } });
  expect(t.status).toBe(201);
  const upload = t.json.upload;
  if (!('url' in upload)) throw new Error('expected a single presigned PUT');
  const put = (bytes: string) => fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  expect((await put(body)).status).toBe(200);
  return { id: t.json.file_id, put };
}

async function downloadOriginal(id: string): Promise<string> {
  const r = await call(stack.url, 'GET', `/files/${id}/data?all=true`);
  expect(r.status).toBe(302);
  return (await fetch(r.headers.get('location')!)).text();
}

describe('a single presigned PUT', () => {
  it('after completion, a PUT through the same URL changes neither the rows nor the downloaded original', async () => {
    const { id, put } = await singlePut(CSV);
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
    // At once, while the ingest may be reading the original.
    expect((await put(OTHER)).status).toBe(200);
    const ready = await waitReady(id);
    expect(ready.failure).toBeUndefined();
    expect(ready.rows).toBe(3);
    expect(ready.size).toBe(CSV.length);
    expect((await put(OTHER)).status).toBe(200);

    const page = await call<{ columns: string[]; rows: unknown[][] }>(stack.url, 'GET', `/files/${id}/data`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('"x"');
    expect(page.text).not.toContain('"c"');
    expect(await downloadOriginal(id)).toBe(CSV);
    expect(await stack.services.blobs.size(fileKeys.original(id))).toBe(CSV.length);
    await call(stack.url, 'DELETE', `/files/${id}`);
  });

  it('completion leaves no staged copy behind; a late PUT stages one that the delete removes', async () => {
    const { id, put } = await singlePut(CSV);
    expect(await stack.services.blobs.list(fileKeys.stagingPrefix(id))).toHaveLength(1);
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
    expect(await stack.services.blobs.list(fileKeys.stagingPrefix(id))).toEqual([]);
    await waitReady(id);
    await put(OTHER);
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(fileKeys.stagingPrefix(id))).toEqual([]);
  });

  it('after DELETE, a PUT through the old URL leaves no object the file reads, and the file stays a 404', async () => {
    const { id, put } = await singlePut(CSV);
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
    await waitReady(id);
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    expect((await put(CSV)).status).toBe(200);
    expect(await stack.services.blobs.list(fileKeys.prefix(id))).toEqual([]);
    expect(await stack.services.blobs.size(fileKeys.original(id))).toBeUndefined();
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
    expect((await call(stack.url, 'GET', `/files/${id}/data?all=true`)).status).toBe(404);
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(404);
  });

  it('deleting an upload never completed removes what was staged', async () => {
    const { id } = await singlePut(CSV);
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(fileKeys.stagingPrefix(id))).toEqual([]);
  });

  it('bytes swapped between the size check and the copy are a 409, and no original is left', async () => {
    const { id, put } = await singlePut(CSV);
    const blobs = stack.services.blobs;
    // The copy a PUT races: the staged object is replaced just before it is copied.
    const racing = intercept(blobs, 'copy', async (original, args) => (await put(OTHER), original(...args)));
    await expect(completeUpload({ ...stack.services, blobs: racing }, id)).rejects.toMatchObject({ status: 409, extensions: { declared_size: CSV.length, received_size: OTHER.length } });
    expect(await blobs.size(fileKeys.original(id))).toBeUndefined();
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.status).toBe('uploading');
    // The client PUTs the right bytes again, and completes.
    await put(CSV);
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
    expect((await waitReady(id)).rows).toBe(3);
    await call(stack.url, 'DELETE', `/files/${id}`);
  });

  it('the store copies server-side, and a missing source is a 404', async () => {
    const blobs = stack.services.blobs;
    await blobs.put('scratch/a b/ü', 'hello', 'text/csv');
    await blobs.copy('scratch/a b/ü', 'scratch/copy');
    expect(Buffer.from(await blobs.getBytes('scratch/copy')).toString()).toBe('hello');
    await expect(blobs.copy('scratch/none', 'scratch/copy2')).rejects.toMatchObject({ status: 404 });
    await blobs.deletePrefix('scratch/');
  });
});

describe('multipart part URLs', () => {
  type Multipart = { file_id: string; part_size: number; parts: { part_number: number; url: string }[] };
  async function multipartTicket(size: number): Promise<Multipart> {
    const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'big.csv', size } });
    expect(t.status).toBe(201);
    if (!('multipart' in t.json.upload)) throw new Error('expected a multipart ticket');
    return { file_id: t.json.file_id, ...t.json.upload.multipart };
  }
  const uploadDirs = async () => readdir(join(stack.dataDir, 's3', 'tabmimic-data', '._S3rver_uploads')).catch(() => [] as string[]);

  it('after DELETE, a part PUT is refused (NoSuchUpload, as on S3) and leaves nothing', async () => {
    const t = await multipartTicket(100_000_000);
    const before = await uploadDirs();
    expect((await call(stack.url, 'DELETE', `/files/${t.file_id}`)).status).toBe(204);
    const late = await fetch(t.parts[0]!.url, { method: 'PUT', body: 'a,b\n1,2\n' });
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('NoSuchUpload');
    expect((await uploadDirs()).length).toBe(before.length - 1);
    expect(await stack.services.blobs.list(fileKeys.prefix(t.file_id))).toEqual([]);
  });

  it('after completion, a part PUT is refused and the rows and the original stay as completed', async () => {
    const row = '1,2\n';
    const size = 64 * 1024 * 1024 + 1;
    const bytes = Buffer.from('a,b\n' + row.repeat(Math.ceil(size / row.length)).slice(0, size - 4 - 1) + '\n');
    const t = await multipartTicket(size);
    for (const part of t.parts) {
      const start = (part.part_number - 1) * t.part_size;
      expect((await fetch(part.url, { method: 'PUT', body: bytes.subarray(start, start + t.part_size) })).status).toBe(200);
    }
    expect((await call(stack.url, 'POST', `/files/${t.file_id}/complete`)).status).toBe(202);
    const late = await fetch(t.parts[0]!.url, { method: 'PUT', body: 'c\n9\n' });
    expect(late.status).toBe(404);
    const ready = await waitReady(t.file_id);
    expect(ready.failure).toBeUndefined();
    expect(ready.size).toBe(size);
    expect(await stack.services.blobs.size(fileKeys.original(t.file_id))).toBe(size);
    const page = await call(stack.url, 'GET', `/files/${t.file_id}/data?limit=1&format=csv`);
    expect(page.text.trim()).toBe('a,b\n1,2');
    await call(stack.url, 'DELETE', `/files/${t.file_id}`);
  }, 180_000);
});
