/**
 * Any column as dense integer codes (missing = -1) with its number of distinct values: the fast
 * path for counting, contingency tables and duplicate detection, with no string per cell.
 */
import { MISSING_CODE, type Column } from '../table/model.js';

export interface Coded {
  readonly codes: Int32Array;
  /** Distinct non-missing values: codes run from 0 to k − 1. */
  readonly k: number;
}

const cache = new WeakMap<Column, Coded>();

export function coded(c: Column): Coded {
  const hit = cache.get(c);
  if (hit) return hit;
  let result: Coded;
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      result = { codes: c.codes, k: c.categories.length };
      break;
    case 'text':
    case 'id': {
      const index = new Map<string, number>();
      const codes = Int32Array.from(c.values, (v) => {
        if (v === null) return MISSING_CODE;
        let i = index.get(v);
        if (i === undefined) index.set(v, (i = index.size));
        return i;
      });
      result = { codes, k: index.size };
      break;
    }
    default: {
      const index = new Map<number, number>();
      const codes = new Int32Array(c.values.length);
      for (let r = 0; r < codes.length; r++) {
        const v = c.values[r]!;
        if (Number.isNaN(v)) {
          codes[r] = MISSING_CODE;
          continue;
        }
        let i = index.get(v);
        if (i === undefined) index.set(v, (i = index.size));
        codes[r] = i;
      }
      result = { codes, k: index.size };
    }
  }
  cache.set(c, result);
  return result;
}

/** Rows equal to an earlier row, by a 53-bit hash of their cells (collisions are vanishingly rare). */
export function duplicateRows(columns: readonly Column[], rows: number): number {
  const h1 = new Uint32Array(rows).fill(0x811c9dc5);
  const h2 = new Uint32Array(rows).fill(0x01000193);
  const mix = (r: number, v: number) => {
    h1[r] = Math.imul(h1[r]! ^ v, 0x01000193);
    h2[r] = Math.imul(h2[r]! ^ Math.imul(v, 0x9e3779b1), 0x85ebca6b) ^ (h2[r]! >>> 15);
  };
  for (const c of columns) {
    if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') {
      // Hash the IEEE-754 words directly: no per-value map. (All NaNs are one missing value.)
      const canonical = Float64Array.from(c.values, (v) => (v === v ? v : NaN));
      const words = new Uint32Array(canonical.buffer);
      for (let r = 0; r < rows; r++) {
        mix(r, words[2 * r]!);
        mix(r, words[2 * r + 1]!);
      }
      continue;
    }
    const { codes } = coded(c);
    for (let r = 0; r < rows; r++) mix(r, codes[r]! + 1);
  }
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) seen.add(h1[r]! * 2097152 + (h2[r]! & 0x1fffff));
  return rows - seen.size;
}

/** Joint counts of two coded columns over rows where both are present, with the margins. */
export function contingency(a: Coded, b: Coded): { cells: Float64Array; rows: Float64Array; cols: Float64Array; n: number } {
  const cells = new Float64Array(a.k * b.k);
  const rows = new Float64Array(a.k);
  const cols = new Float64Array(b.k);
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i]!;
    const y = b.codes[i]!;
    if (x < 0 || y < 0) continue;
    n++;
    cells[x * b.k + y]!++;
    rows[x]!++;
    cols[y]!++;
  }
  return { cells, rows, cols, n };
}
