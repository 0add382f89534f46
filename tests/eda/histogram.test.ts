/** Histogram edges and counts against numpy.histogram on the shared tables; datetime granularity. */
import { describe, expect, it } from 'vitest';
import { describe as describeTable, histogram } from '../../core/eda/describe.js';
import { chunkedDescribe } from '../../core/eda/chunked/describe.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import type { Table } from '../../core/table/model.js';
import { column, loadDataset, sortedValues } from './support.js';

/**
 * numpy 2.4: `numpy.histogram(values, bins=edges)[0]`, where edges are the ones we report (Freedman–
 * Diaconis over [min, max]) and values the column's present values. numpy compares each value with the
 * edges themselves, so a value lying on an inner edge is counted in the bin above it.
 */
const NUMPY_COUNTS: [string, string, number[]][] = [
  ['cars', 'Acceleration', [4, 3, 6, 23, 23, 40, 58, 42, 56, 56, 31, 25, 18, 10, 4, 3, 2, 2]],
  // prettier-ignore
  ['diamonds', 'table', [2, 0, 0, 0, 0, 2, 3, 9, 57, 586, 2816, 6442, 10050, 9809, 8437, 6618, 4306, 2326, 1295, 593, 262, 147, 91, 42, 21, 18, 1, 0, 4, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
  ['seattle_weather', 'temp_min', [3, 5, 10, 20, 34, 44, 81, 89, 99, 157, 107, 149, 117, 93, 150, 112, 124, 38, 29]],
];

describe('histogram edges and counts match numpy.histogram', () => {
  for (const [dataset, name, counts] of NUMPY_COUNTS)
    it(`${dataset}.${name}`, async () => {
      const sorted = sortedValues(column(await loadDataset(dataset), name));
      const h = histogram(sorted);
      // The last edge is the maximum itself (lo + k·width rounds to 18.299999999999997 for temp_min).
      expect(h.edges[0]).toBe(sorted[0]);
      expect(h.edges.at(-1)).toBe(sorted.at(-1));
      expect(h.counts).toEqual(counts);
    });

  it('a value on an inner edge goes to the bin above; the maximum to the last bin', () => {
    // 7 bins over [0, 0.1]: edge 3 is 3·(0.1/7) = 0.04285714285714286, yet that value / width = 2.9999999999999996.
    // numpy.histogram([0, 0.04285714285714286, 0.1], bins=these edges) → [1, 0, 0, 1, 0, 0, 1].
    const h = histogram(Float64Array.from([0, 0.04285714285714286, 0.1]), 50, 7);
    expect(h.edges[3]).toBe(0.04285714285714286);
    expect(h.edges[7]).toBe(0.1);
    expect(h.counts).toEqual([1, 0, 0, 1, 0, 0, 1]);
  });
});

describe('datetime granularity needs two distinct timestamps', () => {
  const day = Date.UTC(2024, 2, 5);
  const table: Table = {
    rowCount: 4,
    columns: [
      { type: 'datetime', name: 'once', format: 'YYYY-MM-DD', values: Float64Array.from([day, day, NaN, day]) },
      { type: 'datetime', name: 'none', format: 'YYYY-MM-DD', values: Float64Array.from([NaN, NaN, NaN, NaN]) },
      { type: 'datetime', name: 'daily', format: 'YYYY-MM-DD', values: Float64Array.from([day, day + 86_400_000, day + 3 * 86_400_000, NaN]) },
    ],
  };
  const pick = (columns: readonly unknown[]) => (columns as { granularity: string | null; gaps: number }[]).map((c) => [c.granularity, c.gaps]);

  it('one distinct value (or none) has no granularity, in memory and chunked', async () => {
    // A single timestamp has no step between values; it used to be reported as "year".
    const expected = [[null, 0], [null, 0], ['day', 1]];
    expect(pick(describeTable(table).columns)).toEqual(expected);
    expect(pick((await chunkedDescribe(tableChunks(table, 2))).columns)).toEqual(expected);
  });
});

describe('histograms of values near the largest double', () => {
  it('have finite edges and count every value (hi − lo overflowed: bins NaN, a 500 from describe)', () => {
    const values = Float64Array.from([-1.7e308, -1, 0, 1, 2, 3, 1.7e308]);
    const h = histogram(values);
    expect(h.edges.every(Number.isFinite)).toBe(true);
    expect(h.edges[0]).toBe(-1.7e308);
    expect(h.edges.at(-1)).toBe(1.7e308);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    const table: Table = { rowCount: values.length, columns: [{ type: 'float', name: 'x', values, decimals: 0, fixedDecimals: false }] };
    expect(() => describeTable(table)).not.toThrow();
  });
});

describe('gaps of monthly and yearly dates are counted on the calendar', () => {
  const pick = (columns: readonly unknown[], name: string) => (columns as { name: string; granularity: string | null; gaps: number }[]).filter((c) => c.name === name).map((c) => [c.granularity, c.gaps]);

  it("cars' Year (1970–1982, no 1981) has 1 gap, in memory and chunked", async () => {
    // Was 0: months and years vary in length, so they were not counted at all.
    const cars = await loadDataset('cars');
    expect(pick(describeTable(cars, ['Year']).columns, 'Year')).toEqual([['year', 1]]);
    expect(pick((await chunkedDescribe(tableChunks(cars, 50), ['Year'])).columns, 'Year')).toEqual([['year', 1]]);
  });

  it('months by calendar month, across years and month ends; days within a month are not gaps', async () => {
    const at = (y: number, m: number, d = 1) => Date.UTC(y, m - 1, d);
    // Jan, Feb, (Mar–May missing), Jun 2023, (Jul–Dec missing), Jan 2024, Jan 31 2024 (same month): 3 + 6 = 9.
    // Month ends: 2023-01-31, 2023-02-28, (Mar missing), 2023-04-30: 1.
    const table: Table = {
      rowCount: 6,
      columns: [
        { type: 'datetime', name: 'firsts', format: 'YYYY-MM-DD', values: Float64Array.from([at(2023, 1), at(2023, 2), at(2023, 6), at(2024, 1), at(2024, 1, 31), NaN]) },
        { type: 'datetime', name: 'ends', format: 'YYYY-MM-DD', values: Float64Array.from([at(2023, 1, 31), at(2023, 2, 28), at(2023, 4, 30), at(2023, 4, 30), NaN, NaN]) },
        { type: 'datetime', name: 'years', format: 'YYYY-MM-DD', values: Float64Array.from([at(2000, 12, 31), at(2002, 1, 1), at(2004, 6, 1), at(2004, 6, 1), NaN, NaN]) },
      ],
    };
    const expected = { firsts: [['month', 9]], ends: [['month', 1]], years: [['year', 2]] };
    for (const result of [describeTable(table), await chunkedDescribe(tableChunks(table, 2))])
      for (const [name, want] of Object.entries(expected)) expect(pick(result.columns, name), name).toEqual(want);
  });
});
