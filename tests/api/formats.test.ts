/**
 * JSON, JSON Lines and Parquet uploads over HTTP on the embedded stack: the same table in each
 * format becomes the same ready file as its CSV, by direct and presigned upload, and the file
 * works downstream (synthesis, type edits, which re-read the original).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { call, downloaded, fileSettled, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type DataPage = { total_rows: number; columns: string[]; rows: Record<string, unknown>[] };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const pad = (n: number) => String(n).padStart(2, '0');
const N = 60;
const rows = Array.from({ length: N }, (_, i) => ({
  n: (i * 37) % 101,
  grp: ['north', 'south', 'east'][i % 3]!,
  x: i % 7 === 0 ? null : i * 1.25 - 10,
  flag: i % 2 === 0,
  when: `2024-01-${pad(1 + (i % 28))} ${pad(i % 24)}:${pad(i % 60)}:05`,
  note: `item ${i}, "q${i % 5}"`,
}));
const names = Object.keys(rows[0]!);

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const asCsv = names.join(',') + '\n' + rows.map((r) => Object.values(r).map((v) => (v === null ? '' : quote(String(v)))).join(',')).join('\n') + '\n';
const asJson = JSON.stringify(rows);
const asJsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const asParquet = new Uint8Array(
  parquetWriteBuffer({
    columnData: [
      { name: 'n', data: rows.map((r) => r.n), type: 'INT32' },
      { name: 'grp', data: rows.map((r) => r.grp), type: 'STRING' },
      { name: 'x', data: rows.map((r) => r.x), type: 'DOUBLE' },
      { name: 'flag', data: rows.map((r) => r.flag), type: 'BOOLEAN' },
      { name: 'when', data: rows.map((r) => new Date(r.when.replace(' ', 'T') + 'Z')), type: 'TIMESTAMP' },
      { name: 'note', data: rows.map((r) => r.note), type: 'STRING' },
    ],
    rowGroupSize: 25, // several row groups
  }),
);

const waitReady = (id: string) => fileSettled(stack.url, id, 60_000);

const page = async (id: string) => (await call<DataPage>(stack.url, 'GET', `/files/${id}/data?limit=1000`)).json;

async function presigned(filename: string, contentType: string, body: Uint8Array): Promise<FileMeta> {
  const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename, size: body.length, contentType } });
  expect(ticket.status).toBe(201);
  if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
  const put = await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: new Uint8Array(body) });
  expect(put.status).toBe(200);
  expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`)).status).toBe(202);
  return waitReady(ticket.json.file_id);
}

describe('the same table as CSV, JSON, JSON Lines and Parquet', () => {
  let csv: FileMeta;
  let csvPage: DataPage;
  beforeAll(async () => {
    const r = await uploadDirect<FileMeta>(stack.url, 't.csv', asCsv);
    expect(r.status).toBe(201);
    csv = r.json;
    csvPage = await page(csv.file_id);
  });

  it('the CSV has the expected types', () => {
    const types = Object.fromEntries((csv.columns ?? []).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ grp: 'categorical', x: 'float', flag: 'boolean', when: 'datetime' });
    expect(csv.rows).toBe(N);
  });

  it.each([
    ['t.json', 'application/json', asJson],
    ['t.jsonl', 'application/x-ndjson', asJsonl],
    ['t.ndjson', 'application/octet-stream', asJsonl],
    ['t.parquet', 'application/vnd.apache.parquet', asParquet],
    ['t.parquet', 'application/octet-stream', asParquet],
  ])('direct upload of %s (%s) gives the CSV’s rows, columns and types', async (filename, type, content) => {
    const r = await uploadDirect<FileMeta>(stack.url, filename, content, type);
    expect(r.status, r.text).toBe(201);
    expect(r.json.status).toBe('ready');
    expect(r.json.rows).toBe(N);
    expect(r.json.columns).toEqual(csv.columns);
    expect(r.json.content_type).toBe(type);
    const p = await page(r.json.file_id);
    expect(p.columns).toEqual(csvPage.columns);
    expect(p.rows).toEqual(csvPage.rows);
  });
});

describe('downstream of converted uploads', () => {
  it('a presigned Parquet upload reaches ready, and gaussian_copula synthesises from it', async () => {
    const file = await presigned('t.parquet', 'application/vnd.apache.parquet', asParquet);
    expect(file.status, JSON.stringify(file.failure)).toBe('ready');
    expect(file.rows).toBe(N);
    const started = await generated(stack.url, { file_id: file.file_id, generator: 'gaussian_copula', rows: 40, seed: 1 });
    const lines = (await (await downloaded(stack.url, started.generated_file_id)).text()).trimEnd().split('\n');
    expect(lines[0]).toBe(names.join(','));
    expect(lines).toHaveLength(41);
  });

  it('a type edit on a JSON-born file re-reads the JSON original', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 't.json', asJson, 'application/json');
    expect(up.json.columns?.find((c) => c.name === 'n')?.type).toBe('integer');
    const r = await call<FileMeta>(stack.url, 'PUT', `/files/${up.json.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'categorical' }] } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.columns?.find((c) => c.name === 'n')?.type).toBe('categorical');
    expect(r.json.rows).toBe(N);
    const p = await page(up.json.file_id);
    expect(p.rows[1]).toMatchObject({ n: String(rows[1]!.n) });
  });

  it('keeps integers past 2^53 as written, in JSON and JSON Lines, as in CSV', async () => {
    const accounts = ['12345678901234567001', '12345678901234567099', '98765432109876543210'];
    const array = `[${accounts.map((a, i) => `{"acct":${a},"n":${i}}`).join(',')}]`;
    const lines = accounts.map((a, i) => `{"acct": ${a}, "n": ${i}}`).join('\n') + '\n';
    for (const [name, body, type] of [['big.json', array, 'application/json'], ['big.jsonl', lines, 'application/x-ndjson']] as const) {
      const up = await uploadDirect<FileMeta>(stack.url, name, body, type);
      expect(up.json.status, name).toBe('ready');
      const csvText = (await call(stack.url, 'GET', `/files/${up.json.file_id}/data?format=csv&limit=10`)).text;
      for (const a of accounts) expect(csvText, name).toContain(a);
      expect((await page(up.json.file_id)).rows.map((r) => r.n)).toEqual([0, 1, 2]);
    }
  });

  it('a presigned JSON Lines file with a bad line ends failed, naming the line', async () => {
    const body = Buffer.from('{"a":1}\n{"a":2}\n{"a":\n');
    const file = await presigned('bad.jsonl', 'application/x-ndjson', body);
    expect(file.status).toBe('failed');
    expect(file.failure).toMatchObject({ line: 3, detail: expect.stringContaining('Line 3 is not valid JSON') });
  });
});

describe('refusals', () => {
  const problem = (r: { status: number; type: string }, status: number) => {
    expect(r.status).toBe(status);
    expect(r.type).toContain('application/problem+json');
  };

  it('says JSON sent as CSV that is not unambiguously a table is JSON, and how to send it', async () => {
    // A JSON array or JSON Lines sent as CSV is read as such (tests/api/sniffed-upload.test.ts); one object alone is not.
    const r = await uploadDirect<{ detail: string }>(stack.url, 'data.json', '{"a": 1}\n', 'text/csv');
    problem(r, 422);
    expect(r.json.detail).toContain('looks like JSON, not CSV: upload it as application/json');
  });

  it('malformed JSON and Parquet → 422 with a clear detail, not 500', async () => {
    const lines = await uploadDirect(stack.url, 'x.jsonl', '{"a":1}\n{"a":2}\n[3]\n', 'application/jsonl');
    problem(lines, 422);
    expect(lines.json.line).toBe(3);
    const shape = await uploadDirect(stack.url, 'x.json', '[[1,2],[3,4]]', 'application/json');
    problem(shape, 422);
    expect(shape.json.detail).toContain('expected an array of objects');
    const parquet = await uploadDirect(stack.url, 'x.parquet', asParquet.subarray(0, 200), 'application/vnd.apache.parquet');
    problem(parquet, 422);
    expect(parquet.json.detail).toContain('Parquet file could not be read');
  });

  it('a JSON array above the limit → 413 before the upload; the 415 names the formats', async () => {
    problem(await call(stack.url, 'POST', '/files/upload', { json: { filename: 'big.json', size: 300 * 1024 * 1024, contentType: 'application/json' } }), 413);
    const big = await call(stack.url, 'POST', '/files/upload', { json: { filename: 'big.jsonl', size: 300 * 1024 * 1024, contentType: 'application/x-ndjson' } });
    expect(big.status).toBe(201);
    const r = await uploadDirect(stack.url, 'x.xml', '<a/>', 'application/xml');
    problem(r, 415);
    expect(r.json.detail).toMatch(/JSON.*Parquet/);
  });
});
