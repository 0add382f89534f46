/**
 * Parquet columns read by position (two columns may share a name) and timestamps to the
 * microsecond: the ingest gives what the same table as CSV gives.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { withCsvSource } from '../../core/files/source.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { concatTables, decodeTable } from '../../core/table/arrow.js';
import { toRecords } from '../../core/table/csv.js';

async function ingest(filename: string, contentType: string, bytes: Uint8Array) {
  const blobs = { getStream: async () => Readable.from([Buffer.from(bytes)]), getBytes: async () => bytes };
  const chunks: Uint8Array[] = [];
  const summary = await withCsvSource(blobs, { file_id: 'f_test', filename, content_type: contentType, size: bytes.length }, async (source) => {
    const parts: Buffer[] = [];
    for await (const chunk of await source.open()) parts.push(chunk as Buffer);
    const csv = Buffer.concat(parts).toString('utf8');
    const s = await ingestCsv({ open: () => source.open(), ...(source.dialect ? { dialect: source.dialect } : {}), writeChunk: async (_i, b) => void chunks.push(b) });
    return { ...s, csv };
  });
  const table = concatTables(chunks.map(decodeTable));
  return { summary, csv: summary.csv, names: summary.columns.map((c) => c.name), records: toRecords(table, 0, table.rowCount) };
}
const ingestParquet = (bytes: Uint8Array) => ingest('x.parquet', 'application/vnd.apache.parquet', bytes);
const ingestCsvText = (text: string) => ingest('x.csv', 'text/csv', Buffer.from(text));

/**
 * hyparquet-writer finds a column's schema by name, so it cannot write two columns of one name:
 * they are written as `dup_1`, `dup_2`, … and renamed `dup_0` in the footer (same length, so the
 * Thrift metadata stays valid).
 */
function sameNames(bytes: ArrayBuffer): Uint8Array {
  return new Uint8Array(Buffer.from(Buffer.from(bytes).toString('latin1').replaceAll(/dup_\d/g, 'dup_0'), 'latin1'));
}

describe('Parquet columns of one name', () => {
  it('are each read, by position, and deduped as a CSV header is', async () => {
    const bytes = sameNames(
      parquetWriteBuffer({
        columnData: [
          { name: 'dup_1', data: [1, 2], type: 'INT32' },
          { name: 'dup_2', data: [3, 4], type: 'INT32' },
          { name: 'dup_3', data: ['x', 'y'], type: 'STRING' },
        ],
        rowGroupSize: 1,
      }),
    );
    const parquet = await ingestParquet(bytes);
    const csv = await ingestCsvText('dup_0,dup_0,dup_0\n1,3,x\n2,4,y\n');
    expect(parquet.names).toEqual(['dup_0', 'dup_0_2', 'dup_0_3']);
    expect(parquet.names).toEqual(csv.names);
    expect(parquet.records).toEqual([
      { dup_0: 1, dup_0_2: 3, dup_0_3: 'x' },
      { dup_0: 2, dup_0_2: 4, dup_0_3: 'y' },
    ]);
    expect(parquet.records).toEqual(csv.records);
  });

  it('structs of one name keep their own fields', async () => {
    const bytes = sameNames(
      parquetWriteBuffer({
        columnData: [
          { name: 'dup_1', data: [{ p: 1, q: 'z' }, null] },
          { name: 'dup_2', data: [{ p: 3, q: 'w' }, { p: 4, q: 'v' }] },
          { name: 'n', data: [5, 6] },
        ],
        schema: [
          { name: 'root', num_children: 3 },
          { name: 'dup_1', repetition_type: 'OPTIONAL', num_children: 2 },
          { name: 'p', type: 'INT32', repetition_type: 'OPTIONAL' },
          { name: 'q', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          { name: 'dup_2', repetition_type: 'OPTIONAL', num_children: 2 },
          { name: 'p', type: 'INT32', repetition_type: 'OPTIONAL' },
          { name: 'q', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
          { name: 'n', type: 'INT32', repetition_type: 'REQUIRED' },
        ],
      }),
    );
    expect((await ingestParquet(bytes)).csv).toBe('dup_0,dup_0,n\n"{""p"":1,""q"":""z""}","{""p"":3,""q"":""w""}",5\n,"{""p"":4,""q"":""v""}",6\n');
  });
});

describe('Parquet timestamps', () => {
  it('keep their milliseconds, as the same CSV does', async () => {
    const t = ['2024-01-01 10:00:00.500', '2024-06-01 10:30:00.123', '2024-06-02 10:30:00', null];
    const bytes = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 't', data: t.map((v) => (v === null ? null : new Date(v.replace(' ', 'T') + 'Z'))), type: 'TIMESTAMP' }], rowGroupSize: 2 }),
    );
    const parquet = await ingestParquet(bytes);
    const csv = await ingestCsvText('t\n' + t.map((v) => v ?? '""').join('\n') + '\n');
    expect(parquet.summary.columns[0]).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss.SSS' });
    expect(parquet.summary.columns).toEqual(csv.summary.columns);
    expect(parquet.records.map((r) => r['t'])).toEqual(['2024-01-01 10:00:00.500', '2024-06-01 10:30:00.123', '2024-06-02 10:30:00.000', null]);
    expect(parquet.records).toEqual(csv.records);
  });

  it('keep microseconds (nanoseconds floored to them), before 1970 too, whether instants or local', async () => {
    const micros = [1704103200500123n, -1n, null, 1704103200000000n];
    const unit = (name: string, u: 'MILLIS' | 'MICROS' | 'NANOS', isAdjustedToUTC: boolean) => ({
      name,
      type: 'INT64' as const,
      logical_type: { type: 'TIMESTAMP' as const, isAdjustedToUTC, unit: u },
      repetition_type: 'OPTIONAL' as const,
    });
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'us', data: micros },
          { name: 'ns', data: [1704103200500123456n, -1500n, null, 1704103200000000999n] },
          { name: 'local', data: micros },
        ],
        schema: [{ name: 'root', num_children: 3 }, unit('us', 'MICROS', true), unit('ns', 'NANOS', true), unit('local', 'MICROS', false)],
      }),
    );
    const { csv, summary, records } = await ingestParquet(bytes);
    expect(csv).toBe(
      'us,ns,local\n' +
        '2024-01-01 10:00:00.500123,2024-01-01 10:00:00.500123,2024-01-01 10:00:00.500123\n' +
        '1969-12-31 23:59:59.999999,1969-12-31 23:59:59.999998,1969-12-31 23:59:59.999999\n' +
        ',,\n' +
        '2024-01-01 10:00:00,2024-01-01 10:00:00,2024-01-01 10:00:00\n',
    );
    expect(summary.columns.map((c) => c.format)).toEqual(Array(3).fill('YYYY-MM-DD HH:mm:ss.SSSSSS'));
    expect(records[0]).toEqual({ us: '2024-01-01 10:00:00.500123', ns: '2024-01-01 10:00:00.500123', local: '2024-01-01 10:00:00.500123' });
  });
});
