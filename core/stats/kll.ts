/**
 * KLL quantile sketch (Karnin, Lang & Liberty, "Optimal quantile approximation in streams", FOCS
 * 2016), in the lazy form of Liberty's reference implementation: levels of compactors whose
 * capacities shrink geometrically (factor 2/3) below the top; when the sketch is full, the lowest
 * level over its capacity is sorted and every other item, from a random offset, moves up a level
 * with twice the weight. Sketches of disjoint data merge level by level, so chunks can be sketched
 * separately. Memory is O(k) items, whatever the number of values.
 *
 * Until the first compaction the sketch holds every value: quantiles are then exact and use the
 * same interpolation as the exact path (numpy's default).
 */
import { upperBound } from './sort.js';
import { interpolate } from './interpolate.js';
import { Rng } from '../random.js';

const SHRINK = 2 / 3;

/**
 * Normalised rank error at 99 % confidence, as measured for KLL by Apache DataSketches
 * (KllSketch.getNormalizedRankError): for one quantile, and for all quantiles at once (a CDF or
 * histogram). For k = 200 these are 1.33 % and 1.65 % of n.
 */
export function kllRankError(k: number, allQuantiles = false): number {
  return allQuantiles ? 2.446 / k ** 0.9433 : 2.296 / k ** 0.9723;
}

/** The sketch as a weighted sample: items ascending, and the total weight of items up to each. */
export interface KllCdf {
  readonly items: Float64Array;
  readonly cumulative: Float64Array;
  readonly n: number;
}

export class KllSketch {
  /** Values seen (NaN is skipped). */
  n = 0;
  min = Infinity;
  max = -Infinity;
  private levels: Float64Array[] = [];
  private sizes: number[] = [];
  private capacities: number[] = [];
  private held = 0;
  private limit = 0;
  private readonly rng: Rng;
  private cdfCache: KllCdf | undefined;

  /** k sets the accuracy (see kllRankError); the seed makes the random offsets, so results, repeatable. */
  constructor(
    readonly k = 200,
    seed = 0,
  ) {
    this.rng = Rng.seeded(seed);
    this.grow();
  }

  get exact(): boolean {
    return this.sizes.length === 1;
  }

  add(x: number): void {
    if (x !== x) return;
    this.cdfCache = undefined;
    this.n++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.push(0, x);
    if (++this.held >= this.limit) this.compress();
  }

  addAll(values: Float64Array): void {
    this.cdfCache = undefined;
    for (let i = 0; i < values.length; ) {
      // Straight into level 0, as many as fit before the next compaction.
      let level0 = this.levels[0]!;
      let size = this.sizes[0]!;
      const room = this.limit - this.held;
      if (level0.length < size + room) {
        const bigger = new Float64Array(size + room);
        bigger.set(level0.subarray(0, size));
        this.levels[0] = level0 = bigger;
      }
      let taken = 0;
      for (; i < values.length && taken < room; i++) {
        const x = values[i]!;
        if (x !== x) continue;
        if (x < this.min) this.min = x;
        if (x > this.max) this.max = x;
        level0[size++] = x;
        taken++;
      }
      this.sizes[0] = size;
      this.n += taken;
      this.held += taken;
      if (this.held >= this.limit) this.compress();
    }
  }

  /** Adds another sketch's values (the other sketch is left as it was). */
  merge(other: KllSketch): void {
    if (!other.n) return;
    this.cdfCache = undefined;
    while (this.sizes.length < other.sizes.length) this.grow();
    for (let h = 0; h < other.sizes.length; h++) {
      const items = other.levels[h]!;
      for (let i = 0; i < other.sizes[h]!; i++) this.push(h, items[i]!);
    }
    this.n += other.n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.held = this.sizes.reduce((a, b) => a + b, 0);
    while (this.held >= this.limit) this.compress();
  }

