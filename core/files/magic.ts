/**
 * Parquet is known by its bytes, not only by its declared type: a client that PUTs a .parquet file to a
 * presigned URL without naming a content type declares the default, text/csv, and the CSV reader then
 * fails on its NUL bytes. No CSV, JSON or JSON Lines file both starts and ends with "PAR1".
 * JSON and JSON Lines are known by their content too, where it is unambiguous (table/sniff.ts sniffJson).
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../ports.js';
import { unprocessable } from '../errors.js';
import { sniffJson } from '../table/sniff.js';
import { utf8Opener } from '../table/utf16.js';
import { JSONL_CONTENT_TYPES, JSON_CONTENT_TYPES, PARQUET_CONTENT_TYPES, sourceFormat, type SourceFormat } from './formats.js';
import { fileKeys, type FileMeta } from './model.js';
import { normaliseContentType } from './upload.js';

const MAGIC = Uint8Array.from([0x50, 0x41, 0x52, 0x31]); // "PAR1"
/** "PAR1", the footer's 4-byte length, "PAR1": the least a Parquet file holds. */
const MIN_PARQUET_BYTES = 12;

const isMagic = (bytes: Uint8Array) => bytes.length === MAGIC.length && bytes.every((b, i) => b === MAGIC[i]);

/** Whether a whole file's bytes are Parquet by their magic numbers (start and end). */
export function hasParquetMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MIN_PARQUET_BYTES && isMagic(bytes.subarray(0, 4)) && isMagic(bytes.subarray(bytes.length - 4));
}

/** The first bytes JSON is sniffed in (as ingest sniffs a CSV's dialect), from where its text begins. */
const SNIFF_BYTES = 64 * 1024;
/** Text that starts `{` is read on until two whole lines for sniffJson to tell JSON Lines, up to this much. */
const MAX_LINES_SNIFF_BYTES = 4 * 1024 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const WHITESPACE: ReadonlySet<number> = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * How a text's structure starts, read byte by byte across chunks with a leading BOM and whitespace
 * (however long a run) left out: `[`, `{`, `"` with whitespace between them is a JSON array of
 * objects, decided there, before its first object ends. `lines`: it starts `{` (JSON Lines, or one
 * object); `window`: `[` then something else, for sniffJson to judge on the whole sample.
 */
class StructureStart {
  outcome: 'pending' | 'json' | 'lines' | 'window' | 'none' = 'pending';
  private marks = '';
  private position = 0;
  /** Every byte so far was the BOM's: only a file's first three bytes may be one. */
  private bomSoFar = true;

  /** Reads a chunk until decided; returns where in it the text begins, when it begins in it. */
  feed(chunk: Uint8Array): number | undefined {
    let begins: number | undefined;
    for (let i = 0; i < chunk.length && this.outcome === 'pending'; i++, this.position++) {
      const b = chunk[i]!;
      if (this.position < 3 && this.marks === '' && b === UTF8_BOM[this.position] && this.bomSoFar) continue;
      if (WHITESPACE.has(b)) {
        this.bomSoFar = false;
        continue;
      }
      this.bomSoFar = false;
      if (this.marks === '') begins = i;
      this.marks += String.fromCharCode(b);
      this.outcome = this.decide();
    }
    return begins;
  }

  private decide(): StructureStart['outcome'] {
    const m = this.marks;
    if (m === '{') return 'lines';
    if (m === '[' || m === '[{') return 'pending';
    if (m === '[{"') return 'json';
    return m.startsWith('[') ? 'window' : 'none';
  }
}

/**
 * The format a stream's content is, where it tells: Parquet by its magic at both ends, a JSON array
 * of objects by how its text starts (StructureStart), else JSON or JSON Lines by sniffJson on the
 * first SNIFF_BYTES from where the text begins. Text that starts with neither `[` nor `{` costs one
 * small read; only Parquet is read to its end.
 */
