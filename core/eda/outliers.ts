/**
 * Univariate outliers: Tukey's fences (1.5 IQR beyond the quartiles), z-score (|z| > 3, sample
 * std) or the modified z-score on the median absolute deviation (|0.6745 (x − median) / MAD| > 3.5,
 * Iglewicz & Hoaglin). Row indices are paged. The fences are functions of a few statistics, so the
 * chunked path (./chunked/outliers.ts) applies the same ones to merged or sketched statistics.
 * Unless columns are named, identifiers (a primary key, a row number, a running id) are left out.
 */
import type { Column, Table } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { FEW_VALUES, presentNumbers, quantileSorted } from './columns.js';
import { moments } from './describe.js';
import { isolationForestScores } from './isolation-forest.js';
import { Rng } from '../random.js';

export type OutlierMethod = 'iqr' | 'zscore' | 'mad';
export interface Page {
  readonly offset: number;
  readonly limit: number;
}
export interface Fences {
  readonly lower: number;
  readonly upper: number;
}

/** Rows whose isolation-forest score is above this are reported. */
export const ISOLATION_THRESHOLD = 0.6;

export const iqrFences = (q1: number, q3: number): Fences => ({ lower: q1 - 1.5 * (q3 - q1), upper: q3 + 1.5 * (q3 - q1) });

export const zscoreFences = (mean: number, std: number): Fences => ({ lower: mean - 3 * std, upper: mean + 3 * std });

/**
 * Modified z-score fences. When more than half the values equal the median (a 0/1 column, a spike
 * of zeros) the MAD is 0 and would flag every other value; then the scale is the mean absolute
 * deviation from the median, as Iglewicz & Hoaglin (and IBM SPSS) do: M = (x − median) / (1.253314·MeanAD).
 */
export function madFences(median: number, mad: number, meanAbsoluteDeviation: number): Fences {
  const reach = mad > 0 ? (3.5 * mad) / 0.6745 : 3.5 * 1.253314 * meanAbsoluteDeviation;
  return { lower: median - reach, upper: median + reach };
}

export const outside = (v: number, f: Fences) => !Number.isNaN(v) && (v < f.lower || v > f.upper);

export type NumberColumn = Extract<Column, { type: 'integer' | 'float' }>;

/** What decides whether an integer column names rows rather than measures them. */
export interface IdentifierFacts {
  readonly type: 'integer' | 'float';
  readonly present: number;
  readonly distinct: number;
  readonly min: number;
  readonly max: number;
  /** The values never decrease down the rows (a row index, or rows grouped by a running id). */
  readonly nonDecreasing: boolean;
}

/**
 * An identifier: the primary key, or integers of more than FEW_VALUES distinct values filling their
 * span (1, 2, 3 … with at most 1 % missing) that are unique to 95 % of rows, or that count from 0
 * or 1 in row order (an individual's number repeated over its rows; a table merely sorted by an
 * age from 18 is not one). Its "outliers" are only its first and last rows.
 */
export function identifierLike(f: IdentifierFacts, primaryKey = false): boolean {
  if (primaryKey) return true;
  if (f.type !== 'integer' || f.distinct <= FEW_VALUES) return false;
  const consecutive = f.max - f.min + 1 <= f.distinct * 1.01;
  return consecutive && (f.distinct >= 0.95 * f.present || (f.nonDecreasing && (f.min === 0 || f.min === 1)));
}

/** Whether values never decrease (missing skipped), continuing from `last` (the previous chunk's last value). */
export function nonDecreasing(values: Float64Array, last = -Infinity): { ok: boolean; last: number } {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (v < last) return { ok: false, last: v };
    last = v;
  }
  return { ok: true, last };
}

/** identifierLike of a whole column, from one pass over it: only an integer column (or the primary key) can be one, so no other is read. */
function columnIdentifierLike(c: NumberColumn, primaryKey: boolean): boolean {
  if (primaryKey || c.type !== 'integer') return primaryKey;
  const distinct = new Set<number>();
  let [present, min, max] = [0, Infinity, -Infinity];
  for (const v of c.values) {
    if (v !== v) continue;
    present++;
    distinct.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const facts = { type: c.type, present, distinct: distinct.size, min: present ? min : NaN, max: present ? max : NaN, nonDecreasing: nonDecreasing(c.values).ok };
  return identifierLike(facts, false);
}

/**
 * The integer and float columns, in the table's order: those named in `columns` when given, else
 * every one but identifiers (the primary key in `info`, or identifierLike).
 */
export const outlierColumns = (table: Table, columns: readonly string[] | undefined, info: readonly ColumnInfo[] = []): NumberColumn[] =>
  table.columns.filter(
    (c): c is NumberColumn =>
      (c.type === 'integer' || c.type === 'float') && (columns ? columns.includes(c.name) : !columnIdentifierLike(c, info.some((i) => i.name === c.name && i.primary_key === true))),
  );

/** Multivariate: rows ranked by isolation-forest score; those above 0.6 are reported. */
export function isolationOutliers(table: Table, columns: readonly string[] | undefined, page: Page, seed: number, info: readonly ColumnInfo[] = []) {
  const chosen = outlierColumns(table, columns, info);
  const scores = isolationForestScores(chosen.map((c) => c.values), Rng.seeded(seed));
  const flagged = Array.from(scores.keys()).filter((r) => scores[r]! > ISOLATION_THRESHOLD).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return {
    method: 'isolation_forest' as const,
    columns: chosen.map((c) => c.name),
    threshold: ISOLATION_THRESHOLD,
    count: flagged.length,
    rows: flagged.slice(page.offset, page.offset + page.limit).map((row) => ({ row, score: scores[row]! })),
    offset: page.offset,
    limit: page.limit,
  };
}

function fencesOf(method: OutlierMethod, sorted: Float64Array): Fences {
  if (method === 'iqr') return iqrFences(quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.75));
  if (method === 'zscore') {
    const { mean, std } = moments(sorted);
    return zscoreFences(mean, std);
  }
  const median = quantileSorted(sorted, 0.5);
  const deviations = Float64Array.from(sorted, (v) => Math.abs(v - median));
  const meanDeviation = deviations.reduce((a, b) => a + b, 0) / Math.max(1, deviations.length);
  return madFences(median, quantileSorted(deviations.sort(), 0.5), meanDeviation);
}

export function outliers(table: Table, method: OutlierMethod, columns: readonly string[] | undefined, page: Page, info: readonly ColumnInfo[] = []) {
  return {
    method,
    columns: outlierColumns(table, columns, info).map((c) => {
      const fences = fencesOf(method, presentNumbers(c).sort());
      const rows: number[] = [];
      for (let r = 0; r < c.values.length; r++) if (outside(c.values[r]!, fences)) rows.push(r);
      return { column: c.name, lower: fences.lower, upper: fences.upper, count: rows.length, rows: rows.slice(page.offset, page.offset + page.limit) };
    }),
    offset: page.offset,
    limit: page.limit,
  };
}
