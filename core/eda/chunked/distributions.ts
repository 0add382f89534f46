/**
 * Distributions of a file read chunk by chunk, shaped as ../distributions.ts shapes them.
 * Pass 1 keeps per number column its span, merged moments and a quantile sketch (and per integer
 * its counts per value while they number at most FEW_VALUES, exact); per datetime its
 * counts per UTC hour (every calendar period is whole hours); per other column its value counts. Pass 2 counts histogram bins exactly.
 *
 * Exact: datetime counts; value counts of categories (and of text while its distinct values fit
 * the Misra–Gries capacity); histogram counts for their edges; the edges themselves when `bins` is
 * given (they depend on the exact span only); the KDE's x grid (span and moments are exact).
 * Estimated: Freedman–Diaconis edges (IQR from the sketch); KDE densities, whose kernel centres are
 * the sketch's items at the ranks the in-memory path takes (every step-th sorted value). The sketch
 * is within ε of the true CDF everywhere, so the centres' CDF is within D = ε + 1/m (m centres), and
 * since a Gaussian KDE is ∫φ_h(x − t) dF(t), each density is within D·∫|φ'|/h = √(2/π)·D/h.
 */
import { kllRankError } from '../../stats/kll.js';
import { momentStatistics } from '../../stats/moments.js';
import { itemsAtRanks } from '../../stats/weighted-cdf.js';
import type { FrequentValues } from '../../stats/frequent.js';
import type { Column } from '../../table/model.js';
import { keptOffsetMinutes } from '../../table/utc-offset.js';
import {
  categoricalDistribution,
  datetimeDistribution,
  DISTRIBUTION_MAX_BINS,
  kdeBandwidth,
  kdeCurve,
  kdeStride,
  MISSING_LABEL,
  addHours,
  numericDistribution,
} from '../distributions.js';
import { FEW_VALUES } from '../columns.js';
import { chunkedComputation, quantileBound, type Approximation, type Computation, type FieldBound } from '../approximation.js';
import { NumberSketch, QUANTILE_SKETCH_K, TOP_VALUES_CAPACITY } from './column-sketch.js';
import { binnedHistogram, binsFor, countBins, type Bins } from './bins.js';
import { chunkLabelCounts, newLabelCounts } from './labels.js';
import type { ChunkSource } from './source.js';

type State =
  | { kind: 'numeric'; sketch: NumberSketch; bins?: Bins; /** Integers: counts per value while at most FEW_VALUES. */ values?: Map<number, number> }
  | { kind: 'datetime'; name: string; hours: Map<number, number>; utcOffset?: string | undefined }
  | { kind: 'categorical'; name: string; counts: FrequentValues };

function newState(c: Column, seed: number): State {
  if (c.type === 'integer' || c.type === 'float')
    return { kind: 'numeric', sketch: new NumberSketch(c.name, c.type, { quantiles: true, distinct: false }, seed), ...(c.type === 'integer' ? { values: new Map<number, number>() } : {}) };
  if (c.type === 'datetime') return { kind: 'datetime', name: c.name, hours: new Map(), utcOffset: c.utcOffset };
  return { kind: 'categorical', name: c.name, counts: newLabelCounts() };
}

function addToState(state: State, c: Column, chunk: number): void {
  if (state.kind === 'numeric' && (c.type === 'integer' || c.type === 'float')) {
    state.sketch.add(c.values, chunk);
    if (state.values) state.values = addValueCounts(state.values, c.values);
  }
  else if (state.kind === 'datetime' && c.type === 'datetime') {
    addHours(state.hours, c.values, keptOffsetMinutes(state.utcOffset));
  } else if (state.kind === 'categorical') state.counts.addCounts(chunkLabelCounts(c, MISSING_LABEL));
  else throw new Error(`Column ${c.name} changed type between chunks`);
}

/** Adds present values to counts per value; undefined once past FEW_VALUES distinct values. */
function addValueCounts(counts: Map<number, number>, values: Float64Array): Map<number, number> | undefined {
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v !== v) continue;
    const key = v === 0 ? 0 : v;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.size > FEW_VALUES) return undefined;
  }
  return counts;
}

