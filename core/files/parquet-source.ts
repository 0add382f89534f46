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

/** Milliseconds per unit of a TIME column's integers, or undefined for any other column. */
function timeUnitMs(element: SchemaElement): number | undefined {
  const logical = element.logical_type;
  if (logical?.type === 'TIME') return logical.unit === 'MILLIS' ? 1 : logical.unit === 'MICROS' ? 1e-3 : 1e-6;
  if (element.converted_type === 'TIME_MILLIS') return 1;
  if (element.converted_type === 'TIME_MICROS') return 1e-3;
  return undefined;
}

const DAY_SECONDS = 86_400;

/**
 * A time of day as `HH:mm:ss`, which inference reads as one; sub-second parts are dropped, as for
 * timestamps. A value outside one day, which the format does not allow, is missing.
 */
function timeOfDay(value: unknown, unitMs: number): string {
  if (value === null || value === undefined) return '';
  const seconds = Math.floor((Number(value) * unitMs) / 1000);
  if (!(seconds >= 0 && seconds < DAY_SECONDS)) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** DATE columns as `YYYY-MM-DD`, every other Date (timestamps, INT96) as `YYYY-MM-DD HH:mm:ss`. */
function dateFormatter(element: SchemaElement): (d: Date) => string {
  return element.logical_type?.type === 'DATE' || element.converted_type === 'DATE' ? isoDate : isoDatetime;
}

/** The scale of a DECIMAL column hyparquet would turn into a double, or undefined. */
function decimalScale(element: SchemaElement): number | undefined {
  const logical = element.logical_type;
  const decimal = logical?.type === 'DECIMAL' || element.converted_type === 'DECIMAL';
  // BYTE_ARRAY decimals are left to hyparquet: without their annotation they would be read as text.
  if (!decimal || element.type === 'BYTE_ARRAY') return undefined;
  return (logical?.type === 'DECIMAL' ? logical.scale : undefined) ?? element.scale ?? 0;
}

/**
 * The metadata with DECIMAL annotations removed from INT32, INT64 and FIXED_LEN_BYTE_ARRAY columns:
 * hyparquet then hands over the unscaled integers, which `decimalText` writes exactly. Its own
 * conversion multiplies by 10^-scale in floating point (271.53 → 271.53000000000003).
 */
function rawDecimals(metadata: FileMetaData): FileMetaData {
  // Top-level columns only: a decimal inside a struct or list stays hyparquet's number in the JSON text.
  const top = new Set(parquetSchema(metadata).children.map((c) => c.element));
  const raw = (e: SchemaElement) => top.has(e) && decimalScale(e) !== undefined;
  if (!metadata.schema.some(raw)) return metadata;
  return {
    ...metadata,
    schema: metadata.schema.map((e) => {
      if (!raw(e)) return e;
      const { converted_type: _c, logical_type: _l, ...plain } = e;
      return plain;
    }),
  };
}

/** The exact decimal text of an unscaled integer (a number, a bigint, or big-endian two's-complement bytes). */
export function decimalText(unscaled: unknown, scale: number): string {
  if (unscaled === null || unscaled === undefined) return '';
  let n: bigint;
  if (typeof unscaled === 'bigint') n = unscaled;
  else if (typeof unscaled === 'number') n = BigInt(unscaled);
  else if (unscaled instanceof Uint8Array) n = twosComplement(unscaled);
  else return cellText(unscaled);
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString();
  if (scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-scale);
  const padded = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

function twosComplement(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes.length && bytes[0]! & 0x80 ? n - (1n << BigInt(8 * bytes.length)) : n;
}

/** A BYTE_ARRAY column with no annotation: text to many writers, binary (images, hashes) to others. */
function isPlainBinary(element: SchemaElement): boolean {
  return element.type === 'BYTE_ARRAY' && element.converted_type === undefined && element.logical_type === undefined;
}

/**
 * A plain BYTE_ARRAY cell, which hyparquet decodes as UTF-8 leniently. Bytes that are not UTF-8
 * come back with U+FFFD in them, and NUL bytes as NUL: such a column is binary, which a table
 * cannot hold, and is refused by name here (the CSV reader would otherwise blame the whole file's encoding).
 */
function textOf(column: string, value: unknown): string {
  const text = cellText(value);
  if (/[\0\uFFFD]/.test(text)) {
    throw unprocessable(`Column ${JSON.stringify(column)} holds binary values (bytes that are not UTF-8 text); binary columns are not supported: drop it or store it as text.`, { column });
  }
  return text;
}

/**
 * CSV of a Parquet file: its top-level columns (structs and lists as JSON text). DECIMAL columns are
 * written as their exact decimal text (`271.53`, `0.0001`), so inference reads them as the CSV rules
 * do (decimals = scale; whole numbers beyond 2^53 kept as written, rule 4a).
 */
export function parquetCsv({ file, metadata: original }: ParquetFile): Readable {
  const metadata = rawDecimals(original);
  const top = parquetSchema(original).children;
  const names = top.map((c) => c.element.name);
  const formats = top.map((c) => dateFormatter(c.element));
  const cells = top.map((c, i): ((v: unknown) => string) => {
    const unitMs = timeUnitMs(c.element);
    if (unitMs !== undefined) return (v) => timeOfDay(v, unitMs);
    if (isPlainBinary(c.element)) return (v) => textOf(c.element.name, v);
    const scale = c.element.type === 'BYTE_ARRAY' ? undefined : decimalScale(c.element);
    return scale === undefined ? (v) => cellText(v, formats[i]) : (v) => decimalText(v, scale);
  });
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
      for (const row of rows) yield csvRecord(names.map((n, i) => cells[i]!(row[n])));
      rowStart = rowEnd;
    }
  }
  return Readable.from(chunked(records()));
}
