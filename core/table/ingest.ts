/**
 * The ingest engine: two streaming passes over a CSV, never holding the file in memory.
 * Pass 1 sniffs the dialect, validates every row and infers the column types; pass 2 parses the
 * typed values and writes Arrow IPC chunks.
 */
import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { unprocessable } from '../errors.js';
import type { ColumnInfo, CsvDialect } from '../files/model.js';
import { assertText, decodeSample, detectEncoding, sniffDialect } from './sniff.js';
import { ColumnAccumulator, type InferredColumn } from './infer.js';
import { columnBuilder } from './parse.js';
import { encodeTable } from './arrow.js';
import type { Table } from './model.js';

export interface IngestOptions {
  readonly open: () => Promise<Readable>;
  readonly writeChunk: (index: number, bytes: Uint8Array) => Promise<void>;
  readonly chunkRows?: number;
  /** Bytes read so far, over both passes (so the total is twice the file size). */
  readonly onProgress?: (bytesRead: number) => void;
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
  const pass1 = await inferPass(await counted(), dialect);
  let chunks = 0;
  const builders = pass1.inferred.map(columnBuilder);
  let inChunk = 0;
  const flush = async () => {
    const table: Table = { rowCount: inChunk, columns: builders.map((b) => b.take()) };
    await options.writeChunk(chunks++, encodeTable(table));
    inChunk = 0;
  };
  let first = true;
  for await (const { record } of records(await counted(), dialect)) {
    if (first && dialect.header) {
      first = false;
      continue;
    }
    first = false;
    for (let c = 0; c < builders.length; c++) builders[c]!.add(record[c] ?? '');
    if (++inChunk === chunkRows) await flush();
  }
  if (inChunk > 0 || chunks === 0) await flush();

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

interface ParsedRecord {
  readonly record: string[];
  /** The physical line the record ends on. */
  readonly line: number;
}

async function* records(stream: Readable, dialect: CsvDialect): AsyncGenerator<ParsedRecord> {
  const parser = stream.pipe(
    parse({
      delimiter: dialect.delimiter,
      quote: dialect.quote,
      encoding: dialect.encoding === 'latin1' ? 'latin1' : 'utf8',
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  stream.on('error', (e) => parser.destroy(e));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { record: item.record, line: item.info.lines };
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof (e as CsvError & { lines?: number }).lines === 'number' ? (e as CsvError & { lines: number }).lines : undefined;
      const why = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : e.message;
      throw unprocessable(`The file is not valid CSV: ${why}.`, line !== undefined ? { line } : {});
    }
    throw e;
  }
}

async function inferPass(stream: Readable, dialect: CsvDialect): Promise<{ rows: number; inferred: InferredColumn[] }> {
  let accumulators: ColumnAccumulator[] | undefined;
  let width = 0;
  let rows = 0;
  let lastLine = 1;
  for await (const { record, line } of records(stream, dialect)) {
    lastLine = line;
    if (!accumulators) {
      width = record.length;
      if (width > MAX_COLUMNS) throw unprocessable(`The file has ${width} columns; the limit is ${MAX_COLUMNS}.`, { line });
      const names = dialect.header ? headerNames(record) : record.map((_, i) => `column_${i + 1}`);
      accumulators = names.map((n) => new ColumnAccumulator(n));
      if (dialect.header) continue;
    }
    if (record.length !== width) {
      throw unprocessable(
        `Line ${line} has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${width}.`,
        { line },
      );
    }
    for (let c = 0; c < width; c++) accumulators[c]!.add(record[c]!);
    rows++;
  }
  if (!accumulators) throw unprocessable('The file is empty.', { line: 1 });
  if (rows === 0) throw unprocessable('The file has a header but no data rows.', { line: lastLine + 1 });
  return { rows, inferred: accumulators.map((a) => a.finish()) };
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
