/** Column views the EDA functions share: present numbers (sorted or not) and category labels. */
import { MISSING_CODE, columnLabels, type Column } from '../table/model.js';
import { interpolate } from '../stats/interpolate.js';

/**
 * A whole-number column with at most this many distinct values is a count or a code (cylinders,
 * ratings, 0/1): charted one bar per value, never as a continuous histogram whose bins fall between them.
 */
export const FEW_VALUES = 20;

/** Counts per value of ascending present numbers, or undefined past `limit` distinct values. */
export function sortedValueCounts(sorted: Float64Array, limit = FEW_VALUES): { value: number; count: number }[] | undefined {
  const out: { value: number; count: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (out.length === limit) return undefined;
    out.push({ value: sorted[i]! === 0 ? 0 : sorted[i]!, count: j - i });
    i = j;
  }
  return out;
}

export const isNumberLike = (c: Column) => c.type === 'integer' || c.type === 'float' || c.type === 'datetime';

export function presentNumbers(c: Column): Float64Array {
  if (c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') return new Float64Array();
  const values = c.values;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === values.length) return values.slice();
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) if (values[i] === values[i]) out[j++] = values[i]!;
  return out;
}

/** Labels for categorical views; null for missing. Numbers become their text. */
export const labels = columnLabels;

export function missingCount(c: Column): number {
  let n = 0;
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      for (const k of c.codes) if (k === MISSING_CODE) n++;
      return n;
    case 'text':
    case 'id':
      for (const v of c.values) if (v === null) n++;
      return n;
    default:
      for (const v of c.values) if (Number.isNaN(v)) n++;
      return n;
  }
}

/** Linear interpolation between order statistics (numpy's default, R type 7). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return interpolate(sorted[lo]!, sorted[hi]!, h - lo);
}

/**
 * The distinct non-missing values, in no particular order; −0 counts as 0. Open addressing over the
 * values' IEEE-754 words in a table that doubles as it fills: a JS Set of a million numbers costs
 * ten times more, and sorting to count runs costs more for columns with few distinct values.
 */
export function uniqueNumbers(values: Float64Array): Float64Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let table = new Float64Array(1024).fill(NaN);
  let tableWords = new Uint32Array(table.buffer);
  let mask = table.length - 1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    // −0 hashes as 0 (they are one value).
    let slot = (v === 0 ? slotOf(0, 0) : slotOf(words[2 * i]!, words[2 * i + 1]!)) & mask;
    let held = table[slot]!;
    while (held === held && held !== v) {
      slot = (slot + 1) & mask;
      held = table[slot]!;
    }
    if (held === held) continue; // already there
    table[slot] = v === 0 ? 0 : v;
    if (++count * 2 <= table.length) continue;
    // Over half full: double and re-insert.
    const old = table;
    const oldWords = tableWords;
    table = new Float64Array(old.length * 2).fill(NaN);
    tableWords = new Uint32Array(table.buffer);
    mask = table.length - 1;
    for (let j = 0; j < old.length; j++) {
      const x = old[j]!;
      if (x !== x) continue;
      let to = slotOf(oldWords[2 * j]!, oldWords[2 * j + 1]!) & mask;
      while (table[to] === table[to]) to = (to + 1) & mask;
      table[to] = x;
    }
  }
  const out = new Float64Array(count);
  for (let j = 0, k = 0; j < table.length; j++) if (table[j] === table[j]) out[k++] = table[j]!;
  return out;
}

function slotOf(lo: number, hi: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
