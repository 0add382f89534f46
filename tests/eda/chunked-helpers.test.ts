import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { KllSketch, kllRankError, type KllCdf } from '../../core/stats/kll.js';
import { itemsAtRanks, ksDistance, wassersteinDistance } from '../../core/stats/weighted-cdf.js';
import { sampleSortedIndices } from '../../core/stats/sample.js';
import { FrequentValues } from '../../core/stats/frequent.js';
import { ksStatistic, wasserstein1 } from '../../core/eda/drift.js';
import { TopRows } from '../../core/eda/chunked/top-rows.js';
import { RowSample } from '../../core/eda/chunked/row-sample.js';
import { chunkLabelCounts } from '../../core/eda/chunked/labels.js';
import { peekChunks, tableChunks, wholeTable } from '../../core/eda/chunked/source.js';
import { columnLabels, takeRows, type Column, type Table } from '../../core/table/model.js';

/** Every value once, weight 1: the exact CDF as a weighted sample. */
function unitCdf(values: Float64Array): KllCdf {
  const items = values.slice().sort();
  return { items, cumulative: Float64Array.from(items, (_, i) => i + 1), n: items.length };
}

/** Items with integer weights, and the same sample written out with repeats. */
function weighted(rng: Rng, size: number): { cdf: KllCdf; expanded: Float64Array } {
  const items = Float64Array.from({ length: size }, () => Math.round(rng.normal() * 100) / 10).sort();
  const weights = Array.from(items, () => 2 ** rng.int(0, 4));
  const cumulative = new Float64Array(size);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  const expanded = Float64Array.from(Array.from(items).flatMap((v, i) => Array<number>(weights[i]!).fill(v)));
  return { cdf: { items, cumulative, n: total }, expanded };
}

/** W₁ by its quantile form, ∫₀¹ |Q_a(u) − Q_b(u)| du, summed over the pieces where both quantile functions are constant. */
function wassersteinByQuantiles(a: Float64Array, b: Float64Array): number {
  const x = a.slice().sort();
  const y = b.slice().sort();
  const cuts = [...new Set([...Array.from(x, (_, i) => (i + 1) / x.length), ...Array.from(y, (_, j) => (j + 1) / y.length)])].sort((p, q) => p - q);
  let area = 0;
  let from = 0;
  for (const to of cuts) {
    const mid = (from + to) / 2;
    area += Math.abs(x[Math.floor(mid * x.length)]! - y[Math.floor(mid * y.length)]!) * (to - from);
    from = to;
  }
  return area;
}

/** KS D by brute force: both ECDFs at every value. */
function ksByBruteForce(a: Float64Array, b: Float64Array): number {
  const cdf = (xs: Float64Array, t: number) => xs.filter((v) => v <= t).length / xs.length;
  return Math.max(...[...a, ...b].map((t) => Math.abs(cdf(a, t) - cdf(b, t))));
}

group('distances between weighted CDFs', () => {
  const rng = Rng.seeded(5);
  const a = Float64Array.from({ length: 300 }, () => Math.round(rng.normal() * 20) / 4);
  const b = Float64Array.from({ length: 220 }, () => Math.round((rng.normal() * 1.3 + 0.4) * 20) / 4);

  it('with unit weights, are the exact statistics to the bit, and agree with independent formulas', () => {
    const [ca, cb] = [unitCdf(a), unitCdf(b)];
    expect(ksDistance(ca, cb)).toBe(ksStatistic(ca.items, cb.items));
    expect(wassersteinDistance(ca, cb)).toBe(wasserstein1(ca.items, cb.items));
    expect(ksDistance(ca, cb)).toBeCloseTo(ksByBruteForce(a, b), 12);
    expect(wassersteinDistance(ca, cb)).toBeCloseTo(wassersteinByQuantiles(a, b), 10);
    expect(ksDistance(ca, ca)).toBe(0);
    expect(wassersteinDistance(ca, ca)).toBe(0);
  });

  it('with weights, equal the statistics of the sample written out with repeats', () => {
    const r = Rng.seeded(8);
    const x = weighted(r, 80);
    const y = weighted(r, 60);
    expect(ksDistance(x.cdf, y.cdf)).toBeCloseTo(ksByBruteForce(x.expanded, y.expanded), 12);
    expect(wassersteinDistance(x.cdf, y.cdf)).toBeCloseTo(wassersteinByQuantiles(x.expanded, y.expanded), 10);
    const ranks = Array.from({ length: x.expanded.length }, (_, i) => i);
    expect(Array.from(itemsAtRanks(x.cdf, ranks))).toEqual(Array.from(x.expanded));
  });

  it('from KLL sketches of 200 000 values, stay within the documented bounds of the exact ones', () => {
    const r = Rng.seeded(13);
    const xs = Float64Array.from({ length: 200_000 }, () => r.normal());
    const ys = Float64Array.from({ length: 150_000 }, () => 0.1 + 1.1 * r.normal());
    const sketch = (values: Float64Array, seed: number) => {
      const s = new KllSketch(200, seed);
      for (let i = 0; i < values.length; i += 30_000) {
        const part = new KllSketch(200, seed * 100 + i);
        part.addAll(values.subarray(i, i + 30_000));
        s.merge(part);
      }
      return s;
    };
    const [sa, sb] = [sketch(xs, 1), sketch(ys, 2)];
    const epsilon = 2 * kllRankError(200, true);
    const [ea, eb] = [unitCdf(xs), unitCdf(ys)];
    expect(Math.abs(ksDistance(sa.cdf(), sb.cdf()) - ksStatistic(ea.items, eb.items))).toBeLessThanOrEqual(epsilon);
    const span = Math.max(sa.max, sb.max) - Math.min(sa.min, sb.min);
    expect(Math.abs(wassersteinDistance(sa.cdf(), sb.cdf()) - wasserstein1(ea.items, eb.items))).toBeLessThanOrEqual(epsilon * span);
    // A sample shifted by exactly 0.5 is 0.5 away in W₁.
    const shifted = sketch(Float64Array.from(xs, (v) => v + 0.5), 3);
    expect(Math.abs(wassersteinDistance(sa.cdf(), shifted.cdf()) - 0.5)).toBeLessThanOrEqual(epsilon * (shifted.max - sa.min));
  });

  it('items at ranks are the sorted values at those ranks while the sketch is exact', () => {
    const s = new KllSketch(200, 4);
    s.addAll(a.subarray(0, 150));
    expect(s.exact).toBe(true);
    const sorted = a.subarray(0, 150).slice().sort();
    expect(Array.from(itemsAtRanks(s.cdf(), [0, 7, 74, 149]))).toEqual([sorted[0], sorted[7], sorted[74], sorted[149]]);
  });
});

