/**
 * Uploads read by what they hold, over HTTP on the embedded stack (as tests/api/formats.test.ts):
 * a JSON array sent as CSV, JSON Lines called `.json`, by direct and presigned upload, become ready
 * files, as a Parquet file sent as CSV did; a CSV whose first cell starts with a bracket is still a
 * CSV; and renamed header columns keep the header as written (`original_name`).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type DataPage = { total_rows: number; columns: string[]; rows: Record<string, unknown>[] };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const rows = Array.from({ length: 12 }, (_, i) => ({ id: i, grp: ['a', 'b', 'c'][i % 3]!, x: i * 1.5 }));
const asJson = JSON.stringify(rows);
const asJsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

const page = async (id: string) => (await call<DataPage>(stack.url, 'GET', `/files/${id}/data?limit=100`)).json;

async function presigned(filename: string, contentType: string, body: string): Promise<FileMeta> {
  const bytes = new TextEncoder().encode(body);
  const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename, size: bytes.length, contentType } });
  expect(ticket.status).toBe(201);
  if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
  expect((await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: bytes })).status).toBe(200);
  expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`)).status).toBe(202);
  return fileSettled(stack.url, ticket.json.file_id, 60_000);
}

it('a JSON array or JSON Lines sent as CSV, and JSON Lines called .json, are read as what they are', async () => {
  const cases = [
    { name: 'rows.csv', type: 'text/csv', body: asJson, read: 'application/json' },
    { name: 'rows.csv', type: 'text/csv', body: asJsonl, read: 'application/x-ndjson' },
    { name: 'rows.json', type: 'application/json', body: asJsonl, read: 'application/x-ndjson' },
  ];
  for (const c of cases) {
    const direct = await uploadDirect<FileMeta>(stack.url, c.name, c.body, c.type);
    expect(direct.status, `${c.name} ${c.type}`).toBe(201);
    expect(direct.json).toMatchObject({ status: 'ready', rows: 12, content_type: c.read });
    const data = await page(direct.json.file_id);
    expect(data.columns).toEqual(['id', 'grp', 'x']);
    expect(data.rows[3]).toEqual({ id: 3, grp: 'a', x: 4.5 });
    const put = await presigned(c.name, c.type, c.body);
    expect(put).toMatchObject({ status: 'ready', rows: 12, content_type: c.read });
  }
});

it('a CSV whose first cells start with brackets is read as CSV', async () => {
  const r = await uploadDirect<FileMeta>(stack.url, 'odd.csv', '[],{}\n1,2\n3,4\n');
  expect(r.status).toBe(201);
  expect(r.json.columns?.map((c) => c.name)).toEqual(['[]', '{}']);
});

it('renamed columns keep their header as written, in the reply and the record', async () => {
  const r = await uploadDirect<FileMeta>(stack.url, 'spaces.csv', 'x, x,x ,\n1,2,3,4\n5,6,7,8\n');
  expect(r.status).toBe(201);
  const expected = [{ name: 'x' }, { name: 'x_2', original_name: ' x' }, { name: 'x_3', original_name: 'x ' }, { name: 'column_4', original_name: '' }];
  const pick = (m: FileMeta) => m.columns?.map((c) => ({ name: c.name, ...(c.original_name !== undefined ? { original_name: c.original_name } : {}) }));
  expect(pick(r.json)).toEqual(expected);
  expect(pick((await call<FileMeta>(stack.url, 'GET', `/files/${r.json.file_id}`)).json)).toEqual(expected);
});
