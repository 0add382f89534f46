import { cellLabel, type Table } from '../table/model.js';

/** Each row as one comparable string (for exact-copy and duplicate checks). */
export function rowKeys(table: Table): string[] {
  const keys = new Array<string>(table.rowCount).fill('');
  for (const c of table.columns) for (let r = 0; r < table.rowCount; r++) keys[r] += `${cellLabel(c, r) ?? ''}\u0001`;
  return keys;
}
