/**
 * Two distributions compared through weighted sorted samples: a KLL sketch's `cdf()` (items
 * ascending with running weights), or every value with weight 1. With unit weights these are the
 * exact statistics, computed with the same arithmetic as ksStatistic (./ks.ts) and wasserstein1
 * (../eda/drift.ts), so to the same bits. With a sketch's weights each step function is within the
 * sketch's all-quantile rank error ε of the true CDF at every point, hence
 *   |KŜ − KS| ≤ ε_a + ε_b   and   |Ŵ₁ − W₁| ≤ (ε_a + ε_b)·(max − min),
 * since W₁ = ∫|F_a − F_b| and both CDFs are 0 below the smaller minimum and 1 from the larger maximum.
 */
import type { KllCdf } from './kll.js';
import { areaMeasure } from './area.js';

const totalWeight = (c: KllCdf) => (c.cumulative.length ? c.cumulative[c.cumulative.length - 1]! : 0);

/** Share of the weight at or below the item before index i (i items consumed). */
const shareBefore = (c: KllCdf, i: number, total: number) => (i ? c.cumulative[i - 1]! / total : 0);

/** The largest gap between the two step CDFs (two-sample Kolmogorov–Smirnov D); NaN if either is empty. */
export function ksDistance(a: KllCdf, b: KllCdf): number {
  const na = totalWeight(a);
  const nb = totalWeight(b);
  if (!na || !nb) return NaN;
  const x = a.items;
  const y = b.items;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(shareBefore(a, i, na) - shareBefore(b, j, nb)));
  }
  return d;
}

/** W₁ = ∫|F_a − F_b|: the area between the two step CDFs; NaN if either is empty. */
export function wassersteinDistance(a: KllCdf, b: KllCdf): number {
  const na = totalWeight(a);
  const nb = totalWeight(b);
  if (!na || !nb) return NaN;
  const x = a.items;
  const y = b.items;
  let i = 0;
  let j = 0;
  let area = 0;
  let v = Math.min(x[0]!, y[0]!);
  const measure = areaMeasure(v, Math.max(x[x.length - 1]!, y[y.length - 1]!));
  for (;;) {
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    const next = Math.min(i < x.length ? x[i]! : Infinity, j < y.length ? y[j]! : Infinity);
    if (next === Infinity) return measure.total(area);
    area += Math.abs(shareBefore(a, i, na) - shareBefore(b, j, nb)) * measure.width(v, next);
    v = next;
  }
}

/**
 * The items at the given 0-based ranks (ascending) of the weighted sample expanded by weight: with
 * unit weights, sorted[rank]. Each is the smallest item whose running weight exceeds the rank.
 */
export function itemsAtRanks(c: KllCdf, ranks: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ranks.length);
  let i = 0;
  for (let k = 0; k < ranks.length; k++) {
    while (i < c.items.length - 1 && c.cumulative[i]! <= ranks[k]!) i++;
    out[k] = c.items.length ? c.items[i]! : NaN;
  }
  return out;
}
