import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { KllSketch, kllRankError } from '../../core/stats/kll.js';
import { HLL_RELATIVE_ERROR, HyperLogLog } from '../../core/stats/hyperloglog.js';
import { DISTINCT_EXACT_MAX, DistinctCounter } from '../../core/stats/distinct.js';
import { hashNumber } from '../../core/stats/hash.js';
import { centralMoments, mergeMoments, momentStatistics, NO_MOMENTS } from '../../core/stats/moments.js';
import { coMoments, mergeCoMoments, NO_CO_MOMENTS, pairwiseCoMoments, pairwisePearson, coMomentsPearson } from '../../core/stats/pearson.js';
import { FrequentValues } from '../../core/stats/frequent.js';
import { sortedCopy } from '../../core/stats/sort.js';
import { groupMoments, mergeGroupMoments } from '../../core/eda/associations.js';
import { quantileSorted, uniqueNumbers } from '../../core/eda/columns.js';
import { ranks } from '../../core/stats/sort.js';

/** Splits 0 … n into `parts` random pieces (some may be empty). */
function cuts(n: number, parts: number, rng: Rng): number[] {
  const points = Array.from({ length: parts - 1 }, () => rng.int(0, n)).sort((a, b) => a - b);
  return [0, ...points, n];
}

/** How far p is from the ranks the value q truly holds in sorted data, as a share of n. */
function rankError(sorted: Float64Array, q: number, p: number): number {
  let below = 0;
  let hi = sorted.length;
  while (below < hi) {
    const m = (below + hi) >> 1;
    if (sorted[m]! < q) below = m + 1;
    else hi = m;
  }
  let atOrBelow = below;
  hi = sorted.length;
  while (atOrBelow < hi) {
    const m = (atOrBelow + hi) >> 1;
    if (sorted[m]! <= q) atOrBelow = m + 1;
    else hi = m;
  }
  const n = sorted.length;
  return Math.max(0, below / n - p, p - atOrBelow / n);
}

const relativeDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

group('KLL quantile sketch', () => {
  const cases = [
    { name: 'normal, 1e5', n: 100_000, draw: (rng: Rng) => rng.normal() },
    { name: 'log-normal, 1e6', n: 1_000_000, draw: (rng: Rng) => Math.exp(2 * rng.normal()) },
    { name: 'few distinct integers (ties), 1e5', n: 100_000, draw: (rng: Rng) => rng.int(0, 20) },
  ];
  for (const { name, n, draw } of cases) {
    it(`every percentile within the all-quantiles rank bound (${name}), sketched in 10 merged chunks`, () => {
      const rng = Rng.seeded(11);
      const values = Float64Array.from({ length: n }, () => draw(rng));
      const sketch = new KllSketch(200, 1);
      const bounds = cuts(n, 10, rng);
      for (let c = 0; c + 1 < bounds.length; c++) {
        const part = new KllSketch(200, 100 + c);
        part.addAll(values.subarray(bounds[c]!, bounds[c + 1]!));
        sketch.merge(part);
      }
      expect(sketch.n).toBe(n);
      expect(sketch.exact).toBe(false);
      const sorted = sortedCopy(values);
      const bound = kllRankError(200, true);
      let worst = 0;
      for (let i = 1; i < 100; i++) worst = Math.max(worst, rankError(sorted, sketch.quantile(i / 100), i / 100));
      expect(worst).toBeLessThanOrEqual(bound);
      expect(sketch.quantile(0)).toBe(sorted[0]);
      expect(sketch.quantile(1)).toBe(sorted[n - 1]);
      // rank(x) estimates the share of values ≤ x.
      for (const p of [0.1, 0.5, 0.9]) {
        const x = quantileSorted(sorted, p);
        const atOrBelow = sorted.filter((v) => v <= x).length / n;
        expect(Math.abs(sketch.rank(x) - atOrBelow)).toBeLessThanOrEqual(bound);
      }
    });
  }

  it('is exact, with numpy interpolation and average ranks, while it holds every value', () => {
    const rng = Rng.seeded(2);
    // The first compaction comes at k + 1 = 201 values.
    const values = Float64Array.from({ length: 200 }, () => rng.int(0, 50));
    const sketch = new KllSketch(200, 1);
    sketch.addAll(values);
    expect(sketch.exact).toBe(true);
    const sorted = sortedCopy(values);
    for (const p of [0.1, 0.25, 0.5, 0.75, 0.9]) expect(sketch.quantile(p)).toBe(quantileSorted(sorted, p));
    expect(Array.from(sketch.midRanks(values))).toEqual(Array.from(ranks(values)));
  });

  it('skips NaN and gives the same answers for the same seed', () => {
    const make = () => {
      const s = new KllSketch(200, 9);
      const rng = Rng.seeded(3);
      for (let i = 0; i < 50_000; i++) s.add(i % 10 ? rng.normal() : NaN);
      return s;
    };
    const a = make();
    expect(a.n).toBe(45_000);
    expect(a.quantile(0.37)).toBe(make().quantile(0.37));
  });
});

