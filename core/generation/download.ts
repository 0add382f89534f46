/** Downloads of a generated (or any ready) file: CSV and Parquet by presigned redirect, JSON records inline. */
import { originalDownloadUrl, readTable, type StoreDeps } from '../files/service.js';
import { fileKeys } from '../files/model.js';
import { toParquet } from '../table/parquet.js';
import { toRecords, type Cell } from '../table/csv.js';

export type Download = { redirect: string } | { records: Record<string, Cell>[] };

export async function download(deps: StoreDeps, id: string, format: 'csv' | 'json' | 'parquet'): Promise<Download> {
  const { meta, table } = await readTable(deps, id); // 404 / 409 unless the file is ready
  if (format === 'csv') return { redirect: await originalDownloadUrl(deps, id) };
  if (format === 'json') return { records: toRecords(table, 0, table.rowCount) };
  // Written once per file version, then served from the store.
  const key = fileKeys.derived(id, `export-${meta.updated_at.replace(/[^0-9]/g, '')}.parquet`);
  if ((await deps.blobs.size(key)) === undefined) await deps.blobs.put(key, toParquet(table), 'application/vnd.apache.parquet');
  return { redirect: await deps.blobs.presignGet(key, meta.filename.replace(/\.[^.]*$/, '.parquet'), 3600) };
}
