/**
 * Ingest records its outcome (ready or failed) only over the record it read: a file deleted while it
 * is ingested stays deleted — no record comes back — and what the ingest wrote after the delete's
 * sweep is removed by the ingest itself. Called here at core level, without the step's help.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BlobStore } from '../../core/ports.js';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import { deleteFile, ingestFile } from '../../core/files/service.js';
import { newId } from '../../core/ids.js';
import { intercept } from '../helpers/intercept.js';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

/** A file as a completion leaves it: its original stored, its record `ingesting`. */
async function ingesting(csv: string): Promise<string> {
  const now = new Date().toISOString();
  const meta: FileMeta = {
    file_id: newId('f'),
    filename: 'a.csv',
    content_type: 'text/csv',
    size: Buffer.byteLength(csv),
    status: 'ingesting',
    created_at: now,
    updated_at: now,
    lineage: { operation: 'upload' },
  };
  await stack.services.blobs.put(fileKeys.original(meta.file_id), csv, 'text/csv');
  await stack.services.meta.putFile(meta);
  return meta.file_id;
}

/** The stack's blob store, deleting the file once, just before the first call of `name` that `when` picks. */
function deletingBefore(id: string, name: 'put' | 'getStream', when: (key: string) => boolean): BlobStore {
  let done = false;
  return intercept(stack.services.blobs, name, async (original, args) => {
    if (!done && when(String(args[0]))) {
      done = true;
      await deleteFile(stack.services, id);
    }
    return original(...args);
  });
}

const objectsOf = (id: string) => stack.services.blobs.list(fileKeys.prefix(id));

it('deleted while its chunks are written: a 404, no record comes back, no chunk is left', async () => {
  const id = await ingesting('a,b\n' + '1,x\n'.repeat(200));
  const blobs = deletingBefore(id, 'put', (key) => key.endsWith('.arrow'));
  await expect(ingestFile({ ...stack.services, blobs }, id)).rejects.toMatchObject({ status: 404, detail: expect.stringMatching(/deleted while it was being ingested/) });
  expect(await stack.services.meta.getFile(id)).toBeUndefined();
  expect(await objectsOf(id)).toEqual([]);
});

it('deleted while an ingest that then fails reads: no failed record comes back, nothing is left', async () => {
  const id = await ingesting('a,b\n1,x\n2,y\n');
  // The delete removes the original as the ingest opens it: the ingest fails for want of its bytes.
  let opened = 0;
  const blobs = deletingBefore(id, 'getStream', () => ++opened === 2);
  await expect(ingestFile({ ...stack.services, blobs }, id)).rejects.toThrow();
  expect(await stack.services.meta.getFile(id)).toBeUndefined();
  expect(await objectsOf(id)).toEqual([]);
});

it('undisturbed, the record is written ready', async () => {
  const id = await ingesting('a,b\n1,x\n2,y\n');
  expect(await ingestFile(stack.services, id)).toMatchObject({ status: 'ready', rows: 2 });
  expect(await stack.services.meta.getFile(id)).toMatchObject({ status: 'ready', rows: 2 });
});

it('failing after its record was claimed anew (a stale upload re-claimed): the newer claim keeps its record and chunks', async () => {
  const id = await ingesting('a,b\n' + '1,x\n'.repeat(200));
  let chunkKey: string | undefined;
  const failing = intercept(stack.services.blobs, 'put', async (original, args) => {
    const key = String(args[0]);
    if (chunkKey || !key.endsWith('.arrow')) return original(...args);
    // Another ingest claims the record and writes this chunk; this one then fails.
    chunkKey = key;
    const current = (await stack.services.meta.getFile(id))!;
    await stack.services.meta.replaceFile({ ...current, updated_at: new Date(Date.parse(current.updated_at) + 1000).toISOString() }, current);
    await original(...args);
    throw new Error('this ingest dies');
  });
  await expect(ingestFile({ ...stack.services, blobs: failing }, id)).rejects.toThrow();
  expect(await stack.services.meta.getFile(id)).toMatchObject({ status: 'ingesting' });
  expect(await objectsOf(id)).toContain(chunkKey);
});
