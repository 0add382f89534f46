/**
 * Association measures from sufficient statistics that add up across chunks: per-group moments for
 * the correlation ratio η, and contingency tables for Cramér's V. The whole table is the one-chunk case.
 */
import { chiSquareSurvival, studentTTwoSided } from '../stats/tests.js';
import { presentMean } from '../stats/pearson.js';

/** Per category: how many present values, their mean, and their sum of squared deviations. */
export interface GroupMoments {
  readonly n: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}

/**
 * Group moments of the values over rows where both value and group are present, in one pass: sums
 * of deviations from the column's mean, so Σd² − (Σd)²/n loses nothing to cancellation.
 */
export function groupMoments(values: Float64Array, codes: Int32Array, k: number, shift = presentMean(values)): GroupMoments {
  // n, Σd, Σd² side by side per group: one cache line per update.
  const sums = new Float64Array(k * 4);
  for (let i = 0; i < values.length; i++) {
    const g = codes[i]!;
    const d = values[i]! - shift;
    if (g < 0 || d !== d) continue;
    const o = g << 2;
    sums[o]! += 1;
    sums[o + 1]! += d;
    sums[o + 2]! += d * d;
  }
  const n = new Float64Array(k);
  const mean = new Float64Array(k);
  const m2 = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    const o = g << 2;
    const c = (n[g] = sums[o]!);
    if (!c) continue;
    mean[g] = shift + sums[o + 1]! / c;
    m2[g] = Math.max(0, sums[o + 2]! - (sums[o + 1]! * sums[o + 1]!) / c);
  }
  return { n, mean, m2 };
}

/** Chan's pairwise update, group by group. */
export function mergeGroupMoments(a: GroupMoments, b: GroupMoments): GroupMoments {
  const k = a.n.length;
  const n = new Float64Array(k);
  const mean = new Float64Array(k);
  const m2 = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    const na = a.n[g]!;
    const nb = b.n[g]!;
    n[g] = na + nb;
    if (!nb || !na) {
      mean[g] = nb ? b.mean[g]! : a.mean[g]!;
      m2[g] = nb ? b.m2[g]! : a.m2[g]!;
      continue;
    }
    const delta = b.mean[g]! - a.mean[g]!;
    mean[g] = a.mean[g]! + (delta * nb) / n[g]!;
    m2[g] = a.m2[g]! + b.m2[g]! + (delta * delta * na * nb) / n[g]!;
  }
  return { n, mean, m2 };
}

/** Correlation ratio η = √(between-group / total sum of squares); null under two values or with no spread. */
export function etaFromGroups(groups: GroupMoments): number | null {
  let n = 0;
  let sum = 0;
  let present = 0;
  for (let g = 0; g < groups.n.length; g++) {
    n += groups.n[g]!;
    sum += groups.n[g]! * groups.mean[g]!;
    if (groups.n[g]) present++;
  }
  // One category (a constant column) explains nothing and leaves nothing unexplained: undefined, as Cramér's V and Pearson say, not 0.
  if (n < 2 || present < 2) return null;
  const mean = sum / n;
  let between = 0;
  let within = 0;
  for (let g = 0; g < groups.n.length; g++) {
    if (!groups.n[g]) continue;
    between += groups.n[g]! * (groups.mean[g]! - mean) ** 2;
    within += groups.m2[g]!;
  }
  const spread = between + within;
  // A spread below double precision's resolution of the mean is rounding, not variation.
  return spread > n * (mean * 1e-14) ** 2 ? Math.min(1, Math.sqrt(between / spread)) : null;
}

/** Joint counts of two categorical columns (row-major, ka × kb) over rows where both are present. */
export interface Contingency {
  readonly cells: Float64Array;
  readonly ka: number;
  readonly kb: number;
}

export function contingencyOf(a: Int32Array, ka: number, b: Int32Array, kb: number): Contingency {
  const cells = new Float64Array(ka * kb);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) continue;
    cells[x * kb + y]!++;
  }
  return { cells, ka, kb };
}

export function mergeContingency(a: Contingency, b: Contingency): Contingency {
  const cells = a.cells.slice();
  for (let i = 0; i < cells.length; i++) cells[i]! += b.cells[i]!;
  return { cells, ka: a.ka, kb: a.kb };
}

/**
 * Pearson's χ² of a joint table over the levels it holds, with its total and the numbers of rows and
 * columns held; undefined when fewer than two of each (or of observations) leave nothing to test.
 */
export function chiSquareOf({ cells, ka, kb }: Contingency): { chi2: number; n: number; r: number; k: number } | undefined {
  const rowTotals = new Float64Array(ka);
  const colTotals = new Float64Array(kb);
  let n = 0;
  for (let x = 0; x < ka; x++)
    for (let y = 0; y < kb; y++) {
      const c = cells[x * kb + y]!;
      rowTotals[x]! += c;
      colTotals[y]! += c;
      n += c;
    }
  const r = rowTotals.filter((t) => t > 0).length;
  const k = colTotals.filter((t) => t > 0).length;
  if (n < 2 || r < 2 || k < 2) return undefined;
  let chi2 = 0;
  for (let x = 0; x < ka; x++) {
    if (!rowTotals[x]) continue;
    for (let y = 0; y < kb; y++) {
      if (!colTotals[y]) continue;
      const e = (rowTotals[x]! * colTotals[y]!) / n;
      chi2 += (cells[x * kb + y]! - e) ** 2 / e;
    }
  }
  return { chi2, n, r, k };
}

/** Bias-corrected Cramér's V (Bergsma 2013) and the χ² test of independence. */
export function cramersVFromContingency(table: Contingency): { v: number | null; chi2: number; p: number | null } {
  const test = chiSquareOf(table);
  if (!test) return { v: null, chi2: 0, p: null };
  const { chi2, n, r, k } = test;
  const phi2 = chi2 / n;
  const phi2c = Math.max(0, phi2 - ((k - 1) * (r - 1)) / (n - 1));
  const rc = r - (r - 1) ** 2 / (n - 1);
  const kc = k - (k - 1) ** 2 / (n - 1);
  const denom = Math.min(kc - 1, rc - 1);
  return { v: denom > 0 ? Math.sqrt(phi2c / denom) : null, chi2, p: chiSquareSurvival(chi2, (r - 1) * (k - 1)) };
}

/** Two-sided p-value of r on n pairs (t with n − 2 degrees of freedom). */
export const correlationPValue = (r: number, n: number) => (Math.abs(r) >= 1 ? 0 : studentTTwoSided(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2));