group('HyperLogLog distinct counts', () => {
  const hashes = new Uint32Array(2);
  for (const n of [100_000, 1_000_000]) {
    it(`estimates ${n} distinct values within 3 standard errors`, () => {
      const rng = Rng.seeded(5);
      const hll = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        hashNumber(rng.normal(), hashes);
        hll.addHash(hashes[0]!, hashes[1]!);
        // Repeats change nothing.
        if (i % 3 === 0) hll.addHash(hashes[0]!, hashes[1]!);
      }
      expect(Math.abs(hll.estimate() / n - 1)).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
    });
  }

  it('merges to the sketch of the union', () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    const union = new HyperLogLog();
    for (let i = 0; i < 60_000; i++) {
      hashNumber(i, hashes);
      (i < 40_000 ? a : b).addHash(hashes[0]!, hashes[1]!);
      if (i >= 20_000 && i < 40_000) b.addHash(hashes[0]!, hashes[1]!);
      union.addHash(hashes[0]!, hashes[1]!);
    }
    a.merge(b);
    expect(a.estimate()).toBe(union.estimate());
    expect(Math.abs(a.estimate() / 60_000 - 1)).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
    expect(new HyperLogLog().estimate()).toBe(0);
  });

  it('counts exactly up to DISTINCT_EXACT_MAX, then estimates; −0 is 0', () => {
    const counter = DistinctCounter.numbers();
    counter.add(0);
    counter.add(-0);
    for (let i = 1; i < DISTINCT_EXACT_MAX; i++) counter.add(i);
    expect(counter.exact).toBe(true);
    expect(counter.count()).toBe(DISTINCT_EXACT_MAX);
    const other = DistinctCounter.numbers();
    for (let i = 0; i < 50_000; i++) other.add(i + 0.5);
    counter.merge(other);
    expect(counter.exact).toBe(false);
    expect(Math.abs(counter.count() / (DISTINCT_EXACT_MAX + 50_000) - 1)).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
  });
});

group('mergeable moments (Chan, Golub & LeVeque; Pébay)', () => {
  it('chunks merged in any split equal one pass over everything to 1e-9, far from the origin too', () => {
    const rng = Rng.seeded(7);
    // Skewed data on a large offset: the case where naive power sums lose every digit.
    const values = Float64Array.from({ length: 200_000 }, () => 1e6 + Math.exp(rng.normal()));
    values[17] = NaN;
    const whole = centralMoments(values);
    for (const parts of [2, 7, 40]) {
      const bounds = cuts(values.length, parts, rng);
      let merged = NO_MOMENTS;
      for (let c = 0; c + 1 < bounds.length; c++) merged = mergeMoments(merged, centralMoments(values.subarray(bounds[c]!, bounds[c + 1]!)));
      expect(merged.n).toBe(whole.n);
      for (const key of ['mean', 'm2', 'm3', 'm4'] as const) expect(relativeDiff(merged[key], whole[key])).toBeLessThan(1e-9);
      const a = momentStatistics(merged);
      const b = momentStatistics(whole);
      for (const key of ['mean', 'std', 'skewness', 'kurtosis'] as const) expect(relativeDiff(a[key], b[key])).toBeLessThan(1e-9);
    }
  });

  it('pairwise co-moments merged over chunks equal the whole, and Pearson r', () => {
    const rng = Rng.seeded(8);
    const n = 100_000;
    const x = Float64Array.from({ length: n }, () => (rng.uniform() < 0.05 ? NaN : 500 + rng.normal()));
    const y = Float64Array.from(x, (v) => (rng.uniform() < 0.05 ? NaN : 2 * (Number.isNaN(v) ? 500 : v) + rng.normal()));
    const whole = coMoments(x, y);
    let merged = NO_CO_MOMENTS;
    const bounds = cuts(n, 9, rng);
    for (let c = 0; c + 1 < bounds.length; c++) merged = mergeCoMoments(merged, coMoments(x.subarray(bounds[c]!, bounds[c + 1]!), y.subarray(bounds[c]!, bounds[c + 1]!)));
    expect(merged.n).toBe(whole.n);
    for (const key of ['meanX', 'meanY', 'cxx', 'cyy', 'cxy'] as const) expect(relativeDiff(merged[key], whole[key])).toBeLessThan(1e-9);
    expect(coMomentsPearson(merged)).toBeCloseTo(pairwisePearson(x, y)!, 12);
    // All pairs at once give each pair's own co-moments.
    expect(pairwiseCoMoments([x, y, x])[0]).toEqual(whole);
    // A constant column has no correlation, even when its mean is not exactly representable.
    expect(coMomentsPearson(coMoments(new Float64Array(1000).fill(0.1), x.subarray(0, 1000)))).toBeNull();
  });

  it('group moments merged over chunks equal the whole', () => {
    const rng = Rng.seeded(9);
    const n = 50_000;
    const codes = Int32Array.from({ length: n }, () => rng.int(-1, 4));
    const values = Float64Array.from(codes, (g) => (rng.uniform() < 0.03 ? NaN : 100 * g + rng.normal()));
    const whole = groupMoments(values, codes, 5);
    let merged = groupMoments(values.subarray(0, 0), codes.subarray(0, 0), 5);
    const bounds = cuts(n, 6, rng);
    for (let c = 0; c + 1 < bounds.length; c++) merged = mergeGroupMoments(merged, groupMoments(values.subarray(bounds[c]!, bounds[c + 1]!), codes.subarray(bounds[c]!, bounds[c + 1]!), 5));
    for (let g = 0; g < 5; g++) {
      expect(merged.n[g]).toBe(whole.n[g]);
      expect(relativeDiff(merged.mean[g]!, whole.mean[g]!)).toBeLessThan(1e-9);
      expect(relativeDiff(merged.m2[g]!, whole.m2[g]!)).toBeLessThan(1e-9);
    }
  });
});

