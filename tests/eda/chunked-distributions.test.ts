import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import type { Column, Table } from '../../core/table/model.js';
import { distributions } from '../../core/eda/distributions.js';
import { histogram, histogramBins } from '../../core/eda/describe.js';
import { quantileSorted } from '../../core/eda/columns.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { kllRankError } from '../../core/stats/kll.js';
import { closeDeep, column, DATASET_NAMES, loadDataset, sortedValues } from './support.js';

type Numeric = { column: string; histogram: { edges: number[]; counts: number[] }; kde: { x: number; density: number }[]; values?: { value: number; count: number }[]; vega_lite: { data: { values: unknown[] } } };
type Counted = { column: string; kind: string; counts: { value: string; count: number }[] };

const RANK_ERROR = kllRankError(200);

/** The values the sketched quartiles may be: order statistics within the rank bound of p. */
function quantileRange(sorted: Float64Array, p: number): [number, number] {
  const n = sorted.length;
  return [sorted[Math.max(0, Math.ceil((p - RANK_ERROR) * n) - 1)]!, sorted[Math.min(n - 1, Math.floor((p + RANK_ERROR) * n))]!];
}

/** A chunked numeric distribution against the exact values: counts exact for its edges, bin count and KDE within bounds. */
function checkNumeric(sorted: Float64Array, exact: Numeric, chunked: Numeric, kdeBound: number | undefined, bins?: number): void {
  const n = sorted.length;
  const h = chunked.histogram;
  expect(h.counts.reduce((a, b) => a + b, 0)).toBe(n);
  if (n && sorted[0] !== sorted[n - 1]) {
    expect(h.edges[0]).toBe(sorted[0]);
    expect(Math.abs(h.edges[h.edges.length - 1]! - sorted[n - 1]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sorted[n - 1]!)));
    const k = h.counts.length;
    // Counts exact for the edges: the in-memory histogram with as many bins (counted by binary search over the sorted values).
    expect(h).toEqual(histogram(sorted, 200, k));
    if (bins !== undefined) expect(k).toBe(Math.min(200, bins));
    else {
      // Freedman–Diaconis with an IQR the sketched quartiles allow.
      const [q1lo, q1hi] = quantileRange(sorted, 0.25);
      const [q3lo, q3hi] = quantileRange(sorted, 0.75);
      const fd = (iqr: number) => histogramBins(n, sorted[0]!, sorted[n - 1]!, iqr, 200).k;
      const fewest = Math.min(fd(q3hi - q1lo), fd(0));
      const most = q3lo - q1hi > 0 ? fd(q3lo - q1hi) : 200;
      expect(k).toBeGreaterThanOrEqual(fewest);
      expect(k).toBeLessThanOrEqual(most);
    }
  }
  // Integers of few values are drawn one bar per value, counted exactly; others as the histogram.
  expect(chunked.values).toEqual(exact.values);
  expect(chunked.vega_lite.data.values).toHaveLength(chunked.values?.length ?? h.counts.length);
  expect(chunked.kde.length).toBe(exact.kde.length);
  chunked.kde.forEach((point, i) => {
    const e = exact.kde[i]!;
    expect(Math.abs(point.x - e.x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.x)));
    if (kdeBound === undefined) expect(Math.abs(point.density - e.density)).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, e.density));
    else expect(Math.abs(point.density - e.density)).toBeLessThanOrEqual(kdeBound);
  });
}

group('chunked distributions on the real tables', () => {
  for (const name of DATASET_NAMES) {
    it(`${name}: exact counts equal, histograms and KDE within their bounds (several chunks)`, async () => {
      const table = await loadDataset(name);
      const names = table.columns.map((c) => c.name);
      const exact = distributions(table, names);
      const chunked = await chunkedDistributions(tableChunks(table, Math.ceil(table.rowCount / 6)), names);
      expect(chunked.computation).toBe('chunked');
      expect(chunked.approximation?.chunks ?? 6).toBe(6);
      const bounds = new Map((chunked.approximation?.bounds ?? []).map((b) => [b.column, b.max_error] as const));
      expect(chunked.distributions.map((d) => [d.column, d.kind])).toEqual(exact.map((d) => [d.column, d.kind]));
      exact.forEach((e, i) => {
        const c = chunked.distributions[i]!;
        if (e.kind !== 'numeric') return closeDeep(c, e);
        const sorted = sortedValues(column(table, e.column));
        // A column of at most 200 values is held whole by its sketch: everything exact.
        if (sorted.length <= 200) return closeDeep(c, e);
        checkNumeric(sorted, e, c as Numeric, bounds.get(e.column));
      });
      // Only number columns with more values than the sketch holds make anything an estimate.
      const sketched = exact.some((e) => e.kind === 'numeric' && sortedValues(column(table, e.column)).length > 200);
      expect(chunked.approximate).toBe(sketched);
      if (sketched) expect(chunked.approximation?.estimated).toEqual(expect.arrayContaining(['distributions[].histogram.edges', 'distributions[].kde[].density']));
    });
  }

  it('with `bins`, histograms equal the in-memory ones to the bit; only the KDE is estimated', async () => {
    const table = await loadDataset('diamonds');
    const names = ['carat', 'price', 'cut', 'depth'];
    const exact = distributions(table, names, 37);
    const chunked = await chunkedDistributions(tableChunks(table, 5_000), names, 37);
    exact.forEach((e, i) => {
      if (e.kind === 'numeric') expect((chunked.distributions[i] as Numeric).histogram).toEqual(e.histogram);
      else closeDeep(chunked.distributions[i], e);
    });
    expect(chunked.approximation?.estimated).toEqual(['distributions[].kde[].density']);
    expect(chunked.approximation?.bounds?.map((b) => b.column)).toEqual(['carat', 'price', 'depth']);
  });
});

