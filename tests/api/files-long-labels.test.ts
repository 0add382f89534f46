/**
 * A file record stays small whatever the table: very long or very many category labels (5 cells of
 * 2 MB; 2 500 columns of 280-character labels) once made a 10 MB record — the upload answered 422
 * though the file was stored (its id never told), GET /files/{id} was a 422 for good, and so was
 * every page of GET /files. The record keeps the first labels of such a column and says
 * `categories_truncated`; a condition on any label of the data is still checked against them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { newId } from '../../core/ids.js';
import { RECORD_CATEGORY_BYTES } from '../../core/files/record-bounds.js';
import { call, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

async function upload(csv: string, name: string) {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  return call<FileMeta>(stack.url, 'POST', '/files/upload', { body: form });
}

/** `columns` columns of `rows` rows, each cell a 280-character label, 12 distinct per column. */
function wide(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  const lines = Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, i) => 'v'.repeat(280) + ((i + r) % 12)).join(','));
  return [header, ...lines].join('\n') + '\n';
}

const labelBytes = (meta: FileMeta) => (meta.columns ?? []).reduce((n, c) => n + JSON.stringify(c.categories ?? []).length, 0);

/** The upload answered with its id, and the file, its list and a one-item page all readable. */
async function readable(csv: string, name: string): Promise<FileMeta> {
  const up = await upload(csv, name);
  expect(up.status).toBe(201);
  expect(up.json.status).toBe('ready');
  const id = up.json.file_id;
  const got = await call<FileMeta>(stack.url, 'GET', `/files/${id}`);
  expect(got.status).toBe(200);
  expect(labelBytes(got.json)).toBeLessThanOrEqual(RECORD_CATEGORY_BYTES);
  for (const path of ['/files', '/files?limit=1']) {
    const list = await call<{ items: FileMeta[] }>(stack.url, 'GET', path);
    expect(list.status).toBe(200);
    expect(list.json.items.map((f) => f.file_id)).toContain(id);
  }
  return got.json;
}

describe('a table of very long labels', () => {
  it('5 rows of 2 MB cells: the upload, the file and the list answer, the labels cut short', async () => {
    const csv = 'id,big\n' + Array.from({ length: 5 }, (_, i) => `${i},${'x'.repeat(2_000_000)}${i}`).join('\n') + '\n';
    const meta = await readable(csv, 'longcell.csv');
    const big = meta.columns!.find((c) => c.name === 'big')!;
    expect(big).toMatchObject({ type: 'categorical', categories_truncated: true, distinct: 5 });
    await call(stack.url, 'DELETE', `/files/${meta.file_id}`);
  }, 120_000);

  it('2 500 columns × 12 rows of 280-character labels: the upload, the file and the list answer', async () => {
    const meta = await readable(wide(2500, 12), 'wide.csv');
    expect(meta.columns).toHaveLength(2500);
    expect(meta.columns!.every((c) => c.categories_truncated && c.categories!.length < 12)).toBe(true);
    await call(stack.url, 'DELETE', `/files/${meta.file_id}`);
  }, 120_000);
});

it('a record stored before the bound (every 2 MB label kept) is answered bounded, alone and in the list', async () => {
  const now = new Date().toISOString();
  const labels = Array.from({ length: 4 }, (_, i) => 'y'.repeat(2_000_000) + i);
  const old: FileMeta = {
    file_id: newId('f'),
    filename: 'old.csv',
    content_type: 'text/csv',
    size: 8_000_100,
    status: 'ready',
    rows: 4,
    chunks: 1,
    chunk_rows: 100_000,
    columns: [{ name: 'big', type: 'categorical', missing: 0, distinct: 4, categories: labels }],
    created_at: now,
    updated_at: now,
    lineage: { operation: 'upload' },
  };
  await stack.services.meta.putFile(old);
  const got = await call<FileMeta>(stack.url, 'GET', `/files/${old.file_id}`);
  expect(got.status).toBe(200);
  expect(got.json.columns![0]).toMatchObject({ categories: [], categories_truncated: true });
  const page = await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1');
  expect(page.status).toBe(200);
  expect(page.json.items[0]!.file_id).toBe(old.file_id);
  await stack.services.meta.deleteFile(old.file_id);
});

describe('conditions on a label the record left out', () => {
  let meta: FileMeta;
  beforeAll(async () => {
    // 400 columns of 12 labels: more than the record holds, so each keeps its first few.
    meta = (await upload(wide(400, 24), 'conditions.csv')).json;
  }, 120_000);
  afterAll(async () => {
    await call(stack.url, 'DELETE', `/files/${meta.file_id}`);
  });

  it('are accepted when the data has the label, refused when it has not', async () => {
    const c0 = meta.columns!.find((c) => c.name === 'c0')!;
    expect(c0.categories_truncated).toBe(true);
    const last = 'v'.repeat(280) + '9'; // last in label order, so among those left out
    expect(c0.categories).not.toContain(last);
    const generate = (value: string) => call<{ job_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: meta.file_id, generator: 'gaussian_copula', rows: 5, seed: 1, conditions: { c0: value } } });
    const accepted = await generate(last);
    expect(accepted.status).toBe(202);
    const refused = await generate('v'.repeat(280) + '99');
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ detail: expect.stringMatching(/no such category/) });
  });
});