group('seeded row samples', () => {
  it('draw m distinct sorted indices, the same for the same seed', () => {
    const s = sampleSortedIndices(1_000_000, 25_600, Rng.seeded(3));
    expect(s.length).toBe(25_600);
    for (let i = 1; i < s.length; i++) expect(s[i]! > s[i - 1]!).toBe(true);
    expect(s[0]).toBeGreaterThanOrEqual(0);
    expect(s[s.length - 1]).toBeLessThan(1_000_000);
    expect(Array.from(sampleSortedIndices(1_000_000, 25_600, Rng.seeded(3)))).toEqual(Array.from(s));
    expect(Array.from(sampleSortedIndices(5, 9, Rng.seeded(3)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('make every subset equally likely (χ² over the 10 pairs of 5, 20 000 draws)', () => {
    const rng = Rng.seeded(17);
    const counts = new Map<string, number>();
    for (let t = 0; t < 20_000; t++) {
      const key = Array.from(sampleSortedIndices(5, 2, rng)).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - 2000) ** 2 / 2000, 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) at p = 0.001
  });

  it('gather the chosen rows chunk by chunk as takeRows would from the whole table', async () => {
    const table: Table = {
      rowCount: 1000,
      columns: [
        { type: 'float', name: 'x', values: Float64Array.from({ length: 1000 }, (_, i) => i / 7) },
        { type: 'text', name: 't', values: Array.from({ length: 1000 }, (_, i) => (i % 3 ? `v${i}` : null)) },
      ],
    };
    const indices = sampleSortedIndices(1000, 137, Rng.seeded(9));
    const sample = new RowSample(indices);
    let offset = 0;
    for await (const chunk of tableChunks(table, 97).chunks()) {
      sample.add(chunk, offset);
      offset += chunk.rowCount;
    }
    expect(sample.table()).toEqual(takeRows(table, Array.from(indices)));
  });
});

group('the best rows of a stream', () => {
  it('equal a full sort by score (ties by row), whatever the order offered', () => {
    const rng = Rng.seeded(2);
    const scores = Array.from({ length: 20_000 }, () => Math.round(rng.uniform() * 500) / 500);
    const expected = scores
      .map((score, row) => ({ row, score }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, 150);
    const top = new TopRows(150);
    for (const row of rng.shuffle(Array.from(scores.keys()))) top.offer(scores[row]!, row);
    expect(top.best()).toEqual(expected);
    expect(new TopRows(0).best()).toEqual([]);
  });
});

group('label counts per chunk', () => {
  it('count every label in order of first appearance, missing under the label given', () => {
    const cat: Column = { type: 'categorical', name: 'g', codes: Int32Array.from([2, -1, 0, 2, 2, 1, -1]), categories: ['a', 'b', 'c', 'unused'] };
    expect([...chunkLabelCounts(cat, '(missing)')]).toEqual([['c', 3], ['(missing)', 2], ['a', 1], ['b', 1]]);
    expect([...chunkLabelCounts(cat)]).toEqual([['c', 3], ['a', 1], ['b', 1]]);
    const num: Column = { type: 'float', name: 'x', values: Float64Array.from([1.5, NaN, 2, 1.5]) };
    expect([...chunkLabelCounts(num)]).toEqual([['1.5', 2], ['2', 1]]);
    // The same as counting the column's labels one by one.
    const text: Column = { type: 'text', name: 't', values: ['q', null, 'r', 'q', '(missing)'] };
    const byHand = new Map<string, number>();
    for (const l of columnLabels(text)) byHand.set(l ?? '(missing)', (byHand.get(l ?? '(missing)') ?? 0) + 1);
    expect([...chunkLabelCounts(text, '(missing)')]).toEqual([...byHand]);
  });

  it('merged in a Misra–Gries summary keep first-appearance order while exact', () => {
    const f = new FrequentValues(10);
    f.addCounts(new Map([['b', 2], ['a', 1]]));
    f.addCounts(new Map([['c', 5], ['a', 4]]));
    expect(f.entries()).toEqual([['b', 2], ['a', 5], ['c', 5]]);
  });
});

group('chunk sources', () => {
  const table: Table = { rowCount: 10, columns: [{ type: 'integer', name: 'n', values: Float64Array.from({ length: 10 }, (_, i) => i) }] };

  it('read whole equal the table; peeked, still yield every chunk once', async () => {
    expect(await wholeTable(tableChunks(table, 3))).toEqual(table);
    const { first, chunks } = await peekChunks(tableChunks(table, 3));
    expect(first?.rowCount).toBe(3);
    const seen: number[] = [];
    for await (const c of chunks) seen.push(c.rowCount);
    expect(seen).toEqual([3, 3, 3, 1]);
  });
});
