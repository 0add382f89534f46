/**
 * Parquet is known by its bytes, not only by its declared type: a client that PUTs a .parquet file to a
 * presigned URL without naming a content type declares the default, text/csv, and the CSV reader then
 * fails on its NUL bytes. No CSV, JSON or JSON Lines file both starts and ends with "PAR1".
 * JSON and JSON Lines are known by their content too, where it is unambiguous (table/sniff.ts sniffJson).
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../ports.js';
import { sniffJson } from '../table/sniff.js';
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

/** The first bytes JSON is sniffed in (as ingest sniffs a CSV's dialect). */
const SNIFF_BYTES = 64 * 1024;
/** Where text begins: after a UTF-8 byte-order mark and whitespace. */
const SKIPPED = new Set([0xef, 0xbb, 0xbf, 0x20, 0x09, 0x0a, 0x0d]);

/**
 * The format a stream's content is, where it tells: Parquet by its magic at both ends, JSON or JSON
 * Lines by sniffJson on the first SNIFF_BYTES. Text that starts with neither `[` nor `{` costs one
 * small read; only Parquet is read to its end.
 */
export async function detectContentFormat(stream: Readable): Promise<Exclude<SourceFormat, 'csv'> | undefined> {
  let head: Uint8Array = new Uint8Array(0);
  let tail: Uint8Array = new Uint8Array(0);
  let size = 0;
  let parquet: boolean | undefined;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // Only a file that starts like Parquet is read to its end, for the closing magic.
    if (head.length < SNIFF_BYTES) head = concat(head, chunk.subarray(0, SNIFF_BYTES - head.length));
    tail = chunk.length >= 4 ? chunk.subarray(-4) : concat(tail, chunk).subarray(-4);
    if (parquet === undefined && head.length >= 4) parquet = isMagic(head.subarray(0, 4));
    if (parquet) continue;
    const first = head.find((b) => !SKIPPED.has(b));
    // Leaving the loop destroys the stream: the rest is never downloaded.
    if (first !== undefined && first !== 0x5b && first !== 0x7b && parquet === false) return undefined; // neither `[` nor `{`
    if (head.length >= SNIFF_BYTES && parquet === false) return sniffJson(new TextDecoder().decode(head), false);
  }
  if (parquet) return size >= MIN_PARQUET_BYTES && isMagic(tail) ? 'parquet' : undefined;
  return sniffJson(new TextDecoder().decode(head), true);
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
  const found = await detectContentFormat(await blobs.getStream(fileKeys.original(meta.file_id)));
  return found && found !== declared ? { ...meta, content_type: CONTENT_TYPE[found] } : meta;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
