/**
 * Associations between columns. `pearson`, `spearman` (Pearson on average ranks) and `kendall`
 * (τ-b) for numeric pairs, with two-sided p-values (t approximation; normal approximation for τ);
 * `auto` picks per pair: Pearson for numbers, bias-corrected Cramér's V (Bergsma 2013) with a χ²
 * p-value for two categoricals, and the correlation ratio η for a number and a categorical.
 */
import type { Column, Table } from '../table/model.js';
import { normalCdf } from '../stats/normal.js';
import { chiSquareSurvival, studentTTwoSided } from '../stats/tests.js';
import { isNumberLike, ranks } from './columns.js';
import { coded, contingency, type Coded } from './codes.js';
import { pairwisePearson } from '../stats/pearson.js';

export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall' | 'auto';
const KENDALL_MAX_ROWS = 3000;

function pairedPresent(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    xs.push(a[i]!);
    ys.push(b[i]!);
  }
  return [Float64Array.from(xs), Float64Array.from(ys)];
}

export { pairwisePearson };

export function pearsonR(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

const tP = (r: number, n: number) => (Math.abs(r) >= 1 ? 0 : studentTTwoSided(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2));

/** Kendall's τ-b, O(n²) on at most 3 000 rows (the first ones; documented in the result). */
export function kendallTauB(x: Float64Array, y: Float64Array): { tau: number | null; p: number | null } {
  const n = Math.min(x.length, KENDALL_MAX_ROWS);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  if (!denom) return { tau: null, p: null };
  const tau = (concordant - discordant) / denom;
  const z = (3 * tau * Math.sqrt(n * (n - 1))) / Math.sqrt(2 * (2 * n + 5));
  return { tau, p: 2 * (1 - normalCdf(Math.abs(z))) };
}

/** Bias-corrected Cramér's V (Bergsma 2013) and the χ² test of independence, over rows where both are present. */
export function cramersVCorrected(a: Coded, b: Coded): { v: number | null; chi2: number; p: number | null } {
  const { cells, rows: rowTotals, cols: colTotals, n } = contingency(a, b);
  const r = rowTotals.filter((t) => t > 0).length;
  const k = colTotals.filter((t) => t > 0).length;
  if (n < 2 || r < 2 || k < 2) return { v: null, chi2: 0, p: null };
  let chi2 = 0;
  for (let x = 0; x < a.k; x++) {
    if (!rowTotals[x]) continue;
    for (let y = 0; y < b.k; y++) {
      if (!colTotals[y]) continue;
      const e = (rowTotals[x]! * colTotals[y]!) / n;
      chi2 += (cells[x * b.k + y]! - e) ** 2 / e;
    }
  }
  const phi2 = chi2 / n;
  const phi2c = Math.max(0, phi2 - ((k - 1) * (r - 1)) / (n - 1));
  const rc = r - (r - 1) ** 2 / (n - 1);
  const kc = k - (k - 1) ** 2 / (n - 1);
  const denom = Math.min(kc - 1, rc - 1);
  return { v: denom > 0 ? Math.sqrt(phi2c / denom) : null, chi2, p: chiSquareSurvival(chi2, (r - 1) * (k - 1)) };
}

/** Correlation ratio η: the share of a number's spread explained by the categories, square-rooted. */
export function correlationRatio(values: Float64Array, groups: Coded): number | null {
  const sums = new Float64Array(groups.k);
  const counts = new Float64Array(groups.k);
  let total = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const g = groups.codes[i]!;
    const v = values[i]!;
    if (g < 0 || v !== v) continue;
    sums[g]! += v;
    counts[g]!++;
    total += v;
    n++;
  }
  if (n < 2) return null;
  const mean = total / n;
  let between = 0;
  for (let g = 0; g < groups.k; g++) if (counts[g]) between += counts[g]! * (sums[g]! / counts[g]! - mean) ** 2;
  let spread = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (groups.codes[i]! < 0 || v !== v) continue;
    spread += (v - mean) ** 2;
  }
  return spread > 0 ? Math.sqrt(between / spread) : null;
}

interface PairResult {
  columns: [string, string];
  measure: string;
  value: number | null;
  p_value: number | null;
}

function pair(a: Column, b: Column, method: CorrelationMethod): PairResult | undefined {
  const numA = isNumberLike(a) && 'values' in a && a.values instanceof Float64Array ? a.values : undefined;
  const numB = isNumberLike(b) && 'values' in b && b.values instanceof Float64Array ? b.values : undefined;
  const columns: [string, string] = [a.name, b.name];
  if (numA && numB) {
    if (method === 'kendall' || method === 'spearman') {
      const [x, y] = pairedPresent(numA, numB);
      if (method === 'kendall') {
        const { tau, p } = kendallTauB(x, y);
        return { columns, measure: 'kendall_tau_b', value: tau, p_value: p };
      }
      const r = pearsonR(ranks(x), ranks(y));
      return { columns, measure: 'spearman', value: r, p_value: r === null ? null : tP(r, x.length) };
    }
    const r = pairwisePearson(numA, numB);
    let n = 0;
    for (let i = 0; i < numA.length; i++) if (numA[i] === numA[i] && numB[i] === numB[i]) n++;
    return { columns, measure: 'pearson', value: r, p_value: r === null ? null : tP(r, n) };
  }
  if (method !== 'auto') return undefined;
  if (numA || numB) {
    const eta = correlationRatio((numA ?? numB)!, coded(numA ? b : a));
    return { columns, measure: 'correlation_ratio', value: eta, p_value: null };
  }
  const { v, p } = cramersVCorrected(coded(a), coded(b));
  return { columns, measure: 'cramers_v', value: v, p_value: p };
}

export function correlation(table: Table, method: CorrelationMethod, topN = 10) {
  const cols = table.columns.filter((c) => c.type !== 'id' && c.type !== 'text');
  const names = cols.map((c) => c.name);
  const matrix: (number | null)[][] = names.map((_, i) => names.map((__, j) => (i === j ? 1 : null)));
  const pairs: PairResult[] = [];
  for (let i = 0; i < cols.length; i++)
    for (let j = i + 1; j < cols.length; j++) {
      const result = pair(cols[i]!, cols[j]!, method);
      if (!result) continue;
      matrix[i]![j] = matrix[j]![i] = result.value;
      pairs.push(result);
    }
  const top = pairs.filter((p) => p.value !== null).sort((x, y) => Math.abs(y.value!) - Math.abs(x.value!)).slice(0, topN);
  return { method, columns: names, matrix, top_pairs: top, ...(method === 'kendall' && table.rowCount > KENDALL_MAX_ROWS ? { note: `Kendall's τ uses the first ${KENDALL_MAX_ROWS} rows.` } : {}) };
}
