/**
 * Histogram bins of a column read in chunks: the width comes from pass 1 (span exact, Freedman–
 * Diaconis IQR from the quantile sketch), the counts from pass 2, exactly, with the in-memory
 * path's binOf — so for the same edges the counts are the in-memory ones.
 */
import { binEdges, binOf, histogramBins, type Histogram } from '../describe.js';
import type { NumberSketch } from './column-sketch.js';

export interface Bins {
  readonly lo: number;
  readonly hi: number;
  readonly width: number;
  readonly counts: Float64Array;
}

/** Bins for a number column with spread (undefined for datetimes, empty or constant columns). */
export function binsFor(s: NumberSketch, maxBins: number, bins?: number): Bins | undefined {
  if (s.type === 'datetime' || !s.present || s.min === s.max) return undefined;
  const iqr = s.quantiles!.quantile(0.75) - s.quantiles!.quantile(0.25);
  const { k, width } = histogramBins(s.present, s.min, s.max, iqr, maxBins, bins);
  return { lo: s.min, hi: s.max, width, counts: new Float64Array(k) };
}

/** Pass 2: one chunk's present values into their bins. */
export function countBins(b: Bins, values: Float64Array): void {
  const k = b.counts.length;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v === v) b.counts[binOf(v, b.lo, b.hi, b.width, k)]!++;
  }
}

/** The histogram as the in-memory path shapes it: none when empty, one bin for a constant column. */
export function binnedHistogram(s: NumberSketch, bins: Bins | undefined): Histogram {
  if (!s.present) return { edges: [], counts: [] };
  if (!bins) return { edges: [s.min, s.max], counts: [s.present] };
  return { edges: binEdges(bins.lo, bins.hi, bins.width, bins.counts.length), counts: Array.from(bins.counts) };
}
