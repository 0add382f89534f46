/**
 * Downloads of a generated (or any ready) file: CSV and Parquet by presigned redirect; JSON records
 * inline while they fit a reply, else by presigned redirect to a JSON export written once.
 */
import { originalDownloadUrl, readTable, wholeFileUrl, type StoreDeps } from '../files/service.js';
import { fileKeys } from '../files/model.js';
import { putDerived } from '../files/derived.js';
import { MAX_REPLY_BYTES } from '../api/route.js';
import { toParquet } from '../table/parquet.js';
import { toRecords, type Cell } from '../table/csv.js';

export type Download = { redirect: string } | { records: Record<string, Cell>[] };

/**
 * The Parquet writer's output format, part of the export's cache key: bump it whenever toParquet
 * writes differently (2: times as microseconds; 3: `HH:mm:ss.SSSSSS` times of day as TIME_MICROS), so exports
 * cached before are written again rather than served stale. The superseded objects stay under the file's prefix,
 * swept when it is deleted.
 */
export const PARQUET_EXPORT_VERSION = 3;

/** The JSON records' format, part of the JSON export's cache key as PARQUET_EXPORT_VERSION is of the Parquet one. */
export const JSON_EXPORT_VERSION = 1;

const versionStamp = (updatedAt: string) => updatedAt.replace(/[^0-9]/g, '');

/** Where a file version's Parquet export is cached: under the file's prefix, so deleting the file deletes it. */
export function parquetExportKey(id: string, updatedAt: string): string {
  return fileKeys.derived(id, `export-v${PARQUET_EXPORT_VERSION}-${versionStamp(updatedAt)}.parquet`);
}

/** Where a file version's JSON export is cached (when too big to answer inline): under the file's prefix too. */
export function jsonExportKey(id: string, updatedAt: string): string {
  return fileKeys.derived(id, `export-json-v${JSON_EXPORT_VERSION}-${versionStamp(updatedAt)}.json`);
}

/**
 * The bytes of JSON text once held as a JSON string, as the API's envelope holds a body: each `"` and
 * `\` gains a `\`, plus the quotes. Counted, not built: JSON.stringify's own output has no raw
 * control characters or lone surrogates, so those two are all that grow.
 */
export function escapedBytes(json: string): number {
  let escapes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) escapes++;
  }
  return Buffer.byteLength(json) + escapes + 2;
}

/** Whether JSON text fits a reply, with room for its headers. */
const fitsReply = (json: string) => escapedBytes(json) <= MAX_REPLY_BYTES - 4096;

export async function download(deps: StoreDeps, id: string, format: 'csv' | 'json' | 'parquet'): Promise<Download> {
  const { meta, table } = await readTable(deps, id); // 404 / 409 unless the file is ready
  // CSV promises the CSV we write (UTF-8, commas, a header; `;` beside decimal commas), as
  // GET /files/{id}/data?all=true&format=csv does. A job's output was written so (writeTableFile): its
  // original is that CSV. An upload's original is served only when it already reads so, else (Parquet,
  // JSON, a semicolon CSV) its rows are written out once as CSV (wholeFileUrl decides both).
  if (format === 'csv') return { redirect: meta.lineage.operation === 'upload' ? await wholeFileUrl(deps, id, 'csv') : await originalDownloadUrl(deps, id) };
  const base = meta.filename.replace(/\.[^.]*$/, '');
  if (format === 'json') {
    const key = jsonExportKey(id, meta.updated_at);
    if ((await deps.blobs.size(key)) === undefined) {
      const records = toRecords(table, 0, table.rowCount);
      const text = JSON.stringify(records);
      // Small tables answer inline, as they always have; a larger one is written once and redirected to.
      if (fitsReply(text)) return { records };
      await putDerived(deps, meta, key, () => deps.blobs.put(key, text, 'application/json'));
    }
    return { redirect: await deps.blobs.presignGet(key, `${base}.json`, 3600) };
  }
  // Written once per file version (and writer format), then served from the store.
  const key = parquetExportKey(id, meta.updated_at);
  // Written only while the file is there (files/derived.ts): a delete meanwhile leaves no export behind.
  if ((await deps.blobs.size(key)) === undefined) await putDerived(deps, meta, key, () => deps.blobs.put(key, toParquet(table), 'application/vnd.apache.parquet'));
  return { redirect: await deps.blobs.presignGet(key, `${base}.parquet`, 3600) };
}
