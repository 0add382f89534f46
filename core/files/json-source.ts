/**
 * JSON uploads as CSV: a JSON array of flat objects (parsed whole, see MAX_JSON_ARRAY_BYTES), or
 * JSON Lines (one object per line, streamed line by line). The header is the union of the keys in
 * the order first seen; a key a row lacks is an empty cell; nested values are their JSON text.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { unprocessable } from '../errors.js';
import { cellText, chunked, csvRecord } from './csv-cells.js';
import { own } from '../records.js';

export type JsonRow = Record<string, unknown>;

/** As many columns as the CSV ingest takes (MAX_COLUMNS in core/table/ingest.ts). */
const MAX_KEYS = 4096;

const SHAPE = 'expected an array of objects, one per row (or JSON Lines: one object per line)';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// A hand-written guard, not zod: zod's record schema copies every row, doubling the memory of a
// 256 MiB array, for a check this simple.
function isRow(value: unknown): value is JsonRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rows of a JSON array document; 422 for invalid JSON or any other shape. */
export function parseJsonArray(bytes: Uint8Array): JsonRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unprocessable('The JSON file is not valid UTF-8.');
  }
  if (text.trim() === '') throw unprocessable('The file is empty.', { line: 1 });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const hint = text.trimStart().startsWith('{') ? ' If it has one object per line, upload it as JSON Lines (.jsonl, application/x-ndjson).' : '';
    throw unprocessable(`The file is not valid JSON: ${(e as Error).message}.${hint}`);
  }
  if (!Array.isArray(value)) throw unprocessable(`The JSON is ${describe(value)}; ${SHAPE}.`);
  const rows: unknown[] = value;
  const bad = rows.findIndex((r) => !isRow(r));
  if (bad >= 0) throw unprocessable(`Element [${bad}] of the JSON array is ${describe(rows[bad])}; ${SHAPE}.`, { index: bad });
  return rows as JsonRow[];
}

/** Adds a row's keys to the header, in the order first seen. */
function addKeys(keys: Set<string>, row: JsonRow): void {
  for (const k of Object.keys(row)) {
    if (keys.has(k)) continue;
    if (keys.size >= MAX_KEYS) throw unprocessable(`The rows have more than ${MAX_KEYS} distinct keys; the limit is ${MAX_KEYS} columns.`);
    keys.add(k);
  }
}

export function unionKeys(rows: Iterable<JsonRow>): string[] {
  const keys = new Set<string>();
  for (const row of rows) addKeys(keys, row);
  return [...keys];
}

function* records(keys: readonly string[], rows: Iterable<JsonRow>): Generator<string> {
  if (!keys.length) return; // no columns: an empty file, which ingest refuses as such
  yield csvRecord(keys);
  for (const row of rows) yield csvRecord(keys.map((k) => cellText(own(row, k))));
}

/** CSV of parsed rows under a header of all their keys. */
export function jsonRowsCsv(rows: readonly JsonRow[], keys: readonly string[] = unionKeys(rows)): Readable {
  return Readable.from(chunked(records(keys, rows)));
}

/** The objects of a JSON Lines stream, numbered by line; blank lines are skipped. 422 names the line. */
async function* jsonLines(input: Readable): AsyncGenerator<JsonRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw unprocessable(`Line ${line} is not valid JSON: ${(e as Error).message}.`, { line });
      }
      if (!isRow(value)) throw unprocessable(`Line ${line} is ${describe(value)}; JSON Lines needs one object per line.`, { line });
      yield value;
    }
  } finally {
    // Stopping early (the dialect sniffer reads only the start) must not leave the download open.
    lines.close();
    input.destroy();
  }
}

/** First pass over JSON Lines: validates every line and collects the header. */
export async function jsonLinesKeys(input: Readable): Promise<string[]> {
  const keys = new Set<string>();
  for await (const row of jsonLines(input)) addKeys(keys, row);
  return [...keys];
}

/** CSV of a JSON Lines stream, under the header jsonLinesKeys found. */
export function jsonLinesCsv(input: Readable, keys: readonly string[]): Readable {
  async function* recordsOf(): AsyncGenerator<string> {
    if (!keys.length) {
      input.destroy();
      return;
    }
    yield csvRecord(keys);
    for await (const row of jsonLines(input)) yield csvRecord(keys.map((k) => cellText(own(row, k))));
  }
  return Readable.from(chunked(recordsOf()));
}
