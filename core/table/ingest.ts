/**
 * The ingest engine: two streaming passes over a CSV, never holding the file in memory.
 * Pass 1 sniffs the dialect, validates every row and infers the column types (or checks the
 * types the user forced); pass 2 parses the typed values and writes Arrow IPC chunks.
 */
import type { Readable } from 'node:stream';
import { unprocessable } from '../errors.js';
import type { ColumnInfo, CsvDialect } from '../files/model.js';
import { assertText, decodeSample, detectEncoding, sniffDialect } from './sniff.js';
import { ColumnAccumulator, type InferredColumn } from './infer.js';
import { OverrideCheck, describeFailure, type ColumnOverrides } from './override.js';
import { columnBuilder } from './parse.js';
import { encodeTable } from './arrow.js';
import { CsvTokenizer, type RecordSink } from './tokenizer.js';
import type { Table } from './model.js';

export interface IngestOptions {
  readonly open: () => Promise<Readable>;
  readonly writeChunk: (index: number, bytes: Uint8Array) => Promise<void>;
  readonly chunkRows?: number;
  /** Bytes read so far, over both passes (so the total is twice the file size). */
  readonly onProgress?: (bytesRead: number) => void;
  /** Types forced by the user, by column name, instead of inferred ones. A value that does not parse fails pass 1 (422). */
  readonly overrides?: ColumnOverrides;
}

export interface IngestSummary {
  readonly dialect: CsvDialect;
  readonly rows: number;
  readonly columns: ColumnInfo[];
  readonly inferred: InferredColumn[];
  readonly chunks: number;
  readonly chunkRows: number;
}

const SNIFF_BYTES = 64 * 1024;
const MAX_COLUMNS = 4096;

export async function ingestCsv(options: IngestOptions): Promise<IngestSummary> {
  const chunkRows = options.chunkRows ?? 100_000;
  let bytesRead = 0;
  const counted = async () => {
    const stream = await options.open();
    stream.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead);
    });
    return stream;
  };

  const dialect = await sniff(options.open);
  const pass1 = await inferPass(await counted(), dialect, options.overrides ?? {});
  let chunks = 0;
  const builders = pass1.inferred.map(columnBuilder);
  let inChunk = 0;
  const encoded: Uint8Array[] = [];
  const seal = () => {
    const table: Table = { rowCount: inChunk, columns: builders.map((b) => b.take()) };
    encoded.push(encodeTable(table));
    inChunk = 0;
  };
  const write = async () => {
    for (const bytes of encoded.splice(0)) await options.writeChunk(chunks++, bytes);
  };
  let skipHeader = dialect.header;
  await forEachRecord(
    await counted(),
    dialect,
    (record) => {
      if (skipHeader) {
        skipHeader = false;
        return;
      }
      for (let c = 0; c < builders.length; c++) builders[c]!.add(record[c] ?? '');
      if (++inChunk === chunkRows) seal();
    },
    write,
  );
  if (inChunk > 0 || chunks + encoded.length === 0) seal();
  await write();

  return {
    dialect,
    rows: pass1.rows,
    inferred: pass1.inferred,
    columns: pass1.inferred.map(toColumnInfo),
    chunks,
    chunkRows,
  };
}

export function toColumnInfo(c: InferredColumn): ColumnInfo {
  return {
    name: c.name,
    type: c.type,
    missing: c.missing,
    distinct: c.distinct,
    ...(c.format ? { format: c.format } : {}),
    ...(c.categories ? { categories: c.categories } : {}),
    reason: c.reason,
  };
}

async function sniff(open: () => Promise<Readable>): Promise<CsvDialect> {
  const stream = await open();
  const parts: Buffer[] = [];
  let size = 0;
  let complete = true;
  for await (const chunk of stream) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= SNIFF_BYTES) {
      complete = false;
      break;
    }
  }
  stream.destroy();
  const sample = Buffer.concat(parts).subarray(0, SNIFF_BYTES);
  if (complete && sample.toString('latin1').trim() === '') throw unprocessable('The file is empty.', { line: 1 });
  assertText(sample);
  const encoding = detectEncoding(sample);
  return sniffDialect(decodeSample(sample, encoding), encoding, complete && size <= SNIFF_BYTES);
}

/**
 * Streams the records of a CSV to `onRecord` (synchronously, per input chunk), then awaits
 * `afterChunk` so the caller can flush async work (chunk writes) without buffering the file.
 */
async function forEachRecord(
  stream: Readable,
  dialect: CsvDialect,
  onRecord: RecordSink,
  afterChunk: () => Promise<void> = async () => {},
): Promise<void> {
  const tokenizer = new CsvTokenizer(dialect.delimiter, dialect.quote);
  const utf8 = dialect.encoding === 'latin1' ? undefined : new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of stream) {
    let text = utf8 ? utf8.decode(chunk as Buffer, { stream: true }) : (chunk as Buffer).toString('latin1');
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    tokenizer.push(text, onRecord);
    await afterChunk();
  }
  if (utf8) tokenizer.push(utf8.decode(), onRecord);
  tokenizer.end(onRecord);
  await afterChunk();
}

async function inferPass(stream: Readable, dialect: CsvDialect, overrides: ColumnOverrides): Promise<{ rows: number; inferred: InferredColumn[] }> {
  let accumulators: ColumnAccumulator[] | undefined;
  let checks: (OverrideCheck | undefined)[] = [];
  let width = 0;
  let rows = 0;
  let lastLine = 1;
  await forEachRecord(stream, dialect, (record, line) => {
    lastLine = line;
    if (!accumulators) {
      width = record.length;
      if (width > MAX_COLUMNS) throw unprocessable(`The file has ${width} columns; the limit is ${MAX_COLUMNS}.`, { line });
      const names = dialect.header ? headerNames(record) : record.map((_, i) => `column_${i + 1}`);
      accumulators = names.map((n) => new ColumnAccumulator(n));
      checks = overrideChecks(names, overrides);
      if (dialect.header) return;
    }
    if (record.length !== width) {
      throw unprocessable(
        `Line ${line} has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${width}.`,
        { line },
      );
    }
    rows++;
    for (let c = 0; c < width; c++) {
      accumulators[c]!.add(record[c]!);
      checks[c]?.add(record[c]!, rows, line);
    }
  });
  if (!accumulators) throw unprocessable('The file is empty.', { line: 1 });
  if (rows === 0) throw unprocessable('The file has a header but no data rows.', { line: lastLine + 1 });
  const failures = checks.flatMap((check) => check?.failure() ?? []);
  if (failures.length) {
    throw unprocessable(`The data does not fit the column types asked for: ${failures.map(describeFailure).join(' ')}`, { columns: failures });
  }
  return { rows, inferred: accumulators.map((a, c) => checks[c]?.finish(a.finish()) ?? a.finish()) };
}

function overrideChecks(names: readonly string[], overrides: ColumnOverrides): (OverrideCheck | undefined)[] {
  const unknown = Object.keys(overrides).filter((n) => !names.includes(n));
  if (unknown.length) throw unprocessable(`Types were set for column(s) the file does not have: ${unknown.join(', ')}.`, { unknown });
  return names.map((n) => (overrides[n] ? new OverrideCheck(n, overrides[n]) : undefined));
}

/** Trimmed, non-empty, unique column names. */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}
