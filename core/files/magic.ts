/**
 * Parquet is known by its bytes, not only by its declared type: a client that PUTs a .parquet file to a
 * presigned URL without naming a content type declares the default, text/csv, and the CSV reader then
 * fails on its NUL bytes. No CSV, JSON or JSON Lines file both starts and ends with "PAR1".
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../ports.js';
import { PARQUET_CONTENT_TYPES, sourceFormat } from './formats.js';
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

/**
 * The same test on a stream: stops after the first bytes unless they are "PAR1", so a CSV costs one
 * small read; only a file that starts like Parquet is read to its end for the closing magic.
 */
export async function streamHasParquetMagic(stream: Readable): Promise<boolean> {
  let head: Uint8Array = new Uint8Array(0);
  let tail: Uint8Array = new Uint8Array(0);
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (head.length < 4) {
      head = concat(head, chunk.subarray(0, 4 - head.length));
      // Leaving the loop destroys the stream: the rest is never downloaded.
      if (head.length === 4 && !isMagic(head)) return false;
    }
    tail = chunk.length >= 4 ? chunk.subarray(-4) : concat(tail, chunk).subarray(-4);
  }
  return size >= MIN_PARQUET_BYTES && isMagic(head) && isMagic(tail);
}

/** The file's record with a Parquet content type when its original is Parquet whatever it declared. */
export async function withDetectedFormat(blobs: Pick<BlobStore, 'getStream'>, meta: FileMeta): Promise<FileMeta> {
  if (sourceFormat(normaliseContentType(meta.content_type), meta.filename) === 'parquet') return meta;
  const parquet = await streamHasParquetMagic(await blobs.getStream(fileKeys.original(meta.file_id)));
  return parquet ? { ...meta, content_type: PARQUET_CONTENT_TYPES[0] } : meta;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
