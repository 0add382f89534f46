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
import { encodeColumns } from './arrow.js';
import { CsvTokenizer, type BatchSink } from './tokenizer.js';
import { cellDecoder, leadingBomLength, type CellDecoder } from './cell.js';

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
  const decode = cellDecoder(dialect.encoding);
  const pass1 = await inferPass(await counted(), dialect, decode, options.overrides ?? {});
  let chunks = 0;
  const builders = pass1.inferred.map((c) => columnBuilder(c, dialect.encoding));
  let inChunk = 0;
  const encoded: Uint8Array[] = [];
  const seal = () => {
    encoded.push(encodeColumns(inChunk, builders.map((b) => b.take())));
    inChunk = 0;
  };
  const write = async () => {
    for (const bytes of encoded.splice(0)) await options.writeChunk(chunks++, bytes);
  };
  let skipHeader = dialect.header;
  await forEachBatch(
    await counted(),
    dialect,
    (batch) => {
      if (batch.width !== builders.length) throw new Error('The file changed while it was read: a row has a different number of fields than in the first pass.');
      let row = 0;
      if (skipHeader) {
        skipHeader = false;
        row = 1;
      }
      while (row < batch.rows) {
        const upTo = Math.min(batch.rows, row + chunkRows - inChunk);
        for (let c = 0; c < builders.length; c++) builders[c]!.addColumn(batch, c, row, upTo);
        inChunk += upTo - row;
        row = upTo;
        if (inChunk === chunkRows) seal();
      }
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
 * Streams the records of a CSV to `onBatch` (synchronously, per input chunk), then awaits
 * `afterChunk` so the caller can flush async work (chunk writes) without buffering the file.
 */
async function forEachBatch(
  stream: Readable,
  dialect: CsvDialect,
  onBatch: BatchSink,
  afterChunk: () => Promise<void> = async () => {},
): Promise<void> {
  const tokenizer = new CsvTokenizer(dialect.delimiter, dialect.quote);
  // UTF-8 streams lose their byte-order mark; until 3 bytes have come, it may still be arriving.
  let head: Buffer | undefined = dialect.encoding === 'latin1' ? undefined : Buffer.alloc(0);
  for await (const chunk of stream) {
    let bytes = asBuffer(chunk);
    if (head) {
      bytes = head.length ? Buffer.concat([head, bytes]) : bytes;
      if (bytes.length < 3) {
        head = bytes;
        continue;
      }
      bytes = bytes.subarray(leadingBomLength(bytes));
      head = undefined;
    }
    tokenizer.push(bytes, onBatch);
    await afterChunk();
  }
  if (head?.length) tokenizer.push(head, onBatch);
  tokenizer.end(onBatch);
  await afterChunk();
}

/** Streams of bytes yield Buffers; a plain Uint8Array or a string is taken as it would be written. */
function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}

async function inferPass(stream: Readable, dialect: CsvDialect, decode: CellDecoder, overrides: ColumnOverrides): Promise<{ rows: number; inferred: InferredColumn[] }> {
  let accumulators: ColumnAccumulator[] | undefined;
  let checks: (OverrideCheck | undefined)[] = [];
  let width = 0;
  let rows = 0;
  let lastLine = 1;
  await forEachBatch(stream, dialect, (batch) => {
    let from = 0;
    if (!accumulators) {
      width = batch.width;
      if (width > MAX_COLUMNS) throw unprocessable(`The file has ${width} columns; the limit is ${MAX_COLUMNS}.`, { line: batch.lines[0]! });
      const names = dialect.header ? headerNames(batch.strings(0, decode)) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
      accumulators = names.map((n) => new ColumnAccumulator(n, decode));
      checks = overrideChecks(names, overrides, decode);
      if (dialect.header) from = 1;
    }
    lastLine = batch.lines[batch.rows - 1]!;
    if (from === batch.rows) return;
    // A batch holds records of one width: a different one starts a batch, so its first line is the first bad one.
    if (batch.width !== width) {
      const line = batch.lines[from]!;
      throw unprocessable(`Line ${line} has ${batch.width} field${batch.width === 1 ? '' : 's'} but the header has ${width}.`, { line });
    }
    for (let c = 0; c < width; c++) {
      accumulators[c]!.addColumn(batch, c, from, batch.rows);
      checks[c]?.addColumn(batch, c, from, batch.rows, rows + 1);
    }
    rows += batch.rows - from;
  });
  if (!accumulators) throw unprocessable('The file is empty.', { line: 1 });
  if (rows === 0) throw unprocessable('The file has a header but no data rows.', { line: lastLine + 1 });
  const failures = checks.flatMap((check) => check?.failure() ?? []);
  if (failures.length) {
    throw unprocessable(`The data does not fit the column types asked for: ${failures.map(describeFailure).join(' ')}`, { columns: failures });
  }
  return { rows, inferred: accumulators.map((a, c) => checks[c]?.finish(a.finish()) ?? a.finish()) };
}

function overrideChecks(names: readonly string[], overrides: ColumnOverrides, decode: CellDecoder): (OverrideCheck | undefined)[] {
  const unknown = Object.keys(overrides).filter((n) => !names.includes(n));
  if (unknown.length) throw unprocessable(`Types were set for column(s) the file does not have: ${unknown.join(', ')}.`, { unknown });
  return names.map((n) => (overrides[n] ? new OverrideCheck(n, overrides[n], decode) : undefined));
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
