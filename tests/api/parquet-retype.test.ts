/**
 * A Parquet file ingested before timestamps kept their fractions of a second (2363b75) has
 * `YYYY-MM-DD HH:mm:ss` stored for a column the reader now writes with milliseconds: a type edit of
 * another column re-reads the original, and must not refuse that column for its `.500`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

type DataPage = { columns: string[]; rows: Record<string, unknown>[] };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const column = (meta: FileMeta, name: string) => meta.columns?.find((c) => c.name === name);

async function uploadParquet(t: readonly string[]): Promise<FileMeta> {
  const bytes = new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 't', data: t.map((v) => new Date(v.replace(' ', 'T') + 'Z')), type: 'TIMESTAMP' },
        { name: 'n', data: t.map((_, i) => i + 1), type: 'INT32' },
      ],
    }),
  );
  const r = await uploadDirect<FileMeta>(stack.url, 'ts.parquet', bytes, 'application/vnd.apache.parquet');
  expect(r.status, r.text).toBe(201);
  return r.json;
}

/** The record as the reader before 2363b75 left it: `t` in whole seconds. */
async function asOldRecord(meta: FileMeta): Promise<FileMeta> {
  const old: FileMeta = {
    ...meta,
    columns: meta.columns?.map((c) => (c.name === 't' ? { ...c, format: 'YYYY-MM-DD HH:mm:ss', reason: 'every value is a date in YYYY-MM-DD HH:mm:ss' } : c)),
  };
  expect(await stack.services.meta.replaceFile(old, meta)).toBe(true);
  return old;
}

describe('retyping a Parquet file ingested before timestamps kept their fractions', () => {
  it('works: the timestamp column gets the format its values now have, and keeps working', async () => {
    const t = ['2024-01-01 10:00:00.500', '2024-01-02 10:00:00.000', '2024-06-02 10:30:00.999'];
    const meta = await asOldRecord(await uploadParquet(t));

    const r = await call<FileMeta>(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'float' }] } });
    expect(r.status, r.text).toBe(200);
    expect(column(r.json, 'n')).toMatchObject({ type: 'float' });
    expect(column(r.json, 't')).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss.SSS', reason: 'every value is a date in YYYY-MM-DD HH:mm:ss.SSS' });

    const page = (await call<DataPage>(stack.url, 'GET', `/files/${meta.file_id}/data?limit=10`)).json;
    expect(page.rows.map((row) => row['t'])).toEqual(t);
    const described = await call<{ columns: { name: string; type: string }[] }>(stack.url, 'POST', '/eda/describe', { json: { file_id: meta.file_id, columns: ['t'] } });
    expect(described.status, described.text).toBe(200);
    expect(described.json.columns[0]).toMatchObject({ name: 't', type: 'datetime' });

    // And a second edit, now of t's own type, still passes.
    const again = await call<FileMeta>(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'integer' }] } });
    expect(again.status, again.text).toBe(200);
    expect(column(again.json, 't')).toMatchObject({ format: 'YYYY-MM-DD HH:mm:ss.SSS' });
  });

  it('a whole-second column keeps its format and reason', async () => {
    const meta = await uploadParquet(['2024-01-01 10:00:00', '2024-01-02 11:00:00']);
    expect(column(meta, 't')).toMatchObject({ format: 'YYYY-MM-DD HH:mm:ss' });
    const r = await call<FileMeta>(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'float' }] } });
    expect(r.status, r.text).toBe(200);
    expect(column(r.json, 't')).toEqual(column(meta, 't'));
  });

  it('a whole-second format the user sets is still held to: a 422 naming the values', async () => {
    const meta = await uploadParquet(['2024-01-01 10:00:00.500', '2024-01-02 10:00:00']);
    const r = await call(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 't', type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' }] } });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('t cannot be datetime');
  });
});
