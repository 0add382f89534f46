/**
 * Univariate outliers: Tukey's fences (1.5 IQR beyond the quartiles), z-score (|z| > 3, sample
 * std) or the modified z-score on the median absolute deviation (|0.6745 (x − median) / MAD| > 3.5,
 * Iglewicz & Hoaglin). Row indices are paged. The fences are functions of a few statistics, so the
 * chunked path (./chunked/outliers.ts) applies the same ones to merged or sketched statistics.
 * Unless columns are named, identifiers (a primary key, a row number, a running id) are left out.
 */
import { z } from 'zod';
import type { Column, Table } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { presentNumbers, quantileSorted } from './columns.js';
import { IdentifierScan } from './identifiers.js';
import { moments } from './describe.js';
import { isolationForestScores } from './isolation-forest.js';
import { Rng } from '../random.js';
import { finiteOrNull } from './finite.js';

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

const count = z.number().int().nonnegative();
const paging = {
  offset: count.describe('Of the page: the first row index (or row) skipped to'),
  limit: count.describe('Of the page: at most this many row indices (or rows)'),
};
const fence = (side: string) =>
  z
    .number()
    .nullable()
    .describe(`Values ${side} this are outliers. null when there is no fence: no values, under two for the z-score, or a fence past the largest double (values near ±1.8e308), beyond which no value lies`);

export const UnivariateOutliers = z
  .object({
    method: z.enum(['iqr', 'zscore', 'mad']),
    columns: z
      .array(
        z.object({
          column: z.string(),
          lower: fence('below'),
          upper: fence('above'),
          count: count.describe('Values outside the fences'),
          rows: z.array(count).describe('0-based row indices of those values, ascending, paged by offset and limit'),
        }),
      )
      .describe('The integer and float columns named, or else every one but identifiers and flags'),
    ...paging,
  })
  .meta({ id: 'EdaUnivariateOutliers' });

export const IsolationOutliers = z
  .object({
    method: z.literal('isolation_forest'),
    columns: z.array(z.string()).describe('The number columns the forest splits on'),
    threshold: z.number().describe('Rows scoring above it are outliers'),
    count: count.describe('Rows scoring above the threshold'),
    rows: z
      .array(z.object({ row: count.describe('0-based row index'), score: z.number().min(0).max(1).describe('Isolation-forest anomaly score: near 1 is isolated quickly') }))
      .describe('Highest score first, paged by offset and limit'),
    ...paging,
  })
  .meta({ id: 'EdaIsolationOutliers' });

/** What POST /eda/outliers answers, besides how it was computed (approximation.ts). */
export const OutliersResult = z.discriminatedUnion('method', [UnivariateOutliers, IsolationOutliers]);
export type OutliersResult = z.infer<typeof OutliersResult>;

/** A fence as the reply has it: NaN (no fence) and ±Infinity (past every double, so nothing lies beyond) are null. */
export const fenceReply = (f: Fences) => ({ lower: finiteOrNull(f.lower), upper: finiteOrNull(f.upper) });

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

/**
 * The integer and float columns, in the table's order: those named in `columns` when given, else
 * every one but identifiers (the primary key in `info`, or identifierLike) and, for `univariate`
 * fences, flags (IdentifierScan.flag).
 */
export function outlierColumns(table: Table, columns: readonly string[] | undefined, info: readonly ColumnInfo[] = [], univariate = false): NumberColumn[] {
  const numbers = table.columns.filter((c): c is NumberColumn => c.type === 'integer' || c.type === 'float');
  if (columns) return numbers.filter((c) => columns.includes(c.name));
  // The whole table as one chunk of the scan the chunked path runs, so both leave out the same columns.
  const scan = new IdentifierScan(table.rowCount);
  scan.add(numbers);
  return numbers.filter((c) => !scan.identifier(c.name, info) && !(univariate && scan.flag(c.name)));
}

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
    columns: outlierColumns(table, columns, info, true).map((c) => {
      const fences = fencesOf(method, presentNumbers(c).sort());
      const rows: number[] = [];
      for (let r = 0; r < c.values.length; r++) if (outside(c.values[r]!, fences)) rows.push(r);
      return { column: c.name, ...fenceReply(fences), count: rows.length, rows: rows.slice(page.offset, page.offset + page.limit) };
    }),
    offset: page.offset,
    limit: page.limit,
  };
}
