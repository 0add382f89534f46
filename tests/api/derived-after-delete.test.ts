/**
 * What is derived from a file and kept beside it (an EDA result, a Parquet or JSON export, a CSV
 * copy) is written only while the file is there: a delete landing while it is computed — here,
 * deterministically, just before its write — leaves nothing under `files/{id}/` (each once outlived
 * the file), and the request is a 404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BlobStore } from '../../core/ports.js';
import { fileKeys } from '../../core/files/model.js';
import { intercept } from '../helpers/intercept.js';
import { call, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

// Semicolons: its CSV download is a copy written from the typed rows, not the original.
const CSV = 'a;b;c\n' + Array.from({ length: 60 }, (_, i) => `${i};${['x', 'y', 'z'][i % 3]};${(i * 1.5) % 7}`).join('\n') + '\n';

async function upload(): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([CSV], { type: 'text/csv' }), 'a.csv');
  const r = await call<{ file_id: string }>(stack.url, 'POST', '/files/upload', { body: form });
  expect(r.status).toBe(201);
  return r.json.file_id;
}

/**
 * The stack's blob store swapped, for the `during` call, for one that deletes the file over HTTP
 * right before the first write under its `derived/`: the delete has finished when the write lands.
 */
async function deletingBeforeDerivedWrite<T>(id: string, during: () => Promise<T>): Promise<{ result: T; deleted: number }> {
  const services = stack.services;
  const blobs = services.blobs;
  let deleted = 0;
  const before = async (key: string) => {
    if (deleted || !key.startsWith(fileKeys.derived(id, ''))) return;
    deleted = (await call(stack.url, 'DELETE', `/files/${id}`)).status;
  };
  let hooked: BlobStore = intercept(blobs, 'put', async (original, args) => (await before(String(args[0])), original(...args)));
  hooked = intercept(hooked, 'putStream', async (original, args) => (await before(String(args[0])), original(...args)));
  Object.assign(services, { blobs: hooked });
  try {
    return { result: await during(), deleted };
  } finally {
    Object.assign(services, { blobs });
  }
}

const left = (id: string) => stack.services.blobs.list(fileKeys.prefix(id));

const eda = ['summary', 'describe', 'correlation', 'distributions', 'outliers'] as const;

for (const route of eda) {
  it(`POST /eda/${route}: deleted before its result is cached, nothing is left`, async () => {
    const id = await upload();
    const { result, deleted } = await deletingBeforeDerivedWrite(id, () => call(stack.url, 'POST', `/eda/${route}`, { json: { file_id: id } }));
    expect(deleted).toBe(204);
    expect(result.status).toBe(404);
    expect(await left(id)).toEqual([]);
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
  });
}

it('GET /synth/{id}/download?format=parquet: deleted before the export is written, nothing is left', async () => {
  const id = await upload();
  const { result, deleted } = await deletingBeforeDerivedWrite(id, () => call(stack.url, 'GET', `/synth/${id}/download?format=parquet`));
  expect(deleted).toBe(204);
  expect(result.status).toBe(404);
  expect(await left(id)).toEqual([]);
});

it('GET /files/{id}/data?all=true&format=csv: deleted before the CSV copy is written, nothing is left', async () => {
  const id = await upload();
  const { result, deleted } = await deletingBeforeDerivedWrite(id, () => call(stack.url, 'GET', `/files/${id}/data?all=true&format=csv`));
  expect(deleted).toBe(204);
  expect(result.status).toBe(404);
  expect(await left(id)).toEqual([]);
});

it('undisturbed, results are cached beside the file and a delete removes them', async () => {
  const id = await upload();
  expect((await call(stack.url, 'POST', '/eda/summary', { json: { file_id: id } })).status).toBe(200);
  expect((await call(stack.url, 'GET', `/synth/${id}/download?format=parquet`)).status).toBe(302);
  expect((await call(stack.url, 'GET', `/files/${id}/data?all=true&format=csv`)).status).toBe(302);
  const derived = (await left(id)).filter((k) => k.startsWith(fileKeys.derived(id, '')));
  expect(derived).toHaveLength(3);
  expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
  expect(await left(id)).toEqual([]);
});
