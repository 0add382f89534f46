/** Parquet DECIMAL columns arrive exactly as written; ±Infinity doubles as missing values (infer.ts rule 4e). */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { withCsvSource } from '../../core/files/source.js';
import { decimalText } from '../../core/files/parquet-source.js';
import { ingestCsv } from '../../core/table/ingest.js';
import { concatTables, decodeTable } from '../../core/table/arrow.js';
import { toRecords, writeCsv } from '../../core/table/csv.js';

async function ingestParquet(bytes: Uint8Array) {
  const blobs = { getStream: async () => Readable.from([Buffer.from(bytes)]), getBytes: async () => bytes };
  const chunks: Uint8Array[] = [];
  const summary = await withCsvSource(blobs, { file_id: 'f_test', filename: 'x.parquet', content_type: 'application/vnd.apache.parquet', size: bytes.length }, (source) =>
    ingestCsv({ open: () => source.open(), ...(source.dialect ? { dialect: source.dialect } : {}), writeChunk: async (_i, b) => void chunks.push(b) }),
  );
  return { summary, table: concatTables(chunks.map(decodeTable)) };
}

describe('Parquet DECIMAL', () => {
  it('writes unscaled integers as exact decimal text', () => {
    expect(decimalText(27153, 2)).toBe('271.53');
    expect(decimalText(1n, 4)).toBe('0.0001');
    expect(decimalText(-5, 3)).toBe('-0.005');
    expect(decimalText(12345678901234567890n, 2)).toBe('123456789012345678.90');
    expect(decimalText(Uint8Array.from([0xff, 0x85]), 2)).toBe('-1.23');
    expect(decimalText(null, 2)).toBe('');
  });

  it('reads INT32 and INT64 decimals as written, with decimals = scale', async () => {
    const n = 40;
    const price = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : Math.round((i * 12.34 + 0.05) * 100) / 100));
    const big = Array.from({ length: n }, (_, i) => BigInt(i) * 123456789012345n + 1n);
    const bytes = parquetWriteBuffer({
      columnData: [{ name: 'price', data: price }, { name: 'bigdec', data: big }],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'price', type: 'INT32', converted_type: 'DECIMAL', scale: 2, precision: 9, repetition_type: 'OPTIONAL' },
        { name: 'bigdec', type: 'INT64', converted_type: 'DECIMAL', scale: 4, precision: 18, repetition_type: 'REQUIRED' },
      ],
    });
    const { summary, table } = await ingestParquet(new Uint8Array(bytes));
    const [p, b] = summary.inferred;
    expect([p!.type, p!.decimals, b!.type, b!.decimals]).toEqual(['float', 2, 'float', 4]);
    const records = toRecords(table, 0, 3);
    expect(records).toEqual([{ price: null, bigdec: 0.0001 }, { price: 12.39, bigdec: 12345678901.2346 }, { price: 24.73, bigdec: 24691357802.4691 }]);
    expect(writeCsv(table).split('\n').slice(1, 4)).toEqual([',0.0001', '12.39,12345678901.2346', '24.73,24691357802.4691']);
    const rows = toRecords(table, 0, n);
    expect(rows.map((r) => r['price'])).toEqual(price.map((v) => (v === null ? null : Number(v.toFixed(2)))));
  });
});

describe('Parquet doubles', () => {
  it('read ±Infinity as missing values', async () => {
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'x', data: [1.5, Infinity, -Infinity, 2.5], type: 'DOUBLE' }] });
    const { summary, table } = await ingestParquet(new Uint8Array(bytes));
    expect(summary.inferred[0]!.type).toBe('float');
    expect(summary.inferred[0]!.missing).toBe(2);
    expect(toRecords(table, 0, 4).map((r) => r['x'])).toEqual([1.5, null, null, 2.5]);
  });
});

describe('Parquet BOOLEAN', () => {
  it('comes back as booleans in JSON and Parquet; other boolean spellings stay as written', async () => {
    const { parquetReadObjects } = await import('hyparquet');
    const { toParquet } = await import('../../core/table/parquet.js');
    // Two columns: a one-column row of a missing value is a blank CSV line, which ingest skips (a known limit).
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'b', data: [true, false, null, true], type: 'BOOLEAN' }, { name: 'n', data: [1, 2, 3, 4], type: 'INT32' }] });
    const { summary, table } = await ingestParquet(new Uint8Array(bytes));
    expect(summary.inferred[0]!.type).toBe('boolean');
    expect(toRecords(table, 0, 4).map((r) => r['b'])).toEqual([true, false, null, true]);
    const out = toParquet(table);
    const rows = await parquetReadObjects({ file: out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer });
    expect(rows.map((r) => r['b'])).toEqual([true, false, null, true]);
    const { readCsvTable } = await import('../../core/table/csv.js');
    const yes = await readCsvTable('b\nyes\nno\nyes\n');
    expect(yes.columns[0]!.type).toBe('boolean');
    expect(toRecords(yes.table, 0, 2)).toEqual([{ b: 'yes' }, { b: 'no' }]);
    // R's and Python's spellings are booleans too, in JSON; CSV writes them as they were.
    const upper = await readCsvTable('b,n\nTRUE,1\nFALSE,2\n,3\n');
    expect(toRecords(upper.table, 0, 3).map((r) => r['b'])).toEqual([true, false, null]);
    expect(writeCsv(upper.table)).toBe('b,n\nTRUE,1\nFALSE,2\n,3\n');
  });
});
