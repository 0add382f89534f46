/**
 * JSON uploads as CSV: a JSON array of flat objects (parsed whole, see MAX_JSON_ARRAY_BYTES), or
 * JSON Lines (one object per line, streamed line by line). The header is the union of the keys in
 * the order first seen; a key a row lacks is an empty cell; nested values are their JSON text.
 *
 * JSON Lines are parsed once where disk allows: see ./jsonl-spool.ts.
 */
import { Readable } from 'node:stream';
import { isSafeNumber, parse as parseLossless } from 'lossless-json';
import { unprocessable } from '../errors.js';
import { NameBudget } from '../table/names.js';
import { LineSplitter } from './lines.js';
import { CHUNK_CHARS, cellText, chunked, csvRecord, nonBlank, quoteCell } from './csv-cells.js';

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

/** A run of digits long enough to be an integer past 2^53 (or a decimal past a double's digits). */
const LONG_DIGITS = /\d{16}/;

/**
 * JSON.parse, except that a number a double cannot hold as written (12345678901234567001, which
 * JSON.parse makes …7000) is kept as its text, as the same digits in a CSV are: an account number
 * is not rounded into its neighbour's. Only text with such a run of digits takes the slower parser.
 */
function parseJson(text: string): unknown {
  return LONG_DIGITS.test(text) ? parseLossless(text, undefined, (digits) => (isSafeNumber(digits) ? Number(digits) : digits)) : JSON.parse(text);
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
    value = parseJson(text);
  } catch (e) {
    const hint = text.trimStart().startsWith('{') ? ' If it has one object per line, upload it as JSON Lines (.jsonl, application/x-ndjson).' : '';
    throw unprocessable(`The file is not valid JSON: ${(e as Error).message}.${hint}`);
  }
  if (!Array.isArray(value)) throw unprocessable(`The JSON is ${describe(value)}; ${SHAPE}.`);
  const rows: unknown[] = value;
  const bad = rows.findIndex((r) => !isRow(r));
  if (bad >= 0) throw unprocessable(`Element [${bad}] of the JSON array is ${describe(rows[bad])}; ${SHAPE}.`, { index: bad });
  if (!rows.length) throw unprocessable('The JSON array is empty: it has no rows.');
  if (rows.every((r) => Object.keys(r as object).length === 0)) throw unprocessable(`The JSON array's ${rows.length === 1 ? 'one object has' : `${rows.length} objects have`} no keys, so the file has no columns.`);
  return rows as JsonRow[];
}

/** Each header's names so far, against the bounds ingest holds them to: a JSON Lines file is refused at its key, not after it is spooled. */
const budgets = new WeakMap<Set<string>, NameBudget>();

/** Adds a row's keys to the header, in the order first seen; 422 for a key past the name bounds (core/table/names.ts). */
export function addKeys(keys: Set<string>, row: JsonRow): void {
  for (const k of Object.keys(row)) {
    if (keys.has(k)) continue;
    if (keys.size >= MAX_KEYS) throw unprocessable(`The rows have more than ${MAX_KEYS} distinct keys; the limit is ${MAX_KEYS} columns.`);
    let budget = budgets.get(keys);
    if (!budget) budgets.set(keys, (budget = new NameBudget()));
    budget.add(k);
    keys.add(k);
  }
}

export function unionKeys(rows: Iterable<JsonRow>): string[] {
  const keys = new Set<string>();
  for (const row of rows) addKeys(keys, row);
  return [...keys];
}

/**
 * csvRecord(keys.map((k) => cellText(own(row, k)))) without the arrays: this runs per row of a
 * file of GBs. Own keys only (`constructor` is not Object's); numbers and booleans never need quotes.
 */
export function rowRecord(keys: readonly string[], row: JsonRow, final = true): string {
  let out = '';
  let sep = '';
  for (const k of keys) {
    out += sep;
    sep = ',';
    if (!Object.hasOwn(row, k)) continue;
    const v = row[k];
    out += typeof v === 'string' ? quoteCell(v) : typeof v === 'number' || typeof v === 'boolean' ? cellText(v) : quoteCell(cellText(v));
  }
  // Under the file's final keys a one-column row without a value is `""`, not a blank line (the
  // spool writes under the keys seen so far, and mends one-column files as it reads them back).
  return (final ? nonBlank(out) : out) + '\n';
}

// Records joined into strings of about CHUNK_CHARS here, so `chunked` awaits per batch, not per row.
function* records(keys: readonly string[], rows: Iterable<JsonRow>): Generator<string> {
  if (!keys.length) return; // no columns: an empty file, which ingest refuses as such
  let batch = csvRecord(keys);
  for (const row of rows) {
    batch += rowRecord(keys, row);
    if (batch.length >= CHUNK_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** CSV of parsed rows under a header of all their keys. */
export function jsonRowsCsv(rows: readonly JsonRow[], keys: readonly string[] = unionKeys(rows)): Readable {
  return Readable.from(chunked(records(keys, rows)));
}

/** The objects of JSON Lines, numbered by line; blank lines are skipped. 422 names the line. */
export class JsonLinesParser {
  private readonly lines = new LineSplitter();
  private line = 0;

  constructor(private readonly onRow: (row: JsonRow) => void) {}

  write(chunk: Buffer | string): void {
    this.lines.push(chunk, this.parse);
  }

  end(): void {
    this.lines.end(this.parse);
  }

  private readonly parse = (raw: string): void => {
    const line = ++this.line;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (e) {
      throw unprocessable(`Line ${line} is not valid JSON: ${(e as Error).message}.`, { line });
    }
    if (!isRow(value)) throw unprocessable(`Line ${line} is ${describe(value)}; JSON Lines needs one object per line.`, { line });
    this.onRow(value);
  };
}

/** The chunks of `input`; stopping early (the sniffer reads only the start) must not leave the download open. */
export async function* chunksOf(input: Readable): AsyncGenerator<Buffer | string> {
  try {
    for await (const chunk of input) yield chunk as Buffer | string;
  } finally {
    input.destroy();
  }
}

/** CSV of a JSON Lines stream under a header found before (spoolJsonLines' keys): the conversion when there is no spool. */
export function jsonLinesCsv(input: Readable, keys: readonly string[]): Readable {
  async function* recordsOf(): AsyncGenerator<string> {
    if (!keys.length) {
      input.destroy();
      return;
    }
    let batch = csvRecord(keys);
    const parser = new JsonLinesParser((row) => void (batch += rowRecord(keys, row)));
    for await (const chunk of chunksOf(input)) {
      parser.write(chunk);
      yield batch;
      batch = '';
    }
    parser.end();
    yield batch;
  }
  return Readable.from(chunked(recordsOf()));
}

