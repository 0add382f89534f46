/**
 * Every label of a column whose record holds only the first (`categories_truncated`,
 * ./record-bounds.ts), read from the data: ingest fixes one category list per column for the whole
 * file, so the first chunk's list is all of them.
 */
import { readRows, type StoreDeps } from './service.js';
import type { ColumnInfo, FileMeta } from './model.js';

/** `columns` with every label of those named in `names` that the record cut short. */
export async function withEveryCategory(deps: StoreDeps, file: FileMeta, columns: readonly ColumnInfo[], names: readonly string[]): Promise<ColumnInfo[]> {
  const cut = columns.filter((c) => c.categories_truncated && names.includes(c.name)).map((c) => c.name);
  if (!cut.length) return [...columns];
  const { table } = await readRows(deps, file.file_id, { offset: 0, limit: 1, columns: cut });
  const every = new Map(table.columns.flatMap((c) => ('categories' in c ? [[c.name, c.categories] as const] : [])));
  return columns.map((c) => {
    const labels = every.get(c.name);
    if (!labels) return c;
    const { categories_truncated: _, ...whole } = c;
    return { ...whole, categories: [...labels] };
  });
}
