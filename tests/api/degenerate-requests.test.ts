/**
 * Requests a fuzz run found accepted with a useless answer, over HTTP: steps that drop every column,
 * suggestions that would, a Parquet file declared as CSV, a datetime utility target, repeated EDA columns.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, csv: string) => {
  const r = await uploadDirect<FileMeta>(stack.url, name, csv);
  expect(r.status).toBe(201);
  return r.json.file_id;
};
const fileCount = async () => (await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length;

describe('features', () => {
  it('refuses steps that drop every column with a 422, and creates no file', async () => {
    const id = await upload('two.csv', 'a,b\n1,x\n2,y\n3,x\n');
    const before = await fileCount();
    const r = await call(stack.url, 'POST', '/features/apply', { json: { file_id: id, steps: [{ kind: 'drop', column: 'a' }, { kind: 'drop', column: 'b' }] } });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).toMatch(/drop every column/);
    expect(await fileCount()).toBe(before);
  });

  it('never suggests dropping the only column', async () => {
    const id = await upload('one.csv', 'a\n1\n1\n1\n');
    const r = await call<{ suggestions: { kind: string }[] }>(stack.url, 'POST', '/features/suggestions', { json: { file_id: id } });
    expect(r.status).toBe(200);
    expect(r.json.suggestions.filter((s) => s.kind === 'drop')).toEqual([]);
  });
});

it('reads a presigned Parquet upload with no content type (text/csv by default) as Parquet', async () => {
  const body = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2, 3], type: 'INT32' }, { name: 's', data: ['a', 'b', null], type: 'STRING' }] }));
  const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'good.parquet', size: body.length } });
  expect(ticket.status).toBe(201);
  if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
  expect((await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body })).status).toBe(200);
  expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`)).status).toBe(202);
  const meta = await fileSettled(stack.url, ticket.json.file_id, 60_000);
  expect(meta.failure).toBeUndefined();
  expect(meta).toMatchObject({ status: 'ready', rows: 3, content_type: 'application/vnd.apache.parquet' });
  expect(meta.columns?.map((c) => c.name)).toEqual(['x', 's']);
}, 120_000);

it('refuses a datetime utility target with a 422 naming the column', async () => {
  const rows = (from: number, to: number) =>
    'id,when,amt\n' + Array.from({ length: to - from }, (_, k) => from + k).map((i) => `${i},2021-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')},${(i * 3.7).toFixed(1)}`).join('\n') + '\n';
  const real = await upload('u.csv', rows(0, 80));
  const holdout = await upload('h.csv', rows(80, 120));
  const r = await call(stack.url, 'POST', '/validation/utility', { json: { real_file_id: real, synthetic_file_id: real, holdout_file_id: holdout, target: 'when' } });
  expect(r.status).toBe(422);
  expect(r.type).toContain('application/problem+json');
  expect(r.json).toMatchObject({ type: 'about:blank', column: 'when', column_type: 'datetime' });
  expect(r.json.detail).toContain('when');
});

describe('a column named twice', () => {
  let id: string;
  beforeAll(async () => {
    id = await upload('c.csv', 'c,d\n1,2\n3,4\n5,6\n');
  });

  it.each(['/eda/describe', '/eda/distributions', '/eda/outliers'])('is a 422 on %s, as on GET /files/{id}/data', async (path) => {
    const r = await call(stack.url, 'POST', path, { json: { file_id: id, columns: ['c', 'c'] } });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(JSON.stringify(r.json)).toContain('c given more than once');
    expect((await call(stack.url, 'POST', path, { json: { file_id: id, columns: ['c', 'd'] } })).status).toBe(200);
  });

  it('is a 422 on GET /files/{id}/data', async () => {
    expect((await call(stack.url, 'GET', `/files/${id}/data?columns=c,c`)).status).toBe(422);
  });
});