group('chunked distributions on data with known answers', () => {
  const rows = 60_000;
  const rng = Rng.seeded(41);
  const order = rng.shuffle(Array.from({ length: rows }, (_, i) => i));
  const day0 = Date.UTC(2021, 0, 1);
  const table: Table = {
    rowCount: rows,
    columns: [
      // 0 … 19 999, each three times, shuffled.
      { type: 'integer', name: 'k', values: Float64Array.from(order, (i) => i % 20_000) },
      { type: 'float', name: 'z', values: Float64Array.from(order, () => rng.normal()) },
      // 2021 has 365 days: every day 164 times, then 140 more rows on 1 January.
      { type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: Float64Array.from(order, (i) => day0 + (i < 59_860 ? i % 365 : 0) * 86_400_000) },
      // Five values of 6 000 rows each, then 30 000 values seen once: past the Misra–Gries capacity.
      { type: 'text', name: 'word', values: Array.from(order, (i) => (i < 30_000 ? `h${i % 5}` : `u${i}`)) },
      // Categories tied at 20 000 each, first seen in the order of the first rows.
      { type: 'categorical', name: 'g', codes: Int32Array.from({ length: rows }, (_, r) => [2, 0, 1][r % 3]!), categories: ['a', 'b', 'c'] },
    ],
  };
  const source = tableChunks(table, 7_001);

  it('counts bins, weeks and categories exactly', async () => {
    const chunked = await chunkedDistributions(source, ['k', 'day', 'g'], 20);
    const [k, day, g] = chunked.distributions as unknown as [Numeric, { period: string; counts: { period: string; count: number }[] }, Counted];
    expect(k.histogram.counts).toEqual(Array<number>(20).fill(3000));
    k.histogram.edges.forEach((e, i) => expect(e).toBeCloseTo((19_999 * i) / 20, 9));
    // A year is 53 weeks (Monday to Sunday): 1–3 January 2021 close the week of Monday 28 December 2020,
    // and 27–31 December open the last.
    expect(day.period).toBe('week');
    const perWeek = Array.from({ length: 53 }, (_, w) => ({ period: new Date(Date.UTC(2020, 11, 28 + 7 * w)).toISOString().slice(0, 10), count: (w === 0 ? 3 : w === 52 ? 5 : 7) * 164 + (w === 0 ? 140 : 0) }));
    expect(day.counts).toEqual(perWeek);
    expect(g.counts).toEqual([{ value: 'c', count: 20_000 }, { value: 'a', count: 20_000 }, { value: 'b', count: 20_000 }]);
  });

  it('keeps the frequent words of an overflowing text column within the Misra–Gries bound, and says so', async () => {
    const chunked = await chunkedDistributions(source, ['word']);
    const words = (chunked.distributions[0] as unknown as Counted).counts;
    const bound = chunked.approximation!.top_values!.count_error;
    expect(chunked.approximate).toBe(true);
    expect(chunked.approximation?.estimated).toEqual(expect.arrayContaining(['distributions[].counts']));
    expect(bound).toBeGreaterThan(0);
    expect(words.slice(0, 5).map((w) => w.value).sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    for (const w of words.slice(0, 5)) {
      expect(w.count).toBeLessThanOrEqual(6000);
      expect(w.count).toBeGreaterThanOrEqual(6000 - bound);
    }
  });

  it('draws the KDE of 60 000 normal values within its stated bound of the exact curve', async () => {
    const exact = distributions(table, ['z'])[0] as Numeric;
    const chunked = await chunkedDistributions(source, ['z']);
    const bound = chunked.approximation!.bounds![0]!;
    expect(bound.column).toBe('z');
    const z = table.columns[1] as Extract<Column, { values: Float64Array }>;
    checkNumeric(sortedValues(z), exact, chunked.distributions[0] as Numeric, bound.max_error);
    // Independently of the exact curve: it integrates to about 1 and peaks near 1/√(2π).
    const d = (chunked.distributions[0] as Numeric).kde;
    const area = d.reduce((s, p, i) => (i ? s + ((p.density + d[i - 1]!.density) / 2) * (p.x - d[i - 1]!.x) : s), 0);
    expect(area).toBeCloseTo(1, 2);
    expect(Math.abs(Math.max(...d.map((p) => p.density)) - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(0.02);
    expect(quantileSorted(sortedValues(z), 0.5)).toBeCloseTo(0, 1);
  });
});
