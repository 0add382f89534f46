/**
 * Univariate outliers of a file read chunk by chunk, with the fences of ../outliers.ts.
 * Pass 1 merges each column's moments (z-score: exact up to rounding) or sketches its quantiles
 * (IQR: quartiles; MAD: the median). MAD then needs a pass of its own: the median of |x − median|,
 * sketched too. The last pass counts the values outside the fences exactly and keeps the requested
 * page of row indices (global index = the chunk's first row + the row within it).
 *
 * The sketched fences are estimates: each quartile, median and MAD is the value at a rank within
 * rank_error·n of its own. The MAD is taken around the sketched median m̂; since |x − m̂| moves by at
 * most |m − m̂| from |x − m|, so does every quantile of it. Count and rows are exact for the fences
 * reported. While a column's sketch holds every value (a couple of hundred), all of it is exact.
 */
import { momentStatistics } from '../../stats/moments.js';
import type { KllSketch } from '../../stats/kll.js';
import type { Column } from '../../table/model.js';
import type { ColumnInfo } from '../../files/model.js';
import { fenceReply, iqrFences, madFences, outside, zscoreFences, type Fences, type OutlierMethod, type Page } from '../outliers.js';
import { IdentifierScan } from '../identifiers.js';
import { chunkedComputation, quantileBound, type Computation } from '../approximation.js';
import { NumberSketch } from './column-sketch.js';
import { addChunkQuantiles, newQuantileSketch } from './quantiles.js';
import type { ChunkSource } from './source.js';

type NumberColumn = Extract<Column, { type: 'integer' | 'float' }>;

const isChosen = (c: Column, columns: readonly string[] | undefined): c is NumberColumn => (c.type === 'integer' || c.type === 'float') && (!columns || columns.includes(c.name));

/** The chosen columns of one chunk, in the table's order (as in memory). */
const chosenOf = (columns: readonly Column[], asked: readonly string[] | undefined) => columns.filter((c): c is NumberColumn => isChosen(c, asked));

/** Pass 2 of MAD: a sketch of |x − median| per column, and their mean (the scale when the MAD is 0). */
async function deviationSketches(source: ChunkSource, asked: readonly string[] | undefined, medians: readonly number[]): Promise<{ sketches: KllSketch[]; means: number[] }> {
  const sketches = medians.map((_, i) => newQuantileSketch(1000 + i));
  const sums = medians.map(() => 0);
  const counts = medians.map(() => 0);
  let chunk = 0;
  for await (const table of source.chunks()) {
    chosenOf(table.columns, asked).forEach((c, i) => {
      const m = medians[i]!;
      const deviations = new Float64Array(c.values.length);
      // NaN stays NaN and is skipped by the sketch.
      for (let r = 0; r < deviations.length; r++) deviations[r] = Math.abs(c.values[r]! - m);
      let sum = 0;
      let n = 0;
      for (const d of deviations) {
        if (d !== d) continue;
        sum += d;
        n++;
      }
      sums[i] = sums[i]! + sum;
      counts[i] = counts[i]! + n;
      addChunkQuantiles(sketches[i]!, deviations, 1000 + i, chunk);
    });
    chunk++;
  }
  return { sketches, means: sums.map((s, i) => s / Math.max(1, counts[i]!)) };
}

export async function chunkedOutliers(source: ChunkSource, method: OutlierMethod, asked: readonly string[] | undefined, page: Page, info: readonly ColumnInfo[] = []) {
  let sketches: NumberSketch[] | undefined;
  let chunks = 0;
  const identifiers = new IdentifierScan(source.rows);
  for await (const table of source.chunks()) {
    const chosen = chosenOf(table.columns, asked);
    sketches ??= chosen.map((c, i) => new NumberSketch(c.name, c.type, { quantiles: method !== 'zscore', distinct: false }, i + 1));
    chosen.forEach((c, i) => sketches![i]!.add(c.values, chunks));
    if (!asked) identifiers.add(chosen);
    chunks++;
  }
  const all = sketches ?? [];
  let sketched = all.some((s) => s.quantiles && !s.quantiles.exact);
  let fences: Fences[];
  if (method === 'zscore')
    fences = all.map((s) => {
      const { mean, std } = momentStatistics(s.moments);
      return zscoreFences(mean, std);
    });
  else if (method === 'iqr') fences = all.map((s) => iqrFences(s.quantiles!.quantile(0.25), s.quantiles!.quantile(0.75)));
  else {
    const medians = all.map((s) => s.quantiles!.quantile(0.5));
    const { sketches: deviations, means } = await deviationSketches(source, asked, medians);
    sketched ||= deviations.some((d) => !d.exact);
    fences = medians.map((m, i) => madFences(m, deviations[i]!.quantile(0.5), means[i]!));
  }

  // Last pass: exact counts, and the page of rows.
  const counts = all.map(() => 0);
  const rows: number[][] = all.map(() => []);
  const end = page.offset + page.limit;
  let offset = 0;
  for await (const table of source.chunks()) {
    chosenOf(table.columns, asked).forEach((c, i) => {
      const f = fences[i]!;
      const values = c.values;
      let count = counts[i]!;
      for (let r = 0; r < values.length; r++) {
        if (!outside(values[r]!, f)) continue;
        if (count >= page.offset && count < end) rows[i]!.push(offset + r);
        count++;
      }
      counts[i] = count;
    });
    offset += table.rowCount;
  }

  // Unless columns are named, identifiers and flags are left out, by the in-memory rule (identifiers.ts).
  const identifier = (s: NumberSketch) => !asked && (identifiers.identifier(s.name, info) || identifiers.flag(s.name));
  const result = {
    method,
    columns: all.flatMap((s, i) => (identifier(s) ? [] : [{ column: s.name, ...fenceReply(fences[i]!), count: counts[i]!, rows: rows[i]! }])),
    offset: page.offset,
    limit: page.limit,
  };
  return { ...result, ...chunkedComputation(outliersApproximation(method, sketched, chunks)) } satisfies Computation;
}

function outliersApproximation(method: OutlierMethod, sketched: boolean, chunks: number) {
  if (!sketched) return { chunks, estimated: [] };
  return {
    chunks,
    estimated: ['columns[].lower', 'columns[].upper', 'columns[].count', 'columns[].rows'],
    quantiles: quantileBound(),
    note:
      method === 'iqr'
        ? 'The fences come from sketched quartiles (each within rank_error of its rank); count and rows are exact for the fences reported.'
        : 'The fences come from a sketched median m̂ and the sketched median of |x − m̂| (each within rank_error of its rank; the MAD also moves by at most |m̂ − median|; where the MAD is 0 the scale is 1.2533 times the mean of |x − m̂|, summed exactly); count and rows are exact for the fences reported.',
  };
}
