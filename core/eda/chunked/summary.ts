/**
 * The summary of a file read chunk by chunk, in one pass, holding per column only its sketch and
 * per row an 8-byte fingerprint (duplicates need every row's; that is 1/20 of a 20-column table).
 * Everything is exact but a text column's distinct count past DISTINCT_EXACT_MAX, which only
 * decides the high-cardinality warning.
 */
import type { ColumnInfo } from '../../files/model.js';
import { isCategorical, type Column } from '../../table/model.js';
import { mergeCoMoments, NO_CO_MOMENTS, pairwiseCoMoments, type CoMoments } from '../../stats/pearson.js';
import { momentStatistics } from '../../stats/moments.js';
import { repeatedFingerprints, rowFingerprints } from '../codes.js';
import { atMostTwoValues, cellBytes, labelBytes, pairsChecked, summaryReport, usedCategories, type SummaryColumnFacts } from '../summary.js';
import { chunkedComputation, distinctBound, type Computation } from '../approximation.js';
import { addChunk, CategorySketch, newSketch, NumberSketch, TextSketch, type ColumnSketch } from './column-sketch.js';
import type { ChunkSource } from './source.js';

const isIntegerOrFloat = (c: Column): c is Extract<Column, { type: 'integer' | 'float' }> => c.type === 'integer' || c.type === 'float';

/** A growing Float64Array (doubling), for the row fingerprints. */
class Float64Buffer {
  private data = new Float64Array(1024);
  length = 0;

  append(values: Float64Array): void {
    if (this.length + values.length > this.data.length) {
      let size = this.data.length;
      while (size < this.length + values.length) size *= 2;
      const bigger = new Float64Array(size);
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function facts(s: ColumnSketch, twoValues: boolean): SummaryColumnFacts {
  if (s instanceof NumberSketch) {
    const distinct = s.present === 0 ? 0 : s.min === s.max ? 1 : 2;
    if (s.type === 'datetime') return { name: s.name, type: s.type, missing: s.missing, distinct };
    return { name: s.name, type: s.type, missing: s.missing, distinct, skewness: momentStatistics(s.moments).skewness, zeros: s.zeros, twoValues };
  }
  if (s instanceof CategorySketch) return { name: s.name, type: s.type, missing: s.missing, ...usedCategories(s.counts) };
  return { name: s.name, type: s.type, missing: s.missing, distinct: s.distinctCount(), distinctEstimated: !s.distinct.exact };
}

export async function chunkedSummary(source: ChunkSource, info: readonly ColumnInfo[] = []): Promise<ReturnType<typeof summaryReport> & Computation> {
  let sketches: ColumnSketch[] | undefined;
  let pairNames: [string, string][] = [];
  let pairs: CoMoments[] = [];
  let numericCount = 0;
  // Each column's category labels over all chunks: counted once, as the whole table holds them.
  const labels: Set<string>[] = [];
  const fingerprints = new Float64Buffer();
  // Per integer/float column: whether its values so far take at most two values, and those seen.
  const twoValues: boolean[] = [];
  const seen: number[][] = [];
  let rows = 0;
  let bytes = 0;
  let chunk = 0;
  for await (const table of source.chunks()) {
    sketches ??= table.columns.map((c, i) => newSketch(c, { quantiles: false, distinct: false }, i));
    table.columns.forEach((c, i) => addChunk(sketches![i]!, c, chunk));
    table.columns.forEach((c, i) => {
      if (isIntegerOrFloat(c) && twoValues[i] !== false) twoValues[i] = atMostTwoValues(c.values, (seen[i] ??= []));
    });
    const numeric = table.columns.filter(isIntegerOrFloat);
    numericCount = numeric.length;
    // Too many pairs to compare past pairsChecked (summary.ts): the warning says so instead.
    if (pairsChecked(numeric.length)) {
      if (!pairNames.length && numeric.length > 1) {
        pairNames = numeric.flatMap((a, i) => numeric.slice(i + 1).map((b): [string, string] => [a.name, b.name]));
        pairs = pairNames.map(() => NO_CO_MOMENTS);
      }
      const part = pairwiseCoMoments(numeric.map((c) => c.values));
      pairs = pairs.map((m, p) => mergeCoMoments(m, part[p]!));
    }
    fingerprints.append(rowFingerprints(table.columns, table.rowCount, true));
    rows += table.rowCount;
    bytes += cellBytes(table);
    table.columns.forEach((c, i) => {
      if (isCategorical(c)) for (const label of c.categories) (labels[i] ??= new Set()).add(label);
    });
    chunk++;
  }
  const columns = (sketches ?? []).map((s, i) => facts(s, twoValues[i] === true));
  const report = summaryReport(
    { rows, columns, memoryBytes: bytes + labels.reduce((sum, l) => sum + labelBytes(l), 0), numericPairs: pairNames.map((names, p) => ({ names, moments: pairs[p]! })), ...(pairsChecked(numericCount) ? {} : { pairsUnchecked: numericCount }), duplicates: repeatedFingerprints(fingerprints.view()) },
    info,
  );
  const estimatedText = (sketches ?? []).filter((s) => s instanceof TextSketch && !s.distinct.exact).map((s) => s.name);
  return {
    ...report,
    ...chunkedComputation({
      chunks: chunk,
      estimated: estimatedText.length ? ['high_cardinality_columns', 'warnings'] : [],
      ...(estimatedText.length
        ? { distinct: distinctBound(), note: `Distinct counts of ${estimatedText.join(', ')} are estimates; they only decide the high-cardinality warning.` }
        : {}),
    }),
  };
}
