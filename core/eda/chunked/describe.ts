/**
 * Per-column statistics of a file read chunk by chunk, with the estimators of ../describe.ts.
 * Pass 1 sketches every column; pass 2, only when a number column has spread, counts histogram bins
 * exactly. Exact: counts, missing, min, max, mean, std, skewness, kurtosis (merged moments), zeros,
 * negatives, histogram counts, category counts and entropy, text lengths, datetime span.
 * Estimated: quartiles (KLL), and through them the histogram's bin width; distinct counts past
 * DISTINCT_EXACT_MAX (HyperLogLog), and through them a datetime's gaps (and its granularity, from
 * the smallest step inside one chunk); text top values past the Misra–Gries capacity, and then the
 * entropy, spreading the untracked rows evenly over the untracked distinct values.
 */
import { momentStatistics } from '../../stats/moments.js';
import { kllRankError } from '../../stats/kll.js';
import { sortedCopy } from '../../stats/sort.js';
import type { Column } from '../../table/model.js';
import { baseDescription, countsDescription, datetimeDescription, entropyBits, gapsOf, granularityOf, numberDescription, unitsBetween, weekendGaps } from '../describe.js';
import { keptOffsetMinutes } from '../../table/utc-offset.js';
import { chunkedComputation, distinctBound, quantileBound, type Approximation } from '../approximation.js';
import { addChunk, CategorySketch, newSketch, NumberSketch, QUANTILE_SKETCH_K, TextSketch, TOP_VALUES_CAPACITY, type ColumnSketch } from './column-sketch.js';
import type { ChunkSource } from './source.js';
import { binnedHistogram, binsFor, countBins, type Bins } from './bins.js';

const MAX_BINS = 50;

/** Entropy from Misra–Gries counters: exact when nothing was dropped, else the plug-in estimate described above. */
function textEntropy(s: TextSketch): number {
  const present = s.present;
  const top = s.frequent.top();
  if (s.frequent.exact) return entropyBits(top.map(([, n]) => n), present);
  const tracked = top.reduce((a, [, n]) => a + n, 0);
  const rest = present - tracked;
  const restDistinct = Math.max(1, s.distinctCount() - top.length);
  const perValue = rest / restDistinct;
  return entropyBits(top.map(([, n]) => n), present) + (rest > 0 ? -restDistinct * (perValue / present) * Math.log2(perValue / present) : 0);
}

function describeSketch(s: ColumnSketch, bins: Bins | undefined, rows: number, source: Column) {
  if (s instanceof NumberSketch && s.type !== 'datetime') {
    const m = momentStatistics(s.moments);
    const q = s.quantiles!;
    return numberDescription(baseDescription({ name: s.name, type: s.type }, rows, s.missing), {
      distinct: s.distinctCount(),
      moments: { mean: m.mean, std: m.std, skewness: m.skewness, kurtosis: m.kurtosis },
      min: s.present ? s.min : null,
      q1: q.quantile(0.25),
      median: q.quantile(0.5),
      q3: q.quantile(0.75),
      max: s.present ? s.max : null,
      zeros: s.zeros,
      negatives: s.negatives,
      histogram: binnedHistogram(s, bins),
    });
  }
  if (s instanceof NumberSketch) {
    const exactValues = s.distinct!.values();
    const distinct = s.distinctCount();
    let step = s.minStep;
    let unique: Float64Array | undefined;
    if (exactValues) {
      unique = sortedCopy(Float64Array.from(exactValues));
      step = Infinity;
      for (let i = 1; i < unique.length; i++) step = Math.min(step, unique[i]! - unique[i - 1]!);
    }
    const { granularity, unit } = granularityOf(step);
    const units = unitsBetween(granularity, unit);
    let gaps = 0;
    // Past the exact distinct count, the units the span holds less the (estimated) distinct timestamps.
    if (units && unique) gaps = gapsOf(unique, units);
    else if (units && s.present) gaps = Math.max(0, units(s.min, s.max) + 1 - distinct);
    const format = source.type === 'datetime' ? source.format : '';
    const offset = source.type === 'datetime' ? source.utcOffset : undefined;
    const weekend = unique && granularity === 'day' ? weekendGaps(unique, keptOffsetMinutes(offset)) : undefined;
    return datetimeDescription(baseDescription({ name: s.name, type: 'datetime' }, rows, s.missing), format, { distinct, min: s.present ? s.min : undefined, max: s.present ? s.max : undefined, granularity, gaps, weekendGaps: weekend }, offset);
  }
  if (s instanceof CategorySketch) {
    const counts = s.categories.map((label, i) => [label, s.counts[i]!] as const).filter(([, n]) => n > 0);
    const top = [...counts].sort((a, b) => b[1] - a[1]);
    return countsDescription(baseDescription(s, rows, s.missing), { distinct: counts.length, top, entropyBits: entropyBits(counts.map(([, n]) => n), rows - s.missing) });
  }
  const present = s.present;
  return countsDescription(baseDescription(s, rows, s.missing), {
    distinct: s.distinctCount(),
    top: s.frequent.top(20),
    entropyBits: textEntropy(s),
    length: { min: present ? s.minLength : 0, mean: present ? s.totalLength / present : 0, max: s.maxLength },
  });
}

