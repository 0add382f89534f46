/**
 * Completing a single presigned upload claims the record first (a conditional write, `uploading` →
 * `ingesting`): of concurrent completions one copies the staged bytes and starts one ingest, the
 * others are a 409 — once two 202s and two ingests, a 404 naming an internal key, or one request's
 * cleanup deleting the original another had just copied. A delete in between leaves nothing (the
 * file once came back ready with its data). An upload ticketed before single PUTs were staged (its
 * URL names the original) still completes. A job output failed after its file was deleted stays deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/ports.js';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import type { Job } from '../../core/jobs/model.js';
import { completeUpload } from '../../core/files/service.js';
import { newId } from '../../core/ids.js';
import { failOutputFile } from '../../core/generation/service.js';
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

const waitSettled = (id: string) => fileSettled(stack.url, id, 60_000);

async function staged(): Promise<string> {
  const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'a.csv', size: CSV.length } });
  expect(t.status).toBe(201);
  const upload = t.json.upload;
  if (!('url' in upload)) throw new Error('expected a single presigned PUT');
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: CSV })).status).toBe(200);
  return t.json.file_id;
}

/** The stack's blob store with `before` run ahead of each call of its method `name`. */
function hooked(name: 'copy' | 'deletePrefix', before: (first: string) => Promise<unknown>): BlobStore {
  return intercept(stack.services.blobs, name, async (original, args) => (await before(String(args[0])), original(...args)));
}

const objectsOf = async (id: string) => [...(await stack.services.blobs.list(fileKeys.prefix(id))), ...(await stack.services.blobs.list(fileKeys.stagingPrefix(id)))];

describe('concurrent completions', () => {
  it('one is a 202 with one ingest, the others a 409; the file ends ready', async () => {
    for (let trial = 0; trial < 4; trial++) {
      const id = await staged();
      const replies = await Promise.all([1, 2, 3].map(() => call(stack.url, 'POST', `/files/${id}/complete`)));
      expect(replies.map((r) => r.status).sort()).toEqual([202, 409, 409]);
      for (const r of replies.filter((r) => r.status === 409)) expect(r.json.detail).toMatch(/already (being completed|ingesting)/);
      const jobs = await stack.services.meta.listJobsForFile(id);
      expect(jobs.filter((j) => j.type === 'ingest')).toHaveLength(1);
      const file = await waitSettled(id);
      expect(file.status).toBe('ready');
      expect(file.rows).toBe(3);
      expect(await stack.services.blobs.list(fileKeys.stagingPrefix(id))).toEqual([]);
      await call(stack.url, 'DELETE', `/files/${id}`);
    }
  }, 120_000);

  it('a staged object gone before its copy is a 409 "Nothing was uploaded" (no internal key), and the upload can be retried', async () => {
    const id = await staged();
    const vanishing = hooked('copy', () => stack.services.blobs.deletePrefix(fileKeys.stagingPrefix(id)));
    const failed = completeUpload({ ...stack.services, blobs: vanishing }, id);
    await expect(failed).rejects.toMatchObject({ status: 409 });
    await expect(failed).rejects.toThrow(/Nothing was uploaded/);
    await expect(failed).rejects.not.toThrow(/uploads\//);
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json.status).toBe('uploading');
    await call(stack.url, 'DELETE', `/files/${id}`);
  });
});

describe('a delete racing a completion', () => {
  it('after the copy was checked: the completion is a 404, and neither the record nor an object is left', async () => {
    const id = await staged();
    // Between the copy's check and the record's write: as the completion removes the staged object.
    const deleting = hooked('deletePrefix', async (prefix) => {
      if (prefix === fileKeys.stagingPrefix(id)) expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    });
    await expect(completeUpload({ ...stack.services, blobs: deleting }, id)).rejects.toMatchObject({ status: 404 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
    expect(await objectsOf(id)).toEqual([]);
  });

  it('before the copy: the completion is a 409, and nothing is left', async () => {
    const id = await staged();
    const deleting = hooked('copy', async () => {
      expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    });
    await expect(completeUpload({ ...stack.services, blobs: deleting }, id)).rejects.toMatchObject({ status: 409, detail: expect.stringMatching(/Nothing was uploaded/) });
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
    expect(await objectsOf(id)).toEqual([]);
  });

  it('over HTTP, at any moment: the file never comes back', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const id = await staged();
      await Promise.all([
        call(stack.url, 'POST', `/files/${id}/complete`),
        new Promise((r) => setTimeout(r, trial * 3)).then(() => call(stack.url, 'DELETE', `/files/${id}`)),
      ]);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
      expect(await objectsOf(id)).toEqual([]);
    }
  }, 60_000);
});

it('an upload ticketed before single PUTs were staged (its bytes at the original) completes', async () => {
  const t = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'a.csv', size: CSV.length } });
  const id = t.json.file_id;
  await stack.services.blobs.put(fileKeys.original(id), Buffer.from(CSV), 'text/csv');
  expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
  expect((await waitSettled(id)).rows).toBe(3);
  await call(stack.url, 'DELETE', `/files/${id}`);
});

it('a job output failed after its file was deleted is not brought back', async () => {
  const now = new Date().toISOString();
  const output: FileMeta = { file_id: newId('f'), filename: 'out.csv', content_type: 'text/csv', size: 0, status: 'generating', created_at: now, updated_at: now, lineage: { operation: 'synthesize' } };
  await stack.services.meta.putFile(output);
  // The delete lands between the failure's read and its write.
  const meta = stack.services.meta;
  const racing = intercept(meta, 'getFile', async (original, [id]) => {
    const found = await original(id);
    await meta.deleteFile(String(id));
    return found;
  });
  const job = { job_id: 'j_test', type: 'synthesize', status: 'running', input: { output_file_id: output.file_id } } as unknown as Job;
  await failOutputFile({ blobs: stack.services.blobs, meta: racing }, job, 'It failed.');
  expect(await meta.getFile(output.file_id)).toBeUndefined();
});

describe('a completion that never finished', () => {
  it('leaves a claim another may take once it is older than a Lambda runs, with no ingest under way', async () => {
    const id = await staged();
    const { meta } = stack.services;
    const uploading = (await meta.getFile(id))!;
    // A completion claimed the file, then timed out before its ingest started.
    const stuck: FileMeta = { ...uploading, status: 'ingesting', updated_at: new Date(Date.now() - 60_000).toISOString() };
    await meta.putFile(stuck);
    const fresh = await call(stack.url, 'POST', `/files/${id}/complete`);
    expect(fresh.status).toBe(409);
    // Sixteen minutes on, nobody is finishing it: a retry claims it and the file ingests.
    await completeUpload({ ...stack.services, jobs: stack.jobs }, id, {}, Date.now() + 16 * 60_000);
    expect((await waitSettled(id)).status).toBe('ready');
    // A file whose ingest is under way or done is never claimed again.
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(409);
  });
});
