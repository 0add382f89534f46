/**
 * Parquet uploads over HTTP keep what the fuzz run found lost: a second column of the same name
 * (its own values, deduped as a CSV header is) and the milliseconds of timestamps, so the file is
 * the one the same table as CSV gives.
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

async function uploaded(filename: string, content: string | Uint8Array, type?: string) {
  const r = await uploadDirect<FileMeta>(stack.url, filename, content, type);
  expect(r.status, r.text).toBe(201);
  expect(r.json.status).toBe('ready');
  const page = (await call<DataPage>(stack.url, 'GET', `/files/${r.json.file_id}/data?limit=100`)).json;
  return { meta: r.json, page };
}

describe('Parquet uploads as their CSV', () => {
  it('two columns named dup_0: the second keeps its own values, as dup_0_2', async () => {
    // hyparquet-writer cannot write one name twice: `dup_1`, `dup_2` are renamed in the footer (same length).
    const written = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'dup_1', data: [1, 2], type: 'INT32' }, { name: 'dup_2', data: [3, 4], type: 'INT32' }] }));
    const bytes = new Uint8Array(Buffer.from(written.toString('latin1').replaceAll(/dup_\d/g, 'dup_0'), 'latin1'));
    const parquet = await uploaded('dup.parquet', bytes, 'application/vnd.apache.parquet');
    const csv = await uploaded('dup.csv', 'dup_0,dup_0\n1,3\n2,4\n');
    expect(parquet.page.rows).toEqual([
      { dup_0: 1, dup_0_2: 3 },
      { dup_0: 2, dup_0_2: 4 },
    ]);
    expect([parquet.page.columns, parquet.page.rows]).toEqual([csv.page.columns, csv.page.rows]);
    expect(parquet.meta.columns).toEqual(csv.meta.columns);
  });

  it('timestamps keep their milliseconds', async () => {
    const t = ['2024-01-01 10:00:00.500', '2024-06-01 10:30:00.123', '2024-06-02 10:30:00.999'];
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 't', data: t.map((v) => new Date(v.replace(' ', 'T') + 'Z')), type: 'TIMESTAMP' },
          { name: 'x', data: [1, 2, 3], type: 'INT32' },
        ],
      }),
    );
    const parquet = await uploaded('ts.parquet', bytes, 'application/vnd.apache.parquet');
    const csv = await uploaded('ts.csv', 't,x\n' + t.map((v, i) => `${v},${i + 1}`).join('\n') + '\n');
    expect(parquet.meta.columns?.[0]).toMatchObject({ name: 't', type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss.SSS' });
    expect(parquet.page.rows.map((r) => r['t'])).toEqual(t);
    expect([parquet.page.columns, parquet.page.rows]).toEqual([csv.page.columns, csv.page.rows]);
    expect(parquet.meta.columns).toEqual(csv.meta.columns);
  });
});
