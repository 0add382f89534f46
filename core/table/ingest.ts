/**
 * The ingest engine: two streaming passes over a CSV, never holding the file in memory.
 * Pass 1 sniffs the dialect, validates every row and infers the column types (or checks the
 * types the user forced); pass 2 parses the typed values and writes Arrow IPC chunks.
 *
 * This thread reads and tokenizes; the column work (ingest-sinks.ts) runs here for small files and
 * in a worker thread for large ones, so reading the file and converting it overlap on two cores.
 * Either way it is the same code on the same rows: the same chunks, types and errors.
 */
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { unprocessable } from '../errors.js';
import type { ColumnInfo, CsvDialect } from '../files/model.js';
import { assertText, decodeSample, detectEncoding, sniffDialect, startsLikeJson } from './sniff.js';
import type { InferredColumn } from './infer.js';
import type { ColumnOverrides } from './override.js';
import { ChunkSink, InferSink } from './ingest-sinks.js';
import { IngestThread, WORKER_MIN_BYTES } from './ingest-thread.js';
import { CsvTokenizer, type BatchSink, type CsvBatch } from './tokenizer.js';
import { decimalCommaAllowed, isBareDecimalComma } from './numbers.js';
import { SEP_LINE_MAX, cellDecoder, excelSepLine, isSingleByte, leadingBomLength } from './cell.js';
import { utf8Opener } from './utf16.js';
import { checkNames, headerNames, originalNames } from './names.js';

// Re-exported: feature steps rename clashing names by the same rules.
export { headerNames };

export interface IngestOptions {
  readonly open: () => Promise<Readable>;
  readonly writeChunk: (index: number, bytes: Uint8Array) => Promise<void>;
  readonly chunkRows?: number;
  /** Bytes read so far, over both passes (so the total is twice the file size). */
  readonly onProgress?: (bytesRead: number) => void;
  /** Types forced by the user, by column name, instead of inferred ones. A value that does not parse fails pass 1 (422). */
  readonly overrides?: ColumnOverrides;
  /** The file's size, when known: from WORKER_MIN_BYTES (ingest-thread.ts) on, the column work runs in a worker thread. */
  readonly size?: number;
  /** Forces the worker thread on or off, whatever the size (tests compare the two). */
  readonly worker?: boolean;
  /**
   * Delimiter and header known in advance (CSV written from JSON or Parquet): used instead of the
   * sniffer's guesses, which a one-column file with `;` in its values, or numeric names, would fool.
   */
  readonly dialect?: Pick<CsvDialect, 'delimiter' | 'header'>;
}

export interface IngestSummary {
  readonly dialect: CsvDialect;
  readonly rows: number;
  readonly columns: ColumnInfo[];
  readonly inferred: InferredColumn[];
  readonly chunks: number;
  readonly chunkRows: number;
  /** 2 when the column work ran in the worker thread. */
  readonly threads: 1 | 2;
}

const SNIFF_BYTES = 64 * 1024;
const MAX_COLUMNS = 4096;

export async function ingestCsv(options: IngestOptions): Promise<IngestSummary> {
  const chunkRows = options.chunkRows ?? 100_000;
  let bytesRead = 0;
  // UTF-16 (with a BOM) is read as UTF-8 from here on; other files pass through unchanged.
  const text = utf8Opener(options.open);
  // Counted as the passes read, not by a 'data' listener: with one attached, the stream read ahead
  // while a pass awaited, then handed over two chunks joined into one — a copy of most of the file.
  const counted = async (): Promise<Counted> => ({
    stream: await text.open(),
    read: (bytes) => {
      bytesRead += bytes;
      options.onProgress?.(bytesRead);
    },
  });

  // Started first, so it loads while the dialect is sniffed.
  const worker = wantsWorker(options) ? IngestThread.start() : undefined;
  try {
    const sniffed = await sniff(text.open, options.dialect === undefined);
    const utf16 = text.found();
    const dialect: CsvDialect = { ...sniffed, ...(utf16 ? { encoding: utf16 } : {}), ...options.dialect };
    const pass1 = await inferPass(await counted(), dialect, options.overrides ?? {}, worker, options.dialect !== undefined);
    const chunks = await convertPass(await counted(), dialect, pass1.inferred, chunkRows, options.writeChunk, worker);
    return {
      dialect,
      rows: pass1.rows,
      inferred: pass1.inferred,
      columns: pass1.inferred.map((c, i) => withOriginalName(toColumnInfo(c), pass1.originals[i])),
      chunks,
      chunkRows,
      threads: worker ? 2 : 1,
    };
  } finally {
    await worker?.close();
  }
}

function wantsWorker(options: IngestOptions): boolean {
  if (options.worker !== undefined) return options.worker;
  return options.size !== undefined && options.size >= WORKER_MIN_BYTES && availableParallelism() > 1;
}