  /** The p-quantile (0 ≤ p ≤ 1); NaN when empty. Its rank is within kllRankError(k)·n of p·n. */
  quantile(p: number): number {
    if (!this.n) return NaN;
    if (p <= 0) return this.min;
    if (p >= 1) return this.max;
    const { items, cumulative } = this.cdf();
    if (this.exact) {
      const h = (items.length - 1) * p;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, items.length - 1);
      return interpolate(items[lo]!, items[hi]!, h - lo);
    }
    // The smallest item whose cumulative weight reaches p·n.
    const target = p * this.n;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  }

  /** Estimated share of values ≤ x. */
  rank(x: number): number {
    if (!this.n) return NaN;
    const { items, cumulative } = this.cdf();
    const i = upperBound(items, x);
    return i ? cumulative[i - 1]! / this.n : 0;
  }

  /**
   * Estimated average 1-based ranks of values (ties share the mean rank, as Spearman's ρ wants);
   * NaN stays NaN. A value the sketch holds gets the middle of its weight; one between two held
   * values, a linear interpolation of theirs. Exact while the sketch holds every value.
   */
  midRanks(values: Float64Array): Float64Array {
    const { items, cumulative } = this.cdf();
    // Distinct held values, each with the mid-rank of its run: (weight below + weight at or below + 1) / 2.
    const at: number[] = [];
    const mid: number[] = [];
    for (let i = 0; i < items.length; ) {
      let j = i;
      while (j + 1 < items.length && items[j + 1] === items[i]) j++;
      const below = i ? cumulative[i - 1]! : 0;
      at.push(items[i]!);
      mid.push((below + cumulative[j]! + 1) / 2);
      i = j + 1;
    }
    const out = new Float64Array(values.length);
    const last = at.length - 1;
    for (let r = 0; r < values.length; r++) {
      const v = values[r]!;
      if (v !== v || last < 0) {
        out[r] = NaN;
        continue;
      }
      if (v <= at[0]!) {
        out[r] = mid[0]!;
        continue;
      }
      if (v >= at[last]!) {
        out[r] = mid[last]!;
        continue;
      }
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const m = (lo + hi) >> 1;
        if (at[m]! <= v) lo = m;
        else hi = m;
      }
      out[r] = at[lo] === v ? mid[lo]! : mid[lo]! + ((v - at[lo]!) / (at[hi]! - at[lo]!)) * (mid[hi]! - mid[lo]!);
    }
    return out;
  }

  cdf(): KllCdf {
    if (this.cdfCache) return this.cdfCache;
    const values: number[] = [];
    const weights: number[] = [];
    for (let h = 0; h < this.sizes.length; h++) {
      const items = this.levels[h]!;
      for (let i = 0; i < this.sizes[h]!; i++) {
        values.push(items[i]!);
        weights.push(2 ** h);
      }
    }
    const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
    const items = Float64Array.from(order, (i) => values[i]!);
    const cumulative = new Float64Array(order.length);
    let total = 0;
    order.forEach((i, j) => (cumulative[j] = total += weights[i]!));
    this.cdfCache = { items, cumulative, n: this.n };
    return this.cdfCache;
  }

  private grow(): void {
    this.levels.push(new Float64Array(Math.max(8, this.k + 1)));
    this.sizes.push(0);
    const height = this.sizes.length;
    this.capacities = this.sizes.map((_, level) => Math.ceil(this.k * SHRINK ** (height - level - 1)) + 1);
    this.limit = this.capacities.reduce((a, b) => a + b, 0);
  }

  private push(level: number, x: number): void {
    let items = this.levels[level]!;
    const size = this.sizes[level]!;
    if (size === items.length) {
      const bigger = new Float64Array(items.length * 2);
      bigger.set(items);
      this.levels[level] = items = bigger;
    }
    items[size] = x;
    this.sizes[level] = size + 1;
  }

  /** Compacts the lowest level at or over its capacity (lazy: one level per call). */
  private compress(): void {
    for (let h = 0; h < this.sizes.length; h++) {
      const size = this.sizes[h]!;
      if (size < this.capacities[h]!) continue;
      if (h + 1 >= this.sizes.length) this.grow();
      const items = this.levels[h]!;
      items.subarray(0, size).sort();
      // An odd item out (the smallest) stays; of each following pair, one moves up.
      const first = size % 2;
      const offset = this.rng.uint32() & 1;
      for (let i = first + offset; i < size; i += 2) this.push(h + 1, items[i]!);
      this.sizes[h] = first;
      this.held -= (size - first) / 2;
      return;
    }
  }
}

