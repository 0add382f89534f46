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
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type ParquetParsers, type SchemaElement, type SchemaTree } from 'hyparquet';
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

/** Nanoseconds per unit of a TIME column's integers (whole for every unit), or undefined for any other column. */
function timeUnitNanos(element: SchemaElement): number | undefined {
  const logical = element.logical_type;
  if (logical?.type === 'TIME') return logical.unit === 'MILLIS' ? 1e6 : logical.unit === 'MICROS' ? 1e3 : 1;
  if (element.converted_type === 'TIME_MILLIS') return 1e6;
  if (element.converted_type === 'TIME_MICROS') return 1e3;
  return undefined;
}

const DAY_MICROS = 86_400_000_000;

/**
 * A time of day as `HH:mm:ss`, then the fraction of a second a value has: `.SSS`, or `.SSSSSS` below
 * the millisecond (MICROS and NANOS; nanoseconds floored to microseconds), as timestampText writes
 * timestamps. `HH:mm:ss.SSS` reads `…:00` too (and `HH:mm:ss.SSSSSS` both), so a column that mixes
 * them is one datetime column, in the format with the fewest digits that reads every value, as for
 * the same CSV. A value outside one day, which the formats do not allow, is missing.
 */
function timeOfDay(value: unknown, unitNanos: number): string {
  if (value === null || value === undefined) return '';
  // MICROS and NANOS are bigint: scaled to whole microseconds before going to a double.
  const micros = typeof value === 'bigint' ? Number(floorDiv(value * BigInt(unitNanos), 1000n)) : Math.floor((Number(value) * unitNanos) / 1000);
  if (!(micros >= 0 && micros < DAY_MICROS)) return '';
  const seconds = Math.floor(micros / 1e6);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  const fraction = micros % 1e6;
  if (!fraction) return clock;
  return `${clock}.${fraction % 1000 ? String(fraction).padStart(6, '0') : String(fraction / 1000).padStart(3, '0')}`;
}

/**
 * A timestamp to the microsecond (MICROS, NANOS and INT96 columns): a Date holds whole milliseconds.
 * Nanoseconds are floored to microseconds, the finest the datetime formats write (`.SSSSSS`).
 */
class MicrosecondDate extends Date {
  constructor(readonly micros: bigint) {
    super(Number(floorDiv(micros, 1000n)));
  }
}

/** Division rounding down, so an instant before 1970 keeps its fraction positive (bigint `/` truncates). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

/** hyparquet's defaults truncate micro- and nanoseconds to whole milliseconds (towards 1970). */
const TIMESTAMP_PARSERS: Partial<ParquetParsers> = {
  timestampFromMicroseconds: (micros) => new MicrosecondDate(micros),
  timestampFromNanoseconds: (nanos) => new MicrosecondDate(floorDiv(nanos, 1000n)),
};

/**
 * `YYYY-MM-DD HH:mm:ss` (UTC), then the fraction of a second when there is one: `.SSS`, or
 * `.SSSSSS` below the millisecond. Inference then picks the format with the fewest digits that
 * reads every value (`YYYY-MM-DD HH:mm:ss.SSS` if any has milliseconds), as for the same CSV.
 * Parquet has no per-value offset: an instant (isAdjustedToUTC) is written at UTC, a local
 * timestamp as its wall-clock time.
 */
function timestampText(d: Date): string {
  const micros = d instanceof MicrosecondDate ? Number(d.micros - floorDiv(d.micros, 1_000_000n) * 1_000_000n) : d.getUTCMilliseconds() * 1000;
  if (!micros) return isoDatetime(d);
  const fraction = micros % 1000 ? String(micros).padStart(6, '0') : String(micros / 1000).padStart(3, '0');
  return `${isoDatetime(d)}.${fraction}`;
}

/**
 * The formats of timestamp and time-of-day columns that Parquet files ingested before this reader kept
 * their whole fraction of a second have: none (timestamps until 2363b75, times of day until 5ce7cc0),
 * or milliseconds for times of day read from MICROS or NANOS, which now write `.SSSSSS`: a retype
 * finds such a column's format again (./retype.ts).
 */
