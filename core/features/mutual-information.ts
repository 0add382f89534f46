/**
 * Mutual information between a feature and a target, as feature suggestions report it. A number
 * (or datetime) target is read by quantile bins, not by its distinct values: each value of a
 * continuous target is a level of its own, and any feature then "explains" it fully (a target of
 * uniform noise scored log2(levels) bits against every categorical feature).
 */
import { MISSING_CODE, type Column } from '../table/model.js';
import { coded, contingency, type Coded } from '../eda/codes.js';
import { upperBound } from '../stats/sort.js';

/**
 * Equal-frequency bins a number target is cut into (deciles). Few enough that the plug-in estimate's
 * small-sample bias, about (levels − 1)(bins − 1) / (2 n ln 2) bits, stays near 0.01 bits for a
 * 5-level feature over 2 000 rows; enough that a monotone relation keeps most of its information.
 */
export const TARGET_BINS = 10;

/**
 * The target's codes: its levels, or for a number or datetime of more than TARGET_BINS distinct
 * values, the quantile bin of each value (missing stays missing). Equal values share a bin, so a
 * heavily tied value makes fewer, larger bins rather than splitting one value across two.
 */
export function targetCodes(c: Column): Coded {
  const levels = coded(c);
  if ((c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') || levels.k <= TARGET_BINS) return levels;
  const present = c.values.filter((v) => !Number.isNaN(v)).sort();
  // Cut j is the value at the j/TARGET_BINS quantile; a value's bin is the number of distinct cuts at or below it.
  const cuts = [...new Set(Array.from({ length: TARGET_BINS - 1 }, (_, j) => present[Math.floor(((j + 1) * present.length) / TARGET_BINS)]!))].filter((cut) => cut > present[0]!);
  const codes = new Int32Array(c.values.length);
  for (let r = 0; r < codes.length; r++) {
    const v = c.values[r]!;
    codes[r] = Number.isNaN(v) ? MISSING_CODE : upperBound(cuts, v);
  }
  // Every bin holds a value: the smallest (below every cut) is in bin 0, and each cut is a value in the bin it opens.
  return { codes, k: cuts.length + 1 };
}

/** Mutual information (bits) between a feature's levels and the target's codes (targetCodes), over rows where both are present. */
export function mutualInformation(feature: Column, target: Column): number {
  return codedMutualInformation(coded(feature), targetCodes(target));
}

/** Plug-in mutual information (bits) of two coded columns. */
export function codedMutualInformation(a: Coded, b: Coded): number {
  const { cells, rows, cols, n } = contingency(a, b);
  let mi = 0;
  for (let key = 0; key < cells.length; key++) {
    const c = cells[key]!;
    if (c > 0) mi += (c / n) * Math.log2((c * n) / (rows[Math.floor(key / b.k)]! * cols[key % b.k]!));
  }
  return mi;
}
