/**
 * Parquet FLOAT (float32) columns were read as their widened doubles: 27.1 came back as
 * 27.100000381469727 with decimals 15, and synthetic values were written unrounded. Each is now the
 * shortest decimal that reads back as the same float32.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { withCsvSource } from '../../core/files/source.js';
import { float32Text } from '../../core/files/parquet-source.js';
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

describe('Parquet FLOAT', () => {
  it('writes a float32 as the shortest decimal that round-trips through float32', () => {
    expect(float32Text(Math.fround(27.1))).toBe('27.1');
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-3.25))).toBe('-3.25');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(Math.fround(16777217))).toBe('16777216');
    expect(float32Text(NaN)).toBe('');
  });

  it('reads a one-decimal float32 column with one decimal', async () => {
    const temp = [27.1, 15.3, null, -2.7, 0.1, 30];
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'temp', data: temp, type: 'FLOAT' }] });
    const { summary, table } = await ingestParquet(new Uint8Array(bytes));
    expect(summary.inferred[0]).toMatchObject({ type: 'float', decimals: 1 });
    expect(toRecords(table, 0, temp.length).map((r) => r['temp'])).toEqual(temp);
    expect(writeCsv(table).split('\n').slice(1, 3)).toEqual(['27.1', '15.3']);
  });
});