export const PARQUET_REFOUND_FORMATS: ReadonlySet<string> = new Set(['YYYY-MM-DD HH:mm:ss', 'HH:mm:ss', 'HH:mm:ss.SSS']);

/** DATE columns as `YYYY-MM-DD`, every other Date (timestamps, INT96) as `timestampText`. */
function dateFormatter(element: SchemaElement): (d: Date) => string {
  return element.logical_type?.type === 'DATE' || element.converted_type === 'DATE' ? isoDate : timestampText;
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
 * The metadata hyparquet reads: top-level columns renamed to their positions, and DECIMAL annotations
 * removed from INT32, INT64 and FIXED_LEN_BYTE_ARRAY columns.
 * - hyparquet finds a column chunk's schema and its row values by name, so of two columns both
 *   named `a` it would read the first twice; by position each is its own (the header keeps the
 *   real names, which the CSV ingest dedupes as it does any header).
 * - Without their annotation, decimals come as the unscaled integers `decimalText` writes exactly;
 *   hyparquet's own conversion multiplies by 10^-scale in floating point (271.53 → 271.53000000000003).
 */
function readableMetadata(metadata: FileMetaData): FileMetaData {
  const top = parquetSchema(metadata).children;
  const position = new Map(top.map((c, i) => [c.element, String(i)]));
  // Column chunks are the schema's leaves in order: each top-level column owns the next `leaves` of them.
  const owners = top.flatMap((c, i) => Array.from({ length: leafCount(c) }, () => String(i)));
  return {
    ...metadata,
    schema: metadata.schema.map((e) => {
      const name = position.get(e);
      if (name === undefined) return e;
      // A decimal inside a struct or list stays hyparquet's number in the JSON text.
      if (decimalScale(e) === undefined) return { ...e, name };
      const { converted_type: _c, logical_type: _l, ...plain } = e;
      return { ...plain, name };
    }),
    row_groups: metadata.row_groups.map((group) => ({
      ...group,
      columns: group.columns.map((chunk, i) => {
        const meta = chunk.meta_data;
        const owner = owners[i];
        if (!meta || owner === undefined) return chunk;
        return { ...chunk, meta_data: { ...meta, path_in_schema: [owner, ...meta.path_in_schema.slice(1)] } };
      }),
    })),
  };
}

function leafCount(tree: SchemaTree): number {
  return tree.children.length ? tree.children.reduce((n, c) => n + leafCount(c), 0) : 1;
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

/**
 * A FLOAT (float32) value as the shortest decimal that reads back as the same float32: the writer's
 * 27.1, not its widened double 27.100000381469727 (whose 15 decimals would set the column's and
 * every synthetic value's). Nine significant digits always round-trip.
 */
export function float32Text(value: number): string {
  if (!Number.isFinite(value)) return cellText(value);
  for (let digits = 1; digits < 9; digits++) {
    const shortest = Number(value.toPrecision(digits));
    if (Math.fround(shortest) === value) return String(shortest);
  }
  return String(Number(value.toPrecision(9)));
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
  const metadata = readableMetadata(original);
  const top = parquetSchema(original).children;
  const names = top.map((c) => c.element.name);
  const formats = top.map((c) => dateFormatter(c.element));
  const cells = top.map((c, i): ((v: unknown) => string) => {
    const unitNanos = timeUnitNanos(c.element);
    if (unitNanos !== undefined) return (v) => timeOfDay(v, unitNanos);
    if (isPlainBinary(c.element)) return (v) => textOf(c.element.name, v);
    if (c.element.type === 'FLOAT') return (v) => (typeof v === 'number' ? float32Text(v) : cellText(v, formats[i]));
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
        rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, parsers: TIMESTAMP_PARSERS });
      } catch (e) {
        throw unreadable(e);
      }
      for (const row of rows) yield csvRecord(cells.map((cell, i) => cell(row[String(i)])));
      rowStart = rowEnd;
    }
  }
  return Readable.from(chunked(records()));
}
