/**
 * The one way ingest reads an upload: as CSV bytes. A CSV original streams as stored; JSON, JSON
 * Lines and Parquet are converted on the fly (the original stays stored as uploaded, so a type
 * edit re-reads the same bytes). Ingest opens the source several times (sniff, then two passes);
 * what a conversion needs once — the JSON rows, the JSON Lines header and CSV, the spooled
 * Parquet — is prepared on the first open and kept until `close`.
 */
import type { Readable } from 'node:stream';
import type { BlobStore } from '../ports.js';
import type { CsvDialect } from './model.js';
import { fileKeys, type FileMeta } from './model.js';
import { payloadTooLarge } from '../errors.js';
import { MAX_JSON_ARRAY_BYTES, sourceFormat, type SourceFormat } from './formats.js';
import { normaliseContentType } from './upload.js';
import { jsonLinesCsv, jsonRowsCsv, parseJsonArray, unionKeys } from './json-source.js';
import { spoolJsonLines } from './jsonl-spool.js';
import { openParquet, parquetCsv, spool } from './parquet-source.js';

export interface CsvSource {
  readonly format: SourceFormat;
  /** A fresh stream of CSV bytes from the start. */
  open(): Promise<Readable>;
  /** For converted formats: the CSV written is comma-delimited with a header, whatever a sniffer would guess. */
  readonly dialect?: Pick<CsvDialect, 'delimiter' | 'header'>;
  /** Frees what the conversion kept (temporary files). Idempotent. */
  close(): Promise<void>;
}

/** All a source reads from the blob store. */
type SourceBlobs = Pick<BlobStore, 'getStream' | 'getBytes'>;
type SourceMeta = Pick<FileMeta, 'file_id' | 'filename' | 'content_type' | 'size'>;

const CONVERTED: Pick<CsvDialect, 'delimiter' | 'header'> = { delimiter: ',', header: true };

/** A JSON Lines file's spooled CSV may reach its size, or this for small files (sparse rows under many keys). */
const MIN_SPOOL_BYTES = 64 * 2 ** 20;

/** 413 for a JSON array above MAX_JSON_ARRAY_BYTES (it is parsed whole); other formats stream. */
export function checkSourceSize(format: SourceFormat | undefined, size: number): void {
  if (format === 'json' && size > MAX_JSON_ARRAY_BYTES) {
    throw payloadTooLarge(
      `A JSON array is read whole and is limited to ${MAX_JSON_ARRAY_BYTES} bytes; this one is ${size}. Upload it as JSON Lines (one object per line) or CSV instead.`,
      { limit: MAX_JSON_ARRAY_BYTES },
    );
  }
}

export function openCsvSource(blobs: SourceBlobs, meta: SourceMeta): CsvSource {
  const key = fileKeys.original(meta.file_id);
  // Accepted content types all have a format; anything else (an old record) is read as CSV, as before.
  const format = sourceFormat(normaliseContentType(meta.content_type), meta.filename) ?? 'csv';
  switch (format) {
    case 'csv':
      return { format, open: () => blobs.getStream(key), close: async () => {} };
    case 'json': {
      const rows = once(async () => {
        checkSourceSize(format, meta.size);
        const parsed = parseJsonArray(await blobs.getBytes(key));
        return { parsed, keys: unionKeys(parsed) };
      });
      return { format, dialect: CONVERTED, open: async () => { const r = await rows(); return jsonRowsCsv(r.parsed, r.keys); }, close: async () => {} };
    }
    case 'jsonl':
      // One parse finds the header and spools the CSV, which every open then streams. The spool is
      // capped at the upload's size (what scratch disk is sized for); past that, opens convert again.
      return preparedSource(
        format,
        async () => spoolJsonLines(await blobs.getStream(key), Math.max(meta.size, MIN_SPOOL_BYTES)),
        async ({ keys, csv }) => (csv ? csv.open() : jsonLinesCsv(await blobs.getStream(key), keys)),
        async ({ csv }) => csv?.dispose(),
      );
    case 'parquet':
      return preparedSource(
        format,
        async () => {
          const spooled = await spool(await blobs.getStream(key));
          try {
            return { spooled, file: await openParquet(spooled.file) };
          } catch (e) {
            await spooled.dispose();
            throw e;
          }
        },
        async ({ file }) => parquetCsv(file),
        ({ spooled }) => spooled.dispose(),
      );
  }
}

/**
 * A converted source whose first open prepares what every open reads (a spooled file), and whose
 * close frees it — if an open ever made it.
 */
function preparedSource<T>(format: SourceFormat, prepare: () => Promise<T>, open: (prepared: T) => Promise<Readable>, free: (prepared: T) => Promise<void>): CsvSource {
  const prepared = once(prepare);
  let opened = false;
  return {
    format,
    dialect: CONVERTED,
    open: async () => {
      opened = true;
      return open(await prepared());
    },
    close: async () => {
      if (!opened) return;
      const made = await prepared().then((p) => ({ p }), () => undefined);
      if (made) await free(made.p);
    },
  };
}

/** Runs `use` with the source open, and closes it whatever happens. */
export async function withCsvSource<T>(blobs: SourceBlobs, meta: SourceMeta, use: (source: CsvSource) => Promise<T>): Promise<T> {
  const source = openCsvSource(blobs, meta);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

/** A lazy value computed at most once (a failure is kept too: the file will not get better). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