group('Misra–Gries frequent values', () => {
  it('never over-counts, under-counts by at most its bound, and keeps the heavy hitters', () => {
    const rng = Rng.seeded(10);
    const truth = new Map<string, number>();
    const summary = new FrequentValues(100);
    for (let chunk = 0; chunk < 8; chunk++) {
      const counts = new Map<string, number>();
      for (let i = 0; i < 20_000; i++) {
        // Zipf-like: value k with weight ∝ 1/k over 5 000 values.
        const v = `v${Math.floor(Math.exp(rng.uniform() * Math.log(5000)))}`;
        counts.set(v, (counts.get(v) ?? 0) + 1);
        truth.set(v, (truth.get(v) ?? 0) + 1);
      }
      const part = new FrequentValues(100);
      part.addCounts(counts);
      summary.merge(part);
    }
    expect(summary.exact).toBe(false);
    expect(summary.total).toBe(160_000);
    const reported = new Map(summary.top());
    for (const [value, count] of truth) {
      const estimate = reported.get(value) ?? 0;
      expect(estimate).toBeLessThanOrEqual(count);
      expect(count - estimate).toBeLessThanOrEqual(summary.errorBound + 1e-9);
    }
    expect(summary.top(3).map(([v]) => v)).toEqual(['v1', 'v2', 'v3']);
  });
});

group('typed-array helpers', () => {
  it('radix sort orders like Float64Array#sort, −0, denormals and infinities included', () => {
    const rng = Rng.seeded(12);
    const special = [0, -0, 5e-324, -5e-324, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE];
    for (const values of [
      Float64Array.from({ length: 50_000 }, (_, i) => (i < special.length ? special[i]! : rng.normal() * 1e3)),
      Float64Array.from({ length: 50_000 }, () => rng.int(-100, 100)),
      new Float64Array(10_000).fill(3),
      Float64Array.from([2, -1, 0]),
    ]) {
      const copy = values.slice();
      const sorted = sortedCopy(values);
      expect(values).toEqual(copy);
      const expected = values.slice().sort();
      expect(sorted.length).toBe(expected.length);
      for (let i = 0; i < sorted.length; i++) expect(Object.is(sorted[i], expected[i])).toBe(true);
    }
  });

  it('unique numbers agree with a Set, skipping NaN', () => {
    const rng = Rng.seeded(13);
    const values = Float64Array.from({ length: 100_000 }, () => (rng.uniform() < 0.1 ? NaN : rng.int(0, 30_000) / 4));
    values[0] = -0;
    values[1] = 0;
    const unique = uniqueNumbers(values);
    const set = new Set(Array.from(values).filter((v) => !Number.isNaN(v)));
    expect(unique.length).toBe(set.size);
    expect(Array.from(sortedCopy(unique))).toEqual([...set].sort((a, b) => a - b));
  });
});
