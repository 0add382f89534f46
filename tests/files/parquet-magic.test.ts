/**
 * Parquet is recognised by its magic bytes ("PAR1" first and last), whatever content type was declared:
 * a presigned PUT without one defaults to text/csv, and the CSV reader then refused the file for its NUL bytes.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { detectContentFormat, hasParquetMagic, withDetectedFormat } from '../../core/files/magic.js';
import type { FileMeta } from '../../core/files/model.js';

const parquet = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2, 3], type: 'INT32' }] }));
/** The bytes in pieces of `size`, so the magic is split across chunks. */
const streamOf = (bytes: Uint8Array, size = 3) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => Buffer.from(bytes.subarray(i * size, i * size + size))));
const text = (s: string) => new TextEncoder().encode(s);

describe('Parquet magic bytes', () => {
  it('knows a Parquet file, whole or streamed in small pieces', async () => {
    expect(hasParquetMagic(parquet)).toBe(true);
    for (const size of [1, 3, 4, 5, 64, 1 << 20]) expect(await detectContentFormat(streamOf(parquet, size))).toBe('parquet');
  });

  it('needs the magic at both ends, and a footer between', async () => {
    for (const bytes of [text('PAR1,PAR2\n1,2\n'), text('a,b\n1,PAR1'), text('PAR1PAR1'), new Uint8Array(0), parquet.subarray(0, parquet.length - 1)]) {
      expect(hasParquetMagic(bytes)).toBe(false);
      expect(await detectContentFormat(streamOf(bytes))).toBeUndefined();
    }
  });

  it('stops reading a non-Parquet stream after its first bytes', async () => {
    let pulled = 0;
    const stream = Readable.from((function* () {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.from('a,b\n1,2\n');
      }
    })());
    expect(await detectContentFormat(stream)).toBeUndefined();
    expect(pulled).toBeLessThan(100);
  });

  it('marks a Parquet original declared as CSV as Parquet, and leaves a CSV alone', async () => {
    const meta = (filename: string): FileMeta => ({
      file_id: 'f_test', filename, content_type: 'text/csv', size: 0, status: 'ingesting', created_at: '', updated_at: '', lineage: { operation: 'upload' },
    });
    const blobsOf = (bytes: Uint8Array) => ({ getStream: async () => streamOf(bytes, 16) });
    expect((await withDetectedFormat(blobsOf(parquet), meta('good.parquet'))).content_type).toBe('application/vnd.apache.parquet');
    expect((await withDetectedFormat(blobsOf(parquet), meta('upload.csv'))).content_type).toBe('application/vnd.apache.parquet');
    expect((await withDetectedFormat(blobsOf(text('a,b\n1,2\n')), meta('a.csv'))).content_type).toBe('text/csv');
  });
});