export async function chunkedDescribe(source: ChunkSource, columns?: readonly string[]) {
  let sketches: ColumnSketch[] | undefined;
  let schema: readonly Column[] = [];
  let rows = 0;
  let chunk = 0;
  for await (const table of source.chunks()) {
    if (!sketches) {
      schema = columns ? columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined) : table.columns;
      sketches = schema.map((c, i) => newSketch(c, { quantiles: true, distinct: true }, i + 1));
    }
    const byName = new Map(table.columns.map((c) => [c.name, c] as const));
    schema.forEach((c, i) => addChunk(sketches![i]!, byName.get(c.name)!, chunk));
    rows += table.rowCount;
    chunk++;
  }
  const all = sketches ?? [];
  const bins = all.map((s) => (s instanceof NumberSketch ? binsFor(s, MAX_BINS) : undefined));
  if (bins.some((b) => b)) {
    // Pass 2: exact counts in the bins the sketched quartiles chose.
    for await (const table of source.chunks()) {
      const byName = new Map(table.columns.map((c) => [c.name, c] as const));
      schema.forEach((c, i) => {
        const b = bins[i];
        const col = byName.get(c.name);
        if (b && col && 'values' in col && col.values instanceof Float64Array) countBins(b, col.values);
      });
    }
  }
  const result = { rows, columns: all.map((s, i) => describeSketch(s, bins[i], rows, schema[i]!)) };
  return { ...result, ...chunkedComputation(describeApproximation(all, chunk)) };
}

function describeApproximation(sketches: readonly ColumnSketch[], chunks: number): Approximation {
  const estimated = new Set<string>();
  let quantiles = false;
  let distinct = false;
  let topError = 0;
  for (const s of sketches) {
    if (s instanceof NumberSketch) {
      if (s.quantiles && !s.quantiles.exact && s.type !== 'datetime') {
        quantiles = true;
        ['q1', 'median', 'q3', 'histogram.edges'].forEach((f) => estimated.add(`columns[].${f}`));
      }
      if (s.distinct && !s.distinct.exact) {
        distinct = true;
        estimated.add('columns[].distinct');
        if (s.type === 'datetime') ['granularity', 'gaps'].forEach((f) => estimated.add(`columns[].${f}`));
      }
    } else if (s instanceof TextSketch) {
      if (!s.distinct.exact) {
        distinct = true;
        estimated.add('columns[].distinct');
      }
      if (!s.frequent.exact) {
        topError = Math.max(topError, s.frequent.errorBound);
        ['top', 'entropy_bits'].forEach((f) => estimated.add(`columns[].${f}`));
      }
    }
  }
  return {
    chunks,
    estimated: [...estimated],
    ...(quantiles ? { quantiles: quantileBound() } : {}),
    ...(distinct ? { distinct: distinctBound() } : {}),
    ...(topError ? { top_values: { sketch: 'Misra-Gries' as const, capacity: TOP_VALUES_CAPACITY, count_error: topError } } : {}),
    ...(quantiles ? { note: `Histogram counts are exact; their bin width comes from the sketched quartiles (rank error ${(kllRankError(QUANTILE_SKETCH_K) * 100).toFixed(2)} %).` } : {}),
  };
}
