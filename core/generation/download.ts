/** Downloads of a generated (or any ready) file: CSV and Parquet by presigned redirect, JSON records inline. */
import { originalDownloadUrl, readTable, type StoreDeps } from '../files/service.js';
import { fileKeys } from '../files/model.js';
import { toParquet } from '../table/parquet.js';
import { toRecords, type Cell } from '../table/csv.js';

export type Download = { redirect: string } | { records: Record<string, Cell>[] };

/**
 * The Parquet writer's output format, part of the export's cache key: bump it whenever toParquet
 * writes differently (2: times as microseconds; 3: `HH:mm:ss.SSSSSS` times of day as TIME_MICROS), so exports
 * cached before are written again rather than served stale. The superseded objects stay under the file's prefix, swept when it is deleted.
 */
export const PARQUET_EXPORT_VERSION = 3;

/** Where a file version's Parquet export is cached: under the file's prefix, so deleting the file deletes it. */
export function parquetExportKey(id: string, updatedAt: string): string {
  return fileKeys.derived(id, `export-v${PARQUET_EXPORT_VERSION}-${updatedAt.replace(/[^0-9]/g, '')}.parquet`);
}

export async function download(deps: StoreDeps, id: string, format: 'csv' | 'json' | 'parquet'): Promise<Download> {
  const { meta, table } = await readTable(deps, id); // 404 / 409 unless the file is ready
  if (format === 'csv') return { redirect: await originalDownloadUrl(deps, id) };
  if (format === 'json') return { records: toRecords(table, 0, table.rowCount) };
  // Written once per file version (and writer format), then served from the store.
  const key = parquetExportKey(id, meta.updated_at);
  if ((await deps.blobs.size(key)) === undefined) await deps.blobs.put(key, toParquet(table), 'application/vnd.apache.parquet');
  return { redirect: await deps.blobs.presignGet(key, meta.filename.replace(/\.[^.]*$/, '.parquet'), 3600) };
}
