/**
 * Column names are bounded (core/table/names.ts) in every format and upload path: a CSV with two
 * 500 000-character names, or 1 000 of 2 000, was accepted (201) and its record and every list page
 * carried megabytes of names. Now the upload is a 422 naming the column by position, and the file
 * ends failed with that problem, its chunks removed, as other ingest refusals; a one-hot step over
 * very long labels writes shortened names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { fileKeys, type FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { MAX_NAME_CHARS } from '../../core/table/names.js';
import { call, fileSettled, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const long = (c: string, n = 500_000) => c.repeat(n);
const csv = `id,${long('n')},${long('m')}\n1,2,3\n4,5,6\n`;
const rows = [
  { id: 1, [long('n')]: 2 },
  { id: 4, [long('n')]: 5 },
];
const parquet = new Uint8Array(
  parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [1, 4], type: 'INT32' },
      { name: long('n', 2000), data: [2, 5], type: 'INT32' },
    ],
  }),
);

/** No chunk of the file is left in the store. */
async function noChunks(id: string): Promise<void> {
  const keys = await stack.services.blobs.list(fileKeys.columnar(id));
  expect(keys).toEqual([]);
}

/** Every file the store lists ready has names within the bound (the list answers). */
async function listedNamesBounded(): Promise<void> {
  const list = await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files');
  expect(list.status).toBe(200);
  for (const f of list.json.items) for (const c of f.columns ?? []) expect(c.name.length).toBeLessThanOrEqual(MAX_NAME_CHARS * 2);
}

describe('direct uploads', () => {
  it.each([
    ['long.csv', csv, 'text/csv'],
    ['long.json', JSON.stringify(rows), 'application/json'],
    ['long.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'application/x-ndjson'],
    ['long.parquet', parquet, 'application/vnd.apache.parquet'],
  ] as const)('%s with a name past the limit is a 422 naming column 2', async (name, body, type) => {
    const r = await uploadDirect<{ detail: string; column?: number }>(stack.url, name, body, type);
    expect(r.status, r.text.slice(0, 300)).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).toContain(`Column 2's name is longer than ${MAX_NAME_CHARS} characters`);
    expect(r.json.detail).toContain('begins "nnnn');
    expect(r.json.column).toBe(2);
    expect(r.text.length).toBeLessThan(2000);
    await listedNamesBounded();
  }, 60_000);

  it('1 000 names of 2 000 characters: 422 naming column 1', async () => {
    const header = Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(2000, 'x')).join(',');
    const r = await uploadDirect<{ detail: string; column?: number }>(stack.url, 'many.csv', `${header}\n${Array.from({ length: 1000 }, (_, i) => i).join(',')}\n`);
    expect(r.status).toBe(422);
    expect(r.json.column).toBe(1);
  }, 60_000);
});

describe('presigned uploads', () => {
  it.each([
    ['long.csv', Buffer.from(csv), 'text/csv'],
    ['long.parquet', Buffer.from(parquet), 'application/vnd.apache.parquet'],
  ] as const)('%s ends failed with the problem, and no chunk is left', async (filename, body, contentType) => {
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename, size: body.length, contentType } });
    expect(ticket.status).toBe(201);
    if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
    expect((await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(body) })).status).toBe(200);
    expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`)).status).toBe(202);
    const file = await fileSettled(stack.url, ticket.json.file_id, 60_000);
    expect(file.status).toBe('failed');
    expect(file.failure?.detail).toContain(`Column 2's name is longer than ${MAX_NAME_CHARS} characters`);
    expect(file.columns).toBeUndefined();
    await noChunks(file.file_id);
    await listedNamesBounded();
  }, 60_000);
});

it('a one-hot step over 20 000-character labels writes names within the limit', async () => {
  const label = long('L', 20_000);
  const up = await uploadDirect<FileMeta>(stack.url, 'labels.csv', `c,y\n${label}a,1\n${label}b,2\n${label}a,3\nshort,4\n`);
  expect(up.status).toBe(201);
  const started = await call<{ job_id: string; file_id: string }>(stack.url, 'POST', '/features/apply', { json: { file_id: up.json.file_id, steps: [{ kind: 'one_hot', column: 'c' }] } });
  expect(started.status, started.text.slice(0, 300)).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  const out = await call<FileMeta>(stack.url, 'GET', `/files/${started.json.file_id}`);
  const names = (out.json.columns ?? []).map((c) => c.name);
  expect(names.filter((n) => n.startsWith('c='))).toHaveLength(3);
  expect(names.every((n) => [...n].length <= MAX_NAME_CHARS)).toBe(true);
}, 60_000);
