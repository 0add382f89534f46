import { cellLabel, type Table } from '../table/model.js';

/** Each row as one comparable string (for exact-copy and duplicate checks); `names` picks and orders the columns (absent ones read as missing). */
export function rowKeys(table: Table, names: readonly string[] = table.columns.map((c) => c.name)): string[] {
  const keys = new Array<string>(table.rowCount).fill('');
  for (const name of names) {
    const c = table.columns.find((x) => x.name === name);
    for (let r = 0; r < table.rowCount; r++) keys[r] += `${c ? (cellLabel(c, r) ?? '') : ''}\u0001`;
  }
  return keys;
}

/**
 * Synthetic rows equal to some real row on the real columns, but for `leftOut`: columns whose
 * synthetic values are not drawn from the real ones (a fake name would make every copy look new).
 * Null when every column is left out: nothing compared is no "0 copies".
 */
export function exactCopies(real: Table, synthetic: Table, leftOut: ReadonlySet<string> = new Set()): number | null {
  const names = real.columns.map((c) => c.name).filter((n) => !leftOut.has(n));
  if (!names.length) return null;
  const realKeys = new Set(rowKeys(real, names));
  return rowKeys(synthetic, names).filter((k) => realKeys.has(k)).length;
}

/**
 * Rows equal to another row of the same table: how often real rows of this population coincide on
 * these columns by themselves (a table of few distinct rows repeats most of them).
 */
export function repeatedRows(table: Table): number {
  const counts = new Map<string, number>();
  const keys = rowKeys(table);
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return keys.filter((k) => counts.get(k)! > 1).length;
}

/**
 * Holdout rows identical to a training (real) row, over the real columns in the real order. A
 * holdout overlapping the training rows (the whole source chosen as holdout for a model of part of
 * it) tests the models on rows the real one learned and the generator saw: the scores overstate.
 * `holdout` is read as the real types, so a value spelled alike compares alike.
 */
export function holdoutOverlap(real: Table, holdout: Table): { rows: number; of: number } {
  const training = new Set(rowKeys(real));
  const rows = rowKeys(holdout, real.columns.map((c) => c.name)).filter((k) => training.has(k)).length;
  return { rows, of: holdout.rowCount };
}
