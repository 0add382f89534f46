/**
 * A file's original, as uploaded, through the ingest engine into a columnar copy: the one path of
 * a first ingest and of a type edit (which parses the original again under the types set).
 */
import type { BlobStore } from '../ports.js';
import { fileKeys, type FileMeta } from './model.js';
import { withCsvSource } from './source.js';
import { ingestCsv, type IngestSummary } from '../table/ingest.js';
import type { ColumnOverrides } from '../table/override.js';
import { boundColumns } from './record-bounds.js';

export interface OriginalIngest {
  /** The copy's version (undefined: the first ingest's, unversioned). */
  readonly version?: string;
  readonly overrides?: ColumnOverrides;
  /** The share of the original read so far (0–1); a rejection stops the ingest. */
  readonly report?: (fraction: number) => Promise<void>;
  /** Sees every chunk as it is stored. */
  readonly onChunk?: (index: number, bytes: Uint8Array) => void;
}

/** The summary once every chunk is stored and every progress report has settled (a failure too). */
export async function ingestOriginal(blobs: BlobStore, meta: FileMeta, options: OriginalIngest): Promise<IngestSummary> {
  const { version, overrides, report = async () => {}, onChunk } = options;
  let pending: Promise<void> = Promise.resolve();
  try {
    // JSON and Parquet originals are read as CSV, the same way every time.
    const summary = await withCsvSource(blobs, meta, (source) =>
      ingestCsv({
        open: () => source.open(),
        ...(source.dialect ? { dialect: source.dialect } : {}),
        writeChunk: (index, bytes) => {
          onChunk?.(index, bytes);
          return blobs.put(fileKeys.chunk(meta.file_id, index, version), bytes, 'application/vnd.apache.arrow.file');
        },
        ...(overrides ? { overrides } : {}),
        size: meta.size,
        onProgress: (bytesRead) => {
          // Two passes over the file: report the share of both.
          pending = pending.then(() => report(Math.min(1, bytesRead / Math.max(1, 2 * meta.size))));
          // Awaited once the ingest ends; meanwhile a rejection must not count as unhandled (it killed the process).
          pending.catch(() => {});
        },
      }),
    );
    await pending;
    // The record keeps a bounded share of the labels (./record-bounds.ts).
    return { ...summary, columns: boundColumns(summary.columns) };
  } catch (e) {
    await pending.catch(() => {});
    throw e;
  }
}
