/**
 * Any column as dense integer codes (missing = -1) with its number of distinct values: the fast
 * path for counting, contingency tables and duplicate detection, with no string per cell.
 */
import { MISSING_CODE, type Column } from '../table/model.js';
import { hashString } from '../stats/hash.js';
import { sortedCopy } from '../stats/sort.js';

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

/**
 * Row fingerprints: two 32-bit running hashes per row over every cell, as one 53-bit number (the
 * chance that two different rows share one is about rows² / 2^54: one in 18 000 for a million
 * rows). Numbers and datetimes mix their IEEE-754 words, all NaNs as one missing value and −0 as 0;
 * categories mix their code. Text mixes its dense code from `coded`, exact within one table; rows of
 * a file read in chunks mix two hashes of the text itself (`textByContent`), the same in every chunk.
 */
export function rowFingerprints(columns: readonly Column[], rows: number, textByContent = false): Float64Array {
  const h1 = new Uint32Array(rows).fill(0x811c9dc5);
  const h2 = new Uint32Array(rows).fill(0x01000193);
  const mix = (r: number, v: number) => {
    h1[r] = Math.imul(h1[r]! ^ v, 0x01000193);
    h2[r] = Math.imul(h2[r]! ^ Math.imul(v, 0x9e3779b1), 0x85ebca6b) ^ (h2[r]! >>> 15);
  };
  const hashes = new Uint32Array(2);
  for (const c of columns) {
    switch (c.type) {
      case 'integer':
      case 'float':
      case 'datetime': {
        const values = c.values;
        const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
        for (let r = 0; r < rows; r++) {
          const v = values[r]!;
          if (v !== v) {
            mix(r, 0);
            mix(r, 0x7ff80000);
          } else if (v === 0) {
            mix(r, 0);
            mix(r, 0);
          } else {
            mix(r, words[2 * r]!);
            mix(r, words[2 * r + 1]!);
          }
        }
        break;
      }
      case 'categorical':
      case 'boolean': {
        const codes = c.codes;
        for (let r = 0; r < rows; r++) mix(r, codes[r]! + 1);
        break;
      }
      default: {
        if (!textByContent) {
          const { codes } = coded(c);
          for (let r = 0; r < rows; r++) mix(r, codes[r]! + 1);
          break;
        }
        for (let r = 0; r < rows; r++) {
          const v = c.values[r];
          if (v === null || v === undefined) {
            mix(r, 0);
            mix(r, 0);
            continue;
          }
          hashString(v, hashes);
          mix(r, hashes[0]! | 1);
          mix(r, hashes[1]!);
        }
      }
    }
  }
  const keys = new Float64Array(rows);
  for (let r = 0; r < rows; r++) keys[r] = h1[r]! * 2097152 + (h2[r]! & 0x1fffff);
  return keys;
}

/** Rows whose fingerprint repeats an earlier one's: equal neighbours once sorted. */
export function repeatedFingerprints(keys: Float64Array): number {
  const sorted = sortedCopy(keys);
  let repeats = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeats++;
  return repeats;
}

/** Rows equal to an earlier row (by fingerprint). */
export function duplicateRows(columns: readonly Column[], rows: number): number {
  return repeatedFingerprints(rowFingerprints(columns, rows));
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
