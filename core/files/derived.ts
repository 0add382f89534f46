/**
 * The one writer of what is derived from a file and kept beside it (`files/{id}/derived/…`: EDA
 * results, the Parquet export, a CSV copy, reports). Such a write can land after the file's delete
 * swept its prefix — a describe begun before the delete ends after it — and would outlive the file.
 * So, as ingest records its outcome (recordIngest): write, then confirm the record is still there
 * and the same file (its `created_at`), else undo — the delete removes the record before its sweep,
 * so a write the sweep missed always finds the record gone.
 */
import { notFound } from '../errors.js';
import { fileKeys, type FileMeta } from './model.js';
import type { StoreDeps } from './service.js';

/**
 * Runs `write`, which stores `key` (one of the file's derived objects); a 404, with nothing left,
 * when the file was deleted meanwhile.
 */
export async function putDerived(deps: StoreDeps, file: Pick<FileMeta, 'file_id' | 'created_at'>, key: string, write: () => Promise<unknown>): Promise<void> {
  if (!key.startsWith(fileKeys.derived(file.file_id, ''))) throw new Error(`${key} is not derived from file ${file.file_id}`);
  await write();
  const now = await deps.meta.getFile(file.file_id);
  if (now?.created_at === file.created_at) return;
  // Gone: the whole prefix, so other writers racing the same delete are swept too. (Another file
  // under the same id keeps its objects; only this write goes.)
  await deps.blobs.deletePrefix(now ? key : fileKeys.prefix(file.file_id));
  throw notFound(`File ${file.file_id} was deleted while something derived from it was being written.`);
}
