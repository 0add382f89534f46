/**
 * Row distances as SDMetrics' DCR metrics define them: per column, numbers (and datetimes) differ
 * by |a − b| / range of the real column, anything else by 0 (equal) or 1 (different); missing
 * equals missing; the row distance is the mean over columns.
 */
import { columnLabels, numbersOf, type Column, type Table } from '../table/model.js';

export interface RowEncoder {
  /** Columns as numbers (scaled) or category keys, row-major per kind, for fast comparisons. */
  readonly numeric: Float64Array[];
  readonly categorical: Int32Array[];
  readonly columns: number;
}

interface Plan {
  readonly numeric: { name: string; lo: number; range: number }[];
  readonly categorical: { name: string; index: Map<string, number> }[];
}

/** The comparison plan from the real table: which columns, their ranges, their category keys. */
export function distancePlan(real: Table): Plan {
  const numeric: Plan['numeric'] = [];
  const categorical: Plan['categorical'] = [];
  for (const c of real.columns) {
    if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of c.values) {
        if (Number.isNaN(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      numeric.push({ name: c.name, lo: Number.isFinite(lo) ? lo : 0, range: hi > lo ? hi - lo : 1 });
    } else categorical.push({ name: c.name, index: new Map() });
  }
  return { numeric, categorical };
}

function keysOf(c: Column | undefined, rows: number): (string | null)[] {
  return c ? columnLabels(c) : new Array<null>(rows).fill(null);
}

export function encodeRows(table: Table, plan: Plan): RowEncoder {
  const numeric = plan.numeric.map(({ name, lo, range }) => {
    const values = numbersOf(table.columns.find((x) => x.name === name)) ?? new Float64Array(table.rowCount).fill(NaN);
    return Float64Array.from(values, (v) => (Number.isNaN(v) ? NaN : (v - lo) / range));
  });
  const categorical = plan.categorical.map(({ name, index }) => {
    const keys = keysOf(table.columns.find((x) => x.name === name), table.rowCount);
    return Int32Array.from(keys, (k) => {
      if (k === null) return -1;
      let i = index.get(k);
      if (i === undefined) index.set(k, (i = index.size));
      return i;
    });
  });
  return { numeric, categorical, columns: numeric.length + categorical.length };
}

export function rowDistance(a: RowEncoder, i: number, b: RowEncoder, j: number): number {
  let sum = 0;
  for (let c = 0; c < a.numeric.length; c++) {
    const x = a.numeric[c]![i]!;
    const y = b.numeric[c]![j]!;
    const xm = Number.isNaN(x);
    const ym = Number.isNaN(y);
    sum += xm || ym ? (xm && ym ? 0 : 1) : Math.min(1, Math.abs(x - y));
  }
  for (let c = 0; c < a.categorical.length; c++) if (a.categorical[c]![i] !== b.categorical[c]![j]) sum += 1;
  return a.columns ? sum / a.columns : 0;
}

/**
 * For each query row, the distances to its nearest and second-nearest reference rows. Brute force
 * over typed arrays: O(1) memory per query; callers subsample large tables.
 */
export function nearest(queries: RowEncoder, queryRows: readonly number[], reference: RowEncoder, referenceRows: readonly number[]): { d1: Float64Array; d2: Float64Array } {
  return nearestSkipping(queries, queryRows, reference, referenceRows, false);
}

/**
 * Leave-one-out within one table: each query row's distances to its nearest and second-nearest
 * OTHER rows of `referenceRows` (itself skipped; a duplicate of it is another row, at 0). What a real
 * row looks like from the rest of the real data: the reference a faithful synthetic row is judged by.
 * Infinity where no other row is.
 */
export function nearestOthers(rows: RowEncoder, queryRows: readonly number[], referenceRows: readonly number[]): { d1: Float64Array; d2: Float64Array } {
  return nearestSkipping(rows, queryRows, rows, referenceRows, true);
}

function nearestSkipping(queries: RowEncoder, queryRows: readonly number[], reference: RowEncoder, referenceRows: readonly number[], skipSelf: boolean) {
  const d1 = new Float64Array(queryRows.length).fill(Infinity);
  const d2 = new Float64Array(queryRows.length).fill(Infinity);
  queryRows.forEach((q, k) => {
    let best = Infinity;
    let second = Infinity;
    for (const r of referenceRows) {
      if (skipSelf && r === q) continue;
      const d = rowDistance(queries, q, reference, r);
      if (d < best) {
        second = best;
        best = d;
      } else if (d < second) second = d;
    }
    d1[k] = best;
    d2[k] = second;
  });
  return { d1, d2 };
}
