/**
 * What a file record carries per column stays small whatever the table: long or many category
 * labels (5 cells of 2 MB, 2 500 columns of 280-character labels) once made a record of 10 MB,
 * which no reply could hold — the upload's, the file's, and every page of the file list.
 *
 * A record keeps a column's labels, in their order, up to a byte budget shared by its columns
 * (at most COLUMN_CATEGORY_BYTES each); a column cut short says `categories_truncated`, and who
 * needs every label reads them from the data (./categories.ts).
 */
import type { ColumnInfo, FileMeta } from './model.js';

/** Bytes of labels (as JSON) one record holds at most, all columns together. */
export const RECORD_CATEGORY_BYTES = 1024 * 1024;
/** Bytes of labels (as JSON) one column holds at most. */
export const COLUMN_CATEGORY_BYTES = 64 * 1024;

/** Columns whose labels fit the record's budget: cut to a prefix, flagged, where they did not. */
export function boundColumns(columns: readonly ColumnInfo[]): ColumnInfo[] {
  const budget = Math.min(COLUMN_CATEGORY_BYTES, Math.floor(RECORD_CATEGORY_BYTES / Math.max(1, columns.length)));
  return columns.map((c) => {
    if (!c.categories) return c;
    const kept: string[] = [];
    let bytes = 0;
    for (const label of c.categories) {
      // A label's JSON string and its comma.
      bytes += Buffer.byteLength(JSON.stringify(label)) + 1;
      if (bytes > budget) break;
      kept.push(label);
    }
    return kept.length === c.categories.length ? c : { ...c, categories: kept, categories_truncated: true as const };
  });
}

/** The record with its columns bounded: for records stored before the bound, as they are read. */
export const boundRecord = (meta: FileMeta): FileMeta => (meta.columns ? { ...meta, columns: boundColumns(meta.columns) } : meta);
