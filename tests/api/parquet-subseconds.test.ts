/**
 * Fractions of a second through a Parquet upload and its Parquet download: a TIME(MICROS) column keeps
 * its microseconds (`HH:mm:ss.SSSSSS`), written back as TIME(MICROS), and a TIMESTAMP(MICROS) column
 * its microseconds, written back as TIMESTAMP(MICROS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
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

const clockMicros = (h: number, m: number, s: number, us: number) => BigInt(((h * 60 + m) * 60 + s) * 1_000_000 + us);

describe('a Parquet upload with TIME(MICROS) and TIMESTAMP(MICROS) columns', () => {
  it('keeps sub-seconds from upload to Parquet download', async () => {
    const clock = [clockMicros(12, 34, 56, 123_456), clockMicros(7, 5, 9, 0), null, clockMicros(23, 59, 59, 999_999)];
    const stamp = [1704103200123456n, 1704103200000000n, null, -1n];
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'clock', data: clock },
          { name: 'stamp', data: stamp },
        ],
        schema: [
          { name: 'root', num_children: 2 },
          { name: 'clock', type: 'INT64', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' }, repetition_type: 'OPTIONAL' },
          { name: 'stamp', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: 'OPTIONAL' },
        ],
      }),
    );
    const up = await uploadDirect<FileMeta>(stack.url, 'sub.parquet', bytes, 'application/vnd.apache.parquet');
    expect(up.status, up.text).toBe(201);
    expect(up.json.status).toBe('ready');
    expect(up.json.columns?.map((c) => [c.name, c.type, c.format])).toEqual([
      ['clock', 'datetime', 'HH:mm:ss.SSSSSS'],
      ['stamp', 'datetime', 'YYYY-MM-DD HH:mm:ss.SSSSSS'],
    ]);
    const page = (await call<DataPage>(stack.url, 'GET', `/files/${up.json.file_id}/data?limit=10`)).json;
    expect(page.rows).toEqual([
      { clock: '12:34:56.123456', stamp: '2024-01-01 10:00:00.123456' },
      { clock: '07:05:09.000000', stamp: '2024-01-01 10:00:00.000000' },
      { clock: null, stamp: null },
      { clock: '23:59:59.999999', stamp: '1969-12-31 23:59:59.999999' },
    ]);

    const download = await call(stack.url, 'GET', `/synth/${up.json.file_id}/download?format=parquet`);
    expect(download.status).toBe(302);
    const out = await (await fetch(download.headers.get('location')!)).arrayBuffer();
    const schema = parquetMetadata(out).schema;
    expect(schema.find((e) => e.name === 'clock')).toMatchObject({ type: 'INT64', converted_type: 'TIME_MICROS' });
    expect(schema.find((e) => e.name === 'stamp')).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', unit: 'MICROS' } });
    // hyparquet's own parsers: TIME as its integer (microseconds), a MICROS timestamp kept as the raw microseconds.
    const rows = await parquetReadObjects({ file: out, parsers: { timestampFromMicroseconds: (us: bigint) => us } });
    expect(rows.map((r) => r.clock)).toEqual(clock);
    expect(rows.map((r) => r.stamp)).toEqual(stamp);

    // The download uploads again as the same columns and values.
    const again = await uploadDirect<FileMeta>(stack.url, 'again.parquet', new Uint8Array(out), 'application/vnd.apache.parquet');
    expect(again.json.columns?.map((c) => c.format)).toEqual(up.json.columns?.map((c) => c.format));
    expect((await call<DataPage>(stack.url, 'GET', `/files/${again.json.file_id}/data?limit=10`)).json.rows).toEqual(page.rows);
  });

  it('a file ingested when times of day dropped their fractions: a type edit finds the column\'s format again', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'clock', data: [1500, 3_600_000] },
          { name: 'n', data: [1, 2] },
        ],
        schema: [
          { name: 'root', num_children: 2 },
          { name: 'clock', type: 'INT32', converted_type: 'TIME_MILLIS', repetition_type: 'OPTIONAL' },
          { name: 'n', type: 'INT32', repetition_type: 'OPTIONAL' },
        ],
      }),
    );
    const meta = (await uploadDirect<FileMeta>(stack.url, 'clock.parquet', bytes, 'application/vnd.apache.parquet')).json;
    // The record as the reader that dropped fractions left it.
    const old: FileMeta = { ...meta, columns: meta.columns?.map((c) => (c.name === 'clock' ? { ...c, format: 'HH:mm:ss', reason: 'every value is a date in HH:mm:ss' } : c)) };
    expect(await stack.services.meta.replaceFile(old, meta)).toBe(true);
    const r = await call<FileMeta>(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'float' }] } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.columns?.find((c) => c.name === 'clock')).toMatchObject({ type: 'datetime', format: 'HH:mm:ss.SSS' });
    const page = (await call<DataPage>(stack.url, 'GET', `/files/${meta.file_id}/data?limit=10`)).json;
    expect(page.rows.map((row) => row['clock'])).toEqual(['00:00:01.500', '01:00:00.000']);
  });

  it('a file ingested when TIME(MICROS) was floored to milliseconds: a type edit finds HH:mm:ss.SSSSSS', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'clock', data: [clockMicros(0, 0, 1, 500_250), clockMicros(1, 0, 0, 0)] },
          { name: 'n', data: [1, 2] },
        ],
        schema: [
          { name: 'root', num_children: 2 },
          { name: 'clock', type: 'INT64', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' }, repetition_type: 'OPTIONAL' },
          { name: 'n', type: 'INT32', repetition_type: 'OPTIONAL' },
        ],
      }),
    );
    const meta = (await uploadDirect<FileMeta>(stack.url, 'micros.parquet', bytes, 'application/vnd.apache.parquet')).json;
    const old: FileMeta = { ...meta, columns: meta.columns?.map((c) => (c.name === 'clock' ? { ...c, format: 'HH:mm:ss.SSS', reason: 'every value is a date in HH:mm:ss.SSS' } : c)) };
    expect(await stack.services.meta.replaceFile(old, meta)).toBe(true);
    const r = await call<FileMeta>(stack.url, 'PUT', `/files/${meta.file_id}/schema`, { json: { columns: [{ name: 'n', type: 'float' }] } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.columns?.find((c) => c.name === 'clock')).toMatchObject({ type: 'datetime', format: 'HH:mm:ss.SSSSSS' });
    const page = (await call<DataPage>(stack.url, 'GET', `/files/${meta.file_id}/data?limit=10`)).json;
    expect(page.rows.map((row) => row['clock'])).toEqual(['00:00:01.500250', '01:00:00.000000']);
  });
});
