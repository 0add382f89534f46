/**
 * Parquet uploads as CSV, read row group by row group with hyparquet so memory stays bounded by
 * one row group. Parquet needs random access (the footer first, then column chunks), which a
 * stream from the blob store does not give: the object is spooled once to a temporary file.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { unprocessable } from '../errors.js';
import { cellText, chunked, csvRecord, isoDate, isoDatetime } from './csv-cells.js';

export interface ParquetFile {
  readonly file: AsyncBuffer;
  readonly metadata: FileMetaData;
}

/** Any failure of the reader is the file's fault (corrupt, unsupported codec): a 422, never a 500. */
function unreadable(e: unknown): Error {
  return unprocessable(`The Parquet file could not be read: ${e instanceof Error ? e.message : String(e)}.`);
}

export async function openParquet(file: AsyncBuffer): Promise<ParquetFile> {
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (e) {
    throw unreadable(e);
  }
}

/** A stream spooled to a temporary file; `dispose` removes it. */
export async function spool(stream: Readable): Promise<{ file: AsyncBuffer; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tabmimic-parquet-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'original.parquet');
    await pipeline(stream, createWriteStream(path));
    return { file: await asyncBufferFromFile(path), dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** DATE columns as `YYYY-MM-DD`, every other Date (timestamps, INT96) as `YYYY-MM-DD HH:mm:ss`. */
function dateFormatter(element: SchemaElement): (d: Date) => string {
  return element.logical_type?.type === 'DATE' || element.converted_type === 'DATE' ? isoDate : isoDatetime;
}

/** CSV of a Parquet file: its top-level columns (structs and lists as JSON text). */
export function parquetCsv({ file, metadata }: ParquetFile): Readable {
  const top = parquetSchema(metadata).children;
  const names = top.map((c) => c.element.name);
  const formats = top.map((c) => dateFormatter(c.element));
  async function* records(): AsyncGenerator<string> {
    if (!names.length) return;
    yield csvRecord(names);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        // Every codec writers use (ZSTD from Polars, GZIP, Brotli, LZ4), not only hyparquet's own Snappy.
        rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
      } catch (e) {
        throw unreadable(e);
      }
      for (const row of rows) yield csvRecord(names.map((n, i) => cellText(row[n], formats[i])));
      rowStart = rowEnd;
    }
  }
  return Readable.from(chunked(records()));
}
