/**
 * Associations between columns. `pearson`, `spearman` (Pearson on average ranks) and `kendall`
 * (τ-b) for numeric pairs, with two-sided p-values (t approximation; normal approximation for τ);
 * `auto` picks per pair: Pearson for numbers, bias-corrected Cramér's V (Bergsma 2013) with a χ²
 * p-value for two categoricals, and the correlation ratio η for a number and a categorical.
 */
import { z } from 'zod';
import { numbersOf, type Column, type Table } from '../table/model.js';
import { normalCdf } from '../stats/normal.js';
import { ranks } from '../stats/sort.js';
import { coded, type Coded } from './codes.js';
import { coMomentsPearson, pairwiseCoMoments, pairwisePearson, presentMean, type CoMoments } from '../stats/pearson.js';
import { contingencyOf, correlationPValue, cramersVFromContingency, etaFromGroups, groupMoments } from './associations.js';
import { finiteOrNull } from './finite.js';

export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall' | 'auto';
export const KENDALL_MAX_ROWS = 3000;

export function pairedPresent(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
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
  const variance = kendallSVariance(n, tieSums(x.subarray(0, n)), tieSums(y.subarray(0, n)));
  if (!(variance > 0)) return { tau, p: null };
  const z = (concordant - discordant) / Math.sqrt(variance);
  // Φ(−|z|) rather than 1 − Φ(|z|): the subtraction rounds p-values below ~1e-16 to 0.
  return { tau, p: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

interface TieSums {
  /** Σ t(t−1)(2t+5), Σ t(t−1) and Σ t(t−1)(t−2) over groups of t tied values. */
  v: number;
  pairs: number;
  triples: number;
}

function tieSums(values: Float64Array): TieSums {
  const sorted = Float64Array.from(values).sort();
  const sums: TieSums = { v: 0, pairs: 0, triples: 0 };
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    sums.v += t * (t - 1) * (2 * t + 5);
    sums.pairs += t * (t - 1);
    sums.triples += t * (t - 1) * (t - 2);
    i = j;
  }
  return sums;
}

/** Var(S) under independence with ties in both variables (Kendall 1970; scipy.stats.kendalltau's 'asymptotic'). */
function kendallSVariance(n: number, x: TieSums, y: TieSums): number {
  const v0 = n * (n - 1) * (2 * n + 5);
  const v1 = (x.pairs * y.pairs) / (2 * n * (n - 1));
  const v2 = n > 2 ? (x.triples * y.triples) / (9 * n * (n - 1) * (n - 2)) : 0;
  return (v0 - x.v - y.v) / 18 + v1 + v2;
}

/** Bias-corrected Cramér's V (Bergsma 2013) and the χ² test of independence, over rows where both are present. */
export function cramersVCorrected(a: Coded, b: Coded): { v: number | null; chi2: number; p: number | null } {
  return cramersVFromContingency(contingencyOf(a.codes, a.k, b.codes, b.k));
}

/** Correlation ratio η: the share of a number's spread explained by the categories, square-rooted. */
export function correlationRatio(values: Float64Array, groups: Coded): number | null {
  return etaFromGroups(groupMoments(values, groups.codes, groups.k));
}

export const CorrelationPair = z
  .object({
    columns: z.tuple([z.string(), z.string()]),
    measure: z
      .enum(['pearson', 'spearman', 'kendall_tau_b', 'correlation_ratio', 'cramers_v'])
      .describe("kendall_tau_b: Kendall's τ-b; correlation_ratio: η of a number by a category (0 to 1); cramers_v: bias-corrected Cramér's V of two categories (0 to 1)"),
    value: z
      .number()
      .nullable()
      .describe('From −1 to 1 (0 to 1 for η and V); null when undefined: under three rows with both values (Pearson, Spearman), no spread in either column, or a single category'),
    p_value: z
      .number()
      .nullable()
      .describe('Two-sided p-value of no association (t approximation; normal for τ; χ² for Cramér’s V); null for the correlation ratio and where the value is null'),
  })
  .meta({ id: 'EdaCorrelationPair' });
export type PairResult = z.infer<typeof CorrelationPair>;

/** What POST /eda/correlation answers, besides how it was computed (approximation.ts). */
export const CorrelationResult = z.object({
  method: z.enum(['pearson', 'spearman', 'kendall', 'auto']),
  columns: z.array(z.string()).describe('The matrix’s rows and columns, in this order: every column but free text and identifiers (or those named)'),
  matrix: z
    .array(z.array(z.number().nullable()))
    .describe('Symmetric, 1 on the diagonal; null where the pair’s value is null, or where `method` does not cover the pair (a category under pearson)'),
  top_pairs: z.array(CorrelationPair).describe('The `top_n` pairs of largest |value|, largest first'),
  note: z.string().optional().describe(`Kendall on more than ${KENDALL_MAX_ROWS} rows: τ uses the first ${KENDALL_MAX_ROWS}`),
});
export type CorrelationResult = z.infer<typeof CorrelationResult>;

export const pearsonResult = (columns: [string, string], m: CoMoments): PairResult => {
  const r = coMomentsPearson(m);
  return { columns, measure: 'pearson', value: r, p_value: r === null ? null : correlationPValue(r, m.n) };
};

export const spearmanResult = (columns: [string, string], r: number | null, n: number): PairResult => ({ columns, measure: 'spearman', value: r, p_value: r === null ? null : correlationPValue(r, n) });

export function kendallResult(columns: [string, string], x: Float64Array, y: Float64Array): PairResult {
  const { tau, p } = kendallTauB(x, y);
  return { columns, measure: 'kendall_tau_b', value: tau, p_value: p };
}

/** Columns the matrix covers: every one but free text and identifiers (of a table, or of a file's metadata). */
export const correlatable = <C extends { readonly type: string }>(columns: readonly C[]): C[] => columns.filter((c) => c.type !== 'id' && c.type !== 'text');
export const correlatedColumns = (table: Table) => correlatable(table.columns);

/**
 * Visits the pairs (i < j) of the matrix in order with the kind of statistic each needs under
 * `method`; pairs the method does not cover (a category under pearson) are skipped.
 */
export function forEachPair(
  cols: readonly Column[],
  method: CorrelationMethod,
  visit: (i: number, j: number, kind: 'numbers' | 'number_category' | 'categories') => void,
): void {
  for (let i = 0; i < cols.length; i++)
    for (let j = i + 1; j < cols.length; j++) {
      const a = numbersOf(cols[i]!);
      const b = numbersOf(cols[j]!);
      if (a && b) visit(i, j, 'numbers');
      else if (method === 'auto') visit(i, j, a || b ? 'number_category' : 'categories');
    }
}

/** Ranks once per column with no missing value; a pair with missing values ranks its complete rows. */
function spearmanPair(x: Float64Array, y: Float64Array, rankCache: Map<Float64Array, Float64Array | null>): { r: number | null; n: number } {
  const complete = (v: Float64Array) => {
    let r = rankCache.get(v);
    if (r === undefined) {
      r = v.every((t) => t === t) ? ranks(v) : null;
      rankCache.set(v, r);
    }
    return r;
  };
  const rx = complete(x);
  const ry = complete(y);
  if (rx && ry) return { r: pearsonR(rx, ry), n: x.length };
  const [px, py] = pairedPresent(x, y);
  return { r: pearsonR(ranks(px), ranks(py)), n: px.length };
}

export function correlation(table: Table, method: CorrelationMethod, topN = 10) {
  const cols = correlatedColumns(table);
  const numeric = cols.map(numbersOf);
  // Pearson's co-moments of every numeric pair at once: one pass per pair, in cache-sized row blocks.
  const present = numeric.flatMap((v, i) => (v ? [i] : []));
  const coMoments = new Map<number, CoMoments>();
  if (method === 'pearson' || method === 'auto') {
    const all = pairwiseCoMoments(present.map((i) => numeric[i]!));
    for (let a = 0, p = 0; a < present.length; a++) for (let b = a + 1; b < present.length; b++, p++) coMoments.set(present[a]! * cols.length + present[b]!, all[p]!);
  }
  const rankCache = new Map<Float64Array, Float64Array | null>();
  // η's shift (any value near the mean will do): once per numeric column, not once per pair.
  const shifts = new Map<Float64Array, number>();
  const shiftOf = (v: Float64Array) => shifts.get(v) ?? shifts.set(v, presentMean(v)).get(v)!;
  const results = new Map<number, PairResult>();
  forEachPair(cols, method, (i, j, kind) => {
    const a = cols[i]!;
    const b = cols[j]!;
    const columns: [string, string] = [a.name, b.name];
    let result: PairResult;
    if (kind === 'numbers') {
      const x = numeric[i]!;
      const y = numeric[j]!;
      if (method === 'kendall') result = kendallResult(columns, ...pairedPresent(x, y));
      else if (method === 'spearman') {
        const { r, n } = spearmanPair(x, y, rankCache);
        result = spearmanResult(columns, r, n);
      } else result = pearsonResult(columns, coMoments.get(i * cols.length + j)!);
    } else if (kind === 'number_category') {
      const values = (numeric[i] ?? numeric[j])!;
      const groups = coded(numeric[i] ? b : a);
      result = { columns, measure: 'correlation_ratio', value: etaFromGroups(groupMoments(values, groups.codes, groups.k, shiftOf(values))), p_value: null };
    } else {
      const { v, p } = cramersVCorrected(coded(a), coded(b));
      result = { columns, measure: 'cramers_v', value: v, p_value: p };
    }
    results.set(i * cols.length + j, result);
  });
  return correlationReport(cols, method, results, topN, table.rowCount);
}

/** The matrix, the strongest pairs and notes, from one result per visited pair (keyed i·columns + j). */
export function correlationReport(cols: readonly Column[], method: CorrelationMethod, results: ReadonlyMap<number, PairResult>, topN: number, rows: number): CorrelationResult {
  const names = cols.map((c) => c.name);
  const matrix: (number | null)[][] = names.map((_, i) => names.map((__, j) => (i === j ? 1 : null)));
  const pairs: PairResult[] = [];
  forEachPair(cols, method, (i, j) => {
    // A NaN that slipped through a statistic is undefined, as null says, not a figure.
    const found = results.get(i * cols.length + j)!;
    const result = { ...found, value: finiteOrNull(found.value ?? NaN), p_value: finiteOrNull(found.p_value ?? NaN) };
    matrix[i]![j] = matrix[j]![i] = result.value;
    pairs.push(result);
  });
  const top = pairs.filter((p) => p.value !== null).sort((x, y) => Math.abs(y.value!) - Math.abs(x.value!)).slice(0, topN);
  return { method, columns: names, matrix, top_pairs: top, ...(method === 'kendall' && rows > KENDALL_MAX_ROWS ? { note: `Kendall's τ uses the first ${KENDALL_MAX_ROWS} rows.` } : {}) };
}
