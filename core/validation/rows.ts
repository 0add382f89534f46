import { MISSING_CODE, type Table } from '../table/model.js';

/** Each row as one comparable string (for exact-copy and duplicate checks). */
export function rowKeys(table: Table): string[] {
  const keys = new Array<string>(table.rowCount).fill('');
  for (const c of table.columns) {
    for (let r = 0; r < table.rowCount; r++) {
      let cell: string;
      switch (c.type) {
        case 'categorical':
        case 'boolean':
          cell = c.codes[r] === MISSING_CODE ? '' : c.categories[c.codes[r]!]!;
          break;
        case 'text':
        case 'id':
          cell = c.values[r] ?? '';
          break;
        default:
          cell = Number.isNaN(c.values[r]!) ? '' : String(c.values[r]);
      }
      keys[r] += `${cell}\u0001`;
    }
  }
  return keys;
}
