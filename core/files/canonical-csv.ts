/**
 * Whether an upload's original bytes already are the CSV the service writes (core/table/csv.ts
 * csvPieces): UTF-8 without a byte-order mark, commas, `"` quotes, and a first line that is exactly
 * the header as the columns are named (no `sep=` line, no header renamed on ingest, no row names).
 * Only then may `format=csv` hand out the original instead of a CSV written from the rows.
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../ports.js';
import { csvPieces } from '../table/csv.js';
import { fileKeys, type CsvDialect, type FileMeta } from './model.js';

/** The name a CSV download is offered under: the upload's name with `.csv` for its extension. */
export const csvFilename = (filename: string): string => `${filename.replace(/\.[^.]*$/, '')}.csv`;

/** A dialect the CSV writer writes: the rest (the header line) is checked on the bytes. */
const writerDialect = (d: CsvDialect | undefined): boolean =>
  d !== undefined && d.encoding === 'utf-8' && d.delimiter === ',' && d.quote === '"' && d.header && !d.row_names && d.lineEnding !== '\r';

/** The header line the writer writes for these names, newline included. */
function headerLine(names: readonly string[]): string {
  const table = { rowCount: 0, columns: names.map((name) => ({ type: 'text' as const, name, values: [] as string[] })) };
  return csvPieces(table, { delimiter: ',' }).next().value ?? '\n';
}

/** The longest header line read to compare: past it the original is written out again (rare, and still right). */
const MAX_HEADER_BYTES = 1024 * 1024;

/** The first line of a stream, its line break included (`\n` or `\r\n`); undefined past `max` bytes. */
async function firstLine(stream: Readable, max: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const end = bytes.indexOf(0x0a);
      if (end >= 0) {
        parts.push(bytes.subarray(0, end + 1));
        return Buffer.concat(parts);
      }
      parts.push(bytes);
      size += bytes.length;
      if (size > max) return undefined;
    }
    return Buffer.concat(parts); // a file of only a header, without a final newline
  } finally {
    stream.destroy();
  }
}

/**
 * Whether the original of a CSV upload (by its declared format) reads byte for byte as the CSV the
 * service writes of it. The name is not part of it: a canonical `data.txt` is served as `data.csv`.
 */
export async function originalIsCanonicalCsv(blobs: Pick<BlobStore, 'getStream'>, meta: FileMeta): Promise<boolean> {
  if (!writerDialect(meta.dialect) || !meta.columns?.length) return false;
  const want = headerLine(meta.columns.map((c) => c.name));
  const got = await firstLine(await blobs.getStream(fileKeys.original(meta.file_id)), MAX_HEADER_BYTES);
  if (got === undefined) return false;
  const text = got.toString('utf8');
  return text === want || text === `${want.slice(0, -1)}\r\n` || text === want.slice(0, -1);
}