/** The header cell as written, when the column's name is not it (names.ts originalNames). */
const withOriginalName = (c: ColumnInfo, original: string | undefined): ColumnInfo => (original === undefined ? c : { ...c, original_name: original });

export function toColumnInfo(c: InferredColumn): ColumnInfo {
  return {
    name: c.name,
    type: c.type,
    missing: c.missing,
    distinct: c.distinct,
    ...(c.format ? { format: c.format } : {}),
    ...(c.utcOffset !== undefined ? { utc_offset: c.utcOffset } : {}),
    ...(c.type === 'float' && c.decimals !== undefined ? { decimals: c.decimals } : {}),
    ...(c.categories ? { categories: c.categories } : {}),
    reason: c.reason,
  };
}

/** The dialect of a CSV's first bytes; `raw`: the upload itself (not CSV written from JSON or Parquet), whose content type said CSV. */
async function sniff(open: () => Promise<Readable>, raw: boolean): Promise<CsvDialect> {
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
  const encoding = detectEncoding(sample, complete && size <= SNIFF_BYTES);
  const text = decodeSample(sample, encoding);
  // JSON that was unambiguous is read as JSON before this (files/magic.ts withDetectedFormat).
  if (raw && startsLikeJson(text)) {
    throw unprocessable(
      'The file looks like JSON, not CSV: upload it as application/json (an array of objects) or application/x-ndjson (one object per line), or as application/octet-stream with a .json or .jsonl name.',
      { line: 1 },
    );
  }
  // Excel's `sep=;` line names the delimiter; the rest is sniffed as usual (forEachBatch skips the line).
  const sep = excelSepLine(Buffer.from(text.slice(0, SEP_LINE_MAX), 'latin1'));
  if (!sep) return sniffDialect(text, encoding, complete && size <= SNIFF_BYTES);
  return { ...sniffDialect(text.slice(sep.length), encoding, complete && size <= SNIFF_BYTES), delimiter: sep.delimiter };
}

/**
 * Streams the records of a CSV to `onBatch` (synchronously, per input chunk), then awaits
 * `afterChunk` so the caller can flush async work (chunk writes) without buffering the file.
 */
async function forEachBatch(
  { stream, read }: Counted,
  dialect: CsvDialect,
  onBatch: BatchSink,
  afterChunk: () => Promise<void> = async () => {},
): Promise<void> {
  const tokenizer = new CsvTokenizer(dialect.delimiter, dialect.quote);
  // UTF-8 streams lose their byte-order mark, and any stream Excel's `sep=;` line: until enough
  // bytes have come for both, they may still be arriving.
  let head: Buffer | undefined = Buffer.alloc(0);
  const start = (bytes: Buffer): Buffer => {
    const afterBom = isSingleByte(dialect.encoding) ? bytes : bytes.subarray(leadingBomLength(bytes));
    const sep = excelSepLine(afterBom);
    if (!sep) return afterBom;
    tokenizer.startAtLine(2);
    return afterBom.subarray(sep.length);
  };
  for await (const chunk of stream) {
    let bytes = asBuffer(chunk);
    read(bytes.length);
    if (head) {
      bytes = head.length ? Buffer.concat([head, bytes]) : bytes;
      if (bytes.length < HEAD_BYTES) {
        head = bytes;
        continue;
      }
      bytes = start(bytes);
      head = undefined;
    }
    tokenizer.push(bytes, onBatch);
    await afterChunk();
  }
  if (head?.length) tokenizer.push(start(head), onBatch);
  tokenizer.end(onBatch);
  await afterChunk();
}

/** A UTF-8 BOM (or two) and a `sep=;` line: the bytes the start of a stream is looked at for. */
const HEAD_BYTES = 6 + SEP_LINE_MAX;

/** Streams of bytes yield Buffers; a plain Uint8Array or a string is taken as it would be written. */
function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}

/** A pass's stream, and what to tell of each chunk read from it. */
interface Counted {
  readonly stream: Readable;
  readonly read: (bytes: number) => void;
}

/** Where a pass's rows go: this thread's sink, or the worker. */
type RowsTo = (batch: CsvBatch, from: number, to: number, firstRow: number) => void;