export async function detectContentFormat(stream: Readable): Promise<Exclude<SourceFormat, 'csv'> | undefined> {
  let magic: Uint8Array = new Uint8Array(0);
  let head: Uint8Array | undefined; // from where the text begins
  let lineBreaks = 0;
  let tail: Uint8Array = new Uint8Array(0);
  let size = 0;
  let parquet: boolean | undefined;
  const start = new StructureStart();
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // Only a file that starts like Parquet is read to its end, for the closing magic.
    if (magic.length < 4) magic = concat(magic, chunk.subarray(0, 4 - magic.length));
    tail = chunk.length >= 4 ? chunk.subarray(-4) : concat(tail, chunk).subarray(-4);
    if (parquet === undefined && magic.length >= 4) parquet = isMagic(magic);
    if (parquet) continue;
    const begins = start.feed(chunk);
    const limit = start.outcome === 'lines' ? MAX_LINES_SNIFF_BYTES : SNIFF_BYTES;
    const from = head ? chunk : begins === undefined ? undefined : chunk.subarray(begins);
    if (from && (head?.length ?? 0) < limit) {
      const added = from.subarray(0, limit - (head?.length ?? 0));
      head = head ? concat(head, added) : added;
      for (const b of added) if (b === 0x0a) lineBreaks++;
    }
    // Leaving the loop destroys the stream: the rest is never downloaded.
    if (parquet === undefined) continue; // under 4 bytes yet: it may still be Parquet
    if (start.outcome === 'none') return undefined;
    if (start.outcome === 'json') return 'json';
    // Still in whitespace after `[` or `[{`: read on (the window holds no more of it) until the structure tells.
    if (!head || start.outcome === 'pending') continue;
    // JSON Lines are told by whole lines: a sample that holds none yet is read on, up to its limit.
    const enough = head.length >= limit || (start.outcome === 'lines' && head.length >= SNIFF_BYTES && lineBreaks >= 2);
    if (enough) return sniffJson(new TextDecoder().decode(head), false);
  }
  if (parquet) return size >= MIN_PARQUET_BYTES && isMagic(tail) ? 'parquet' : undefined;
  if (start.outcome === 'json') return 'json';
  return head && start.outcome !== 'none' ? sniffJson(new TextDecoder().decode(head), true) : undefined;
}

const CONTENT_TYPE: Record<Exclude<SourceFormat, 'csv'>, string> = {
  parquet: PARQUET_CONTENT_TYPES[0],
  json: JSON_CONTENT_TYPES[0],
  jsonl: JSONL_CONTENT_TYPES[0],
};

/**
 * The file's record with the content type of what its original is, whatever it declared: Parquet,
 * a JSON array or JSON Lines called `.csv` (or sent as text/csv), JSON Lines called `.json`. A
 * declared Parquet file is not sniffed (its reader says what is wrong with it).
 */
export async function withDetectedFormat(blobs: Pick<BlobStore, 'getStream'>, meta: FileMeta): Promise<FileMeta> {
  const declared = sourceFormat(normaliseContentType(meta.content_type), meta.filename);
  if (declared === 'parquet') return meta;
  // Sniffed as UTF-8 text: a UTF-16 file (with a BOM) is transcoded as the CSV reader would read it.
  const text = utf8Opener(() => blobs.getStream(fileKeys.original(meta.file_id)));
  const found = await detectContentFormat(await text.open());
  const format = found ?? declared;
  // The JSON readers take UTF-8 only: said so, rather than "not valid UTF-8" or a message quoting NUL bytes.
  if (text.found() && (format === 'json' || format === 'jsonl')) {
    throw unprocessable(`The file is ${text.found()!.toUpperCase()} text, and JSON is read as UTF-8 only: save it as UTF-8 and upload it again.`);
  }
  return found && found !== declared ? { ...meta, content_type: CONTENT_TYPE[found] } : meta;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
