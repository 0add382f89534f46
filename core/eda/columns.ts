/** Column views the EDA functions share: present numbers (sorted or not) and category labels. */
import { MISSING_CODE, columnLabels, type Column } from '../table/model.js';

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
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Average ranks (ties share the mean rank), 1-based. */
export function ranks(values: Float64Array): Float64Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}
