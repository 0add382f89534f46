/**
 * The app's addresses: `#/files/{id}`, a dataset page, and `#/files/{id}/data?row=N`, the same page
 * with its Data section open at row N (numbered from 1, as Data numbers them) — where an outlier's
 * row number leads.
 */

export interface FileRoute {
  file: string;
  /** A row to show in Data, numbered from 1. */
  row?: number;
}

/** The dataset page a hash names, or undefined for any other (the file list). A row that is not a whole number ≥ 1 is ignored. */
export function fileRoute(hash: string): FileRoute | undefined {
  const match = /^#\/files\/([\w-]+)(?:\/data(?:\?row=(\d+))?)?$/.exec(hash);
  if (!match) return undefined;
  const row = match[2] === undefined ? undefined : Number(match[2]);
  return row !== undefined && row >= 1 && Number.isSafeInteger(row) ? { file: match[1]!, row } : { file: match[1]! };
}

/** The address of row `row` (from 1) in a file's Data section. */
export const dataRowHref = (file: string, row: number): string => `#/files/${file}/data?row=${row}`;
