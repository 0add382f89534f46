/**
 * A multipart upload id S3 no longer knows — assembled by a completion that never recorded it (its
 * reply lost, its process gone), or aborted — cannot take its parts again. Completing it: bytes of the
 * declared size are the file, and ingest starts; anything else is a 409 problem+json (a size mismatch
 * names both sizes) saying the file was removed and to start a new upload — never a record left
 * `uploading` whose every completion is a 409. A single PUT's size is checked on the copy it makes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { newId } from '../../core/ids.js';
import { completeUpload, deleteFile } from '../../core/files/service.js';
import { intercept } from '../helpers/intercept.js';
import { call, fileSettled, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const CSV = 'a,b\n1,x\n2,y\n3,z\n';

/**
 * A one-part multipart upload of CSV's declared size with `body` PUT as its part. The ticket route
 * splits only files over 64 MB; the record is the one it writes, made small.
 */
async function multipart(body: string): Promise<{ id: string; key: string; uploadId: string; etag: string }> {
  const { blobs, meta } = stack.services;
  const id = newId('f');
  const key = fileKeys.original(id);
  const uploadId = await blobs.startMultipart(key, 'text/csv');
  const now = new Date().toISOString();
  const record: FileMeta = {
    file_id: id,
    filename: 'm.csv',
    content_type: 'text/csv',
    size: CSV.length,
    status: 'uploading',
    created_at: now,
    updated_at: now,
    lineage: { operation: 'upload' },
    multipart: { upload_id: uploadId, part_size: CSV.length, parts: 1 },
  };
  await meta.putFile(record);
  const res = await fetch(await blobs.presignPart(key, uploadId, 1, 600), { method: 'PUT', body });
  expect(res.status).toBe(200);
  return { id, key, uploadId, etag: res.headers.get('etag')! };
}

const objectsOf = (id: string) => stack.services.blobs.list(fileKeys.prefix(id));

it('assembled by an earlier completion that never recorded it: completing again ingests it', async () => {
  const { id, key, uploadId, etag } = await multipart(CSV);
  await stack.services.blobs.completeMultipart(key, uploadId, [{ partNumber: 1, etag }]);
  const done = await call<FileMeta>(stack.url, 'POST', `/files/${id}/complete`);
  expect(done.status, done.text).toBe(202);
  expect(done.json.multipart).toBeUndefined();
  expect(await fileSettled(stack.url, id, 60_000)).toMatchObject({ status: 'ready', rows: 3 });
}, 120_000);

it('assembled at another size: a 409 naming both sizes and a new upload; the file is removed and a new upload works', async () => {
  const longer = CSV + '4,w\n';
  const { id, key, uploadId, etag } = await multipart(longer);
  // As if the bytes were checked, then a part replaced before S3 assembled them.
  await stack.services.blobs.completeMultipart(key, uploadId, [{ partNumber: 1, etag }]);
  const r = await call(stack.url, 'POST', `/files/${id}/complete`);
  expect(r.status, r.text).toBe(409);
  expect(r.type).toContain('application/problem+json');
  expect(r.json.detail).toMatch(new RegExp(`declared as ${CSV.length} bytes but ${longer.length} arrived: its parts cannot be PUT again, so file ${id} was removed: start a new upload \\(POST /files/upload\\)`));
  expect(r.json).toMatchObject({ declared_size: CSV.length, received_size: longer.length, file_removed: true });
  expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
  expect(await objectsOf(id)).toEqual([]);
  expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(404);
  const again = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'm.csv', size: longer.length } });
  expect(again.status).toBe(201);
});

it('aborted (or expired): a 409 saying so and to start a new upload; the file is removed', async () => {
  const { id, key, uploadId } = await multipart(CSV);
  await stack.services.blobs.abortMultipart(key, uploadId);
  const r = await call(stack.url, 'POST', `/files/${id}/complete`);
  expect(r.status, r.text).toBe(409);
  expect(r.json.detail).toMatch(/already completed or aborted .*start a new upload \(POST \/files\/upload\)/);
  expect(r.json.file_removed).toBe(true);
  expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
  expect(await objectsOf(id)).toEqual([]);
});

it('deleted while its completion runs (the delete aborts the upload): a 404 saying so, nothing left', async () => {
  const { id } = await multipart(CSV);
  const deleting = intercept(stack.services.blobs, 'listParts', async (original, args) => (await deleteFile(stack.services, id), original(...args)));
  await expect(completeUpload({ ...stack.services, blobs: deleting }, id)).rejects.toMatchObject({ status: 404, detail: expect.stringMatching(/deleted while its upload was being completed/) });
  expect(await stack.services.meta.getFile(id)).toBeUndefined();
  expect(await objectsOf(id)).toEqual([]);
});

it('a single PUT of another size: a 409, no original kept, the staged bytes left to be PUT again', async () => {
  const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 's.csv', size: CSV.length } });
  if (!('url' in t.json.upload)) throw new Error('expected a single presigned PUT');
  const { url, headers } = t.json.upload;
  const id = t.json.file_id;
  expect((await fetch(url, { method: 'PUT', headers, body: CSV + 'x' })).status).toBe(200);
  const r = await call(stack.url, 'POST', `/files/${id}/complete`);
  expect(r.status, r.text).toBe(409);
  expect(r.json).toMatchObject({ declared_size: CSV.length, received_size: CSV.length + 1 });
  expect(await stack.services.blobs.size(fileKeys.original(id))).toBeUndefined();
  expect((await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.status).toBe('uploading');
  expect((await fetch(url, { method: 'PUT', headers, body: CSV })).status).toBe(200);
  expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
  expect(await fileSettled(stack.url, id, 60_000)).toMatchObject({ status: 'ready', rows: 3 });
}, 120_000);
