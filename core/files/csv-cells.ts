/**
 * RFC 4180 CSV text for the values the JSON and Parquet readers produce: one comma-delimited,
 * CRLF-free record per row, quoted only where needed, so the CSV ingest reads back exactly the
 * values (its sniffer then finds a plain comma dialect).
 */

import { unprocessable } from '../errors.js';

/**
 * How deeply a cell's arrays and objects may nest. JSON.stringify recurses once per level, so a few
 * thousand levels (6 KB of `[`) overflow the stack: such a cell is refused by name instead.
 */
export const MAX_CELL_DEPTH = 100;

/** A cell's text: missing is empty, structures are their JSON, everything else its plain spelling. */
export function cellText(value: unknown, date: (d: Date) => string = isoDatetime): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isNaN(value) ? '' : String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : date(value);
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      checkDepth(value);
      return JSON.stringify(value, jsonSafe);
  }
}

/** A 422 when `value` nests deeper than MAX_CELL_DEPTH; walked with a stack of its own, so any depth is measured. */
function checkDepth(value: unknown): void {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) continue;
    if (depth > MAX_CELL_DEPTH) {
      throw unprocessable(`A cell's value nests arrays and objects more than ${MAX_CELL_DEPTH} levels deep; the limit is ${MAX_CELL_DEPTH} levels.`, { max_depth: MAX_CELL_DEPTH });
    }
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
}

/** JSON.stringify throws on BigInt (Parquet INT64 inside structs and lists). */
function jsonSafe(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

export function quoteCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(cells: readonly string[]): string {
  return nonBlank(cells.map(quoteCell).join(',')) + '\n';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` (UTC): a format datetime inference recognises (core/table/datetime.ts). */
export function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DD HH:mm:ss` (UTC): recognised by inference too; sub-second parts are dropped. */
export function isoDatetime(d: Date): string {
  return `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Joins records into stream chunks of about this many characters (one chunk per record is slow). */
export const CHUNK_CHARS = 64 * 1024;

/** Buffers of CSV text, from records, in chunks of about CHUNK_CHARS. */
export async function* chunked(records: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Buffer> {
  let pending = '';
  for await (const record of records) {
    pending += record;
    if (pending.length >= CHUNK_CHARS) {
      yield Buffer.from(pending, 'utf8');
      pending = '';
    }
  }
  if (pending) yield Buffer.from(pending, 'utf8');
}

/** A record of one empty field written `""`: as an empty line it would be skipped as blank, losing the row. */
export const nonBlank = (record: string): string => (record === '' ? '""' : record);