/** `converted`: CSV written from JSON or Parquet, whose lines are none of the user's: an empty one is told without a line. */
async function inferPass(stream: Counted, dialect: CsvDialect, overrides: ColumnOverrides, worker: IngestThread | undefined, converted: boolean): Promise<{ rows: number; inferred: InferredColumn[]; originals: (string | undefined)[] }> {
  const decode = cellDecoder(dialect.encoding);
  const decimalComma = decimalCommaAllowed(dialect.delimiter);
  let local: InferSink | undefined;
  let rowsTo: RowsTo | undefined;
  let width = 0;
  let rows = 0;
  let lastLine = 1;
  let originals: (string | undefined)[] = [];
  const onBatch: BatchSink = (batch) => {
    let from = 0;
    if (!rowsTo) {
      width = batch.width + (dialect.row_names ? 1 : 0);
      if (width > MAX_COLUMNS) throw unprocessable(`The file has ${width} columns; the limit is ${MAX_COLUMNS}.`, { line: batch.lines[0]! });
      // R's row names have no name in the header: an empty one, which headerNames fills in.
      const cells = dialect.header ? [...(dialect.row_names ? [''] : []), ...batch.strings(0, decode)] : [];
      const names = dialect.header ? headerNames(cells) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
      // The row names' column has no cell in the header: nothing was written to keep.
      originals = originalNames(dialect.row_names ? [undefined, ...cells.slice(1)] : cells, names);
      // Before any row is read or chunk written: a refused header leaves nothing behind (./names.ts).
      checkNames(names);
      const unknown = Object.keys(overrides).filter((n) => !names.includes(n));
      if (unknown.length) throw unprocessable(`Types were set for column(s) the file does not have: ${unknown.join(', ')}.`, { unknown });
      if (worker) {
        worker.infer(names, overrides, dialect.encoding, decimalComma);
        rowsTo = (b, f, t, first) => worker.rows(b, f, t, first);
      } else {
        const sink = (local = new InferSink(names, overrides, dialect.encoding, decimalComma));
        rowsTo = (b, f, t, first) => sink.rows(b, f, t, first);
      }
      if (dialect.header) from = 1;
    }
    lastLine = batch.lines[batch.rows - 1]!;
    if (from === batch.rows) return;
    // A batch holds records of one width: a different one starts a batch, so its first line is the first bad one.
    if (batch.width !== width) {
      const line = batch.lines[from]!;
      throw unprocessable(`Line ${line} has ${batch.width} field${batch.width === 1 ? '' : 's'} but the header has ${width}.`, { line });
    }
    rowsTo(batch, from, batch.rows, rows + 1);
    rows += batch.rows - from;
  };
  await forEachBatch(stream, dialect, onBatch, worker && (() => worker.settle()));
  if (!rowsTo) throw unprocessable('The file is empty.', { line: 1 });
  if (rows === 0) throw converted ? unprocessable('The file has no rows.') : unprocessable('The file has a header but no data rows.', { line: lastLine + 1 });
  const inferred = worker ? await worker.inferred() : local!.finish();
  return { rows, inferred: inferred.map((c) => withSourceDelimiter(c, dialect.delimiter)), originals };
}

/** A bare decimal comma's spelling records the file's delimiter: CSV output keeps it (csv.ts csvDelimiter). */
function withSourceDelimiter(c: InferredColumn, delimiter: string): InferredColumn {
  return c.affix && isBareDecimalComma(c.affix) ? { ...c, affix: { ...c.affix, delimiter } } : c;
}

/** Pass 2: the chunks, written in order as they are sealed; returns how many. */
async function convertPass(
  stream: Counted,
  dialect: CsvDialect,
  inferred: InferredColumn[],
  chunkRows: number,
  writeChunk: IngestOptions['writeChunk'],
  worker: IngestThread | undefined,
): Promise<number> {
  const sealed: Uint8Array[] = [];
  let written = 0;
  const write = async () => {
    // Chunks the worker seals while a write is awaited join the queue and are written in turn.
    while (sealed.length) await writeChunk(written++, sealed.shift()!);
  };
  const onChunk = (bytes: Uint8Array) => void sealed.push(bytes);
  let rowsTo: RowsTo;
  let local: ChunkSink | undefined;
  if (worker) {
    worker.convert(inferred, dialect.encoding, chunkRows, onChunk);
    rowsTo = (b, f, t, first) => worker.rows(b, f, t, first);
  } else {
    const sink = (local = new ChunkSink(inferred, dialect.encoding, chunkRows, onChunk));
    rowsTo = (b, f, t) => sink.rows(b, f, t);
  }
  let skipHeader = dialect.header;
  await forEachBatch(
    stream,
    dialect,
    (batch) => {
      const from = skipHeader ? 1 : 0;
      skipHeader = false;
      // A header short of a row-names field is a batch of its own (a batch holds records of one width).
      if (from === batch.rows) return;
      if (batch.width !== inferred.length) throw new Error('The file changed while it was read: a row has a different number of fields than in the first pass.');
      rowsTo(batch, from, batch.rows, 0);
    },
    async () => {
      await worker?.settle();
      await write();
    },
  );
  if (worker) await worker.converted();
  else local!.finish();
  await write();
  return written;
}
