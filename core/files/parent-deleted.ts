import type { MetadataStore } from '../ports.js';
import type { FileMeta } from './model.js';

/**
 * Files as GET /files and GET /files/{id} reply: with `lineage.parent_deleted` when the parent is
 * gone (never stored, as a delete keeps derived files and does not rewrite them), so a page learns
 * it without asking for the parent. Each distinct parent is looked up once, by existence only (its
 * record may be MBs in the bucket); one in `files` is there.
 */
export async function markDeletedParents(meta: Pick<MetadataStore, 'hasFile'>, files: readonly FileMeta[]): Promise<FileMeta[]> {
  const listed = new Set(files.map((f) => f.file_id));
  const parents = [...new Set(files.flatMap((f) => (f.lineage.parent && !listed.has(f.lineage.parent) ? [f.lineage.parent] : [])))];
  const found = await Promise.all(parents.map(async (p) => [p, await meta.hasFile(p)] as const));
  const gone = new Set(found.flatMap(([p, exists]) => (exists ? [] : [p])));
  return files.map((f) => (f.lineage.parent && gone.has(f.lineage.parent) ? { ...f, lineage: { ...f.lineage, parent_deleted: true } } : f));
}