/** The KDE from the sketch, with the bound on each density's distance from the exact curve's. */
function sketchedKde(s: NumberSketch): { curve: ReturnType<typeof kdeCurve>; bound: number } {
  const n = s.present;
  const { std } = momentStatistics(s.moments);
  const step = kdeStride(n);
  const ranks = Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
  const centres = itemsAtRanks(s.quantiles!.cdf(), ranks);
  const curve = kdeCurve(centres, n, std, s.min, s.max);
  const epsilon = kllRankError(QUANTILE_SKETCH_K, true);
  return { curve, bound: curve.length ? (Math.sqrt(2 / Math.PI) * (epsilon + 1 / centres.length)) / kdeBandwidth(n, std) : 0 };
}

export async function chunkedDistributions(source: ChunkSource, columns: readonly string[], bins?: number) {
  let states: State[] | undefined;
  let chunk = 0;
  for await (const table of source.chunks()) {
    // As asked (a name twice is described twice; unknown names are skipped, as in memory).
    const chosen = columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined);
    states ??= chosen.map((c, i) => newState(c, i + 1));
    chosen.forEach((c, i) => addToState(states![i]!, c, chunk));
    chunk++;
  }
  const all = states ?? [];
  for (const s of all) if (s.kind === 'numeric') s.bins = binsFor(s.sketch, DISTRIBUTION_MAX_BINS, bins);
  if (all.some((s) => s.kind === 'numeric' && s.bins)) {
    // Pass 2: exact counts in the bins pass 1 chose.
    for await (const table of source.chunks()) {
      const chosen = columns.map((n) => table.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined);
      chosen.forEach((c, i) => {
        const s = all[i]!;
        if (s.kind === 'numeric' && s.bins && (c.type === 'integer' || c.type === 'float')) countBins(s.bins, c.values);
      });
    }
  }
  const estimated = new Set<string>();
  const bounds: FieldBound[] = [];
  let textError = 0;
  const distributions = all.map((s) => {
    if (s.kind === 'numeric') {
      const sketch = s.sketch;
      const sketched = !sketch.quantiles!.exact;
      const kde = sketchedKde(sketch);
      const bound = sketched ? kde.bound : 0;
      if (sketched && s.bins && bins === undefined) ['distributions[].histogram.edges', 'distributions[].vega_lite.data.values'].forEach((f) => estimated.add(f));
      if (bound > 0) {
        estimated.add('distributions[].kde[].density');
        bounds.push({ field: 'distributions[].kde[].density', column: sketch.name, max_error: bound });
      }
      const values = s.values && [...s.values].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
      return numericDistribution(sketch.name, binnedHistogram(sketch, s.bins), kde.curve, values);
    }
    if (s.kind === 'datetime') return datetimeDistribution(s.name, s.hours, s.utcOffset);
    if (!s.counts.exact) {
      textError = Math.max(textError, s.counts.errorBound);
      ['distributions[].counts', 'distributions[].vega_lite.data.values'].forEach((f) => estimated.add(f));
    }
    return categoricalDistribution(s.name, new Map(s.counts.entries()));
  });
  return { distributions, ...chunkedComputation(distributionsApproximation(chunk, [...estimated], bounds, textError)) } satisfies Computation & { distributions: unknown[] };
}

function distributionsApproximation(chunks: number, estimated: string[], bounds: FieldBound[], textError: number): Approximation {
  const quantiles = estimated.some((f) => f.startsWith('distributions[].histogram') || f.startsWith('distributions[].kde'));
  return {
    chunks,
    estimated,
    ...(quantiles ? { quantiles: quantileBound() } : {}),
    ...(textError ? { top_values: { sketch: 'Misra-Gries' as const, capacity: TOP_VALUES_CAPACITY, count_error: textError } } : {}),
    ...(bounds.length ? { bounds } : {}),
    ...(quantiles
      ? {
          note:
            'Histogram counts are exact for the edges shown; without `bins`, the bin width comes from sketched quartiles. KDE kernel centres are the quantile sketch’s values at the ranks the exact curve uses, so each density is within its bound (√(2/π)·(histogram_rank_error + 1/centres)/bandwidth) of the exact curve.',
        }
      : {}),
  };
}
