import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import type { Column, Table } from '../../core/table/model.js';
import { summary } from '../../core/eda/summary.js';
import { describe } from '../../core/eda/describe.js';
import { correlation } from '../../core/eda/correlation.js';
import { chunkedSummary } from '../../core/eda/chunked/summary.js';
import { chunkedDescribe } from '../../core/eda/chunked/describe.js';
import { chunkedCorrelation } from '../../core/eda/chunked/correlation.js';
import { alignCategories, tableChunks } from '../../core/eda/chunked/source.js';
import { EXACT_MAX_CELLS, exactMaxCells } from '../../core/eda/approximation.js';
import { kllRankError } from '../../core/stats/kll.js';
import { HLL_RELATIVE_ERROR } from '../../core/stats/hyperloglog.js';
import { DISTINCT_EXACT_MAX } from '../../core/stats/distinct.js';
import { sortedCopy } from '../../core/stats/sort.js';

type Row = Record<string, unknown>;

/** Every column type, missing values, duplicated rows; `idColumn` adds one distinct string per row. */
function mixedTable(rows: number, seed: number, idColumn: boolean): Table {
  const rng = Rng.seeded(seed);
  const base = Float64Array.from({ length: rows }, () => rng.normal());
  const columns: Column[] = [
    { type: 'float', name: 'x', values: Float64Array.from(base, (b) => (rng.uniform() < 0.03 ? NaN : 50 + b + 0.5 * rng.normal())) },
    { type: 'float', name: 'skewed', values: Float64Array.from(base, (b) => Math.exp(b + 0.3 * rng.normal())) },
    { type: 'integer', name: 'n', values: Float64Array.from(base, (b) => (rng.uniform() < 0.01 ? NaN : Math.round(10 * b))) },
    { type: 'categorical', name: 'g', codes: Int32Array.from(base, (b) => (rng.uniform() < 0.02 ? -1 : Math.max(0, Math.min(4, Math.floor(b + 2.5))))), categories: ['a', 'b', 'c', 'd', 'e'] },
    { type: 'boolean', name: 'flag', codes: Int32Array.from(base, (b) => (b + rng.normal() > 0 ? 1 : 0)), categories: ['no', 'yes'] },
    { type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: Float64Array.from({ length: rows }, () => (rng.uniform() < 0.01 ? NaN : Date.UTC(2021, 0, 1) + rng.int(0, 900) * 86_400_000)) },
    { type: 'text', name: 'word', values: Array.from({ length: rows }, () => (rng.uniform() < 0.05 ? null : `w${Math.floor(Math.abs(rng.normal()) * 300)}`)) },
  ];
  if (idColumn) columns.push({ type: 'id', name: 'key', values: Array.from({ length: rows }, (_, i) => `k${i}`) });
  // Every 97th row repeats the one before it (in every column but the identifier).
  for (const c of columns) {
    if (c.type === 'id') continue;
    for (let r = 97; r < rows; r += 97) {
      if ('codes' in c) c.codes[r] = c.codes[r - 1]!;
      else if (c.type === 'text') (c.values as (string | null)[])[r] = c.values[r - 1] ?? null;
      else if (c.values instanceof Float64Array) c.values[r] = c.values[r - 1]!;
    }
  }
  return { rowCount: rows, columns };
}

const table = mixedTable(60_000, 21, false);
const source = tableChunks(table, 7_000);

const close = (a: unknown, b: unknown, relative = 1e-9) => {
  if (typeof a !== 'number' || typeof b !== 'number') return expect(b).toEqual(a);
  if (Number.isNaN(a)) return expect(b).toBeNaN();
  expect(Math.abs(a - b)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(a)));
};

group('chunked summary', () => {
  it('equals the in-memory summary when no distinct count needs a sketch', async () => {
    const exact = summary(table);
    const { approximate, computation, approximation, ...chunked } = await chunkedSummary(source);
    expect(exact.duplicate_rows).toBeGreaterThanOrEqual(Math.floor(60_000 / 97) - 1);
    expect(chunked).toEqual(exact);
    expect({ approximate, computation, approximation }).toEqual({ approximate: false, computation: 'chunked', approximation: undefined });
  });

  it('estimates an identifier’s distinct count and says so', async () => {
    const withIds = mixedTable(30_000, 22, true);
    const exact = summary(withIds);
    const chunked = await chunkedSummary(tableChunks(withIds, 4_000));
    expect(chunked.approximate).toBe(true);
    expect(chunked.approximation?.distinct?.relative_error).toBe(HLL_RELATIVE_ERROR);
    expect(chunked.high_cardinality_columns).toEqual(exact.high_cardinality_columns);
    expect(chunked.duplicate_rows).toBe(exact.duplicate_rows);
    expect(chunked.warnings.find((w) => w.kind === 'high_cardinality')?.message).toMatch(/^key has about \d+ distinct values/);
  });
});

group('chunked describe', () => {
  it('is exact but for sketched quartiles, whose ranks stay within the KLL bound', async () => {
    const exact = describe(table);
    const chunked = await chunkedDescribe(source);
    expect(chunked.approximate).toBe(true);
    expect(chunked.approximation?.quantiles?.rank_error).toBe(kllRankError(200));
    expect(chunked.rows).toBe(exact.rows);
    const bound = kllRankError(200);
    for (const [i, e] of (exact.columns as Row[]).entries()) {
      const c = chunked.columns[i] as Row;
      expect(Object.keys(c)).toEqual(Object.keys(e));
      for (const key of Object.keys(e)) {
        if (['q1', 'median', 'q3', 'histogram'].includes(key)) continue;
        if (key === 'distinct' && (e.distinct as number) > DISTINCT_EXACT_MAX) expect(Math.abs((c.distinct as number) / (e.distinct as number) - 1)).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
        else close(e[key], c[key]);
      }
      if (e.type !== 'integer' && e.type !== 'float') continue;
      const column = table.columns.find((col) => col.name === e.name) as Extract<Column, { values: Float64Array }>;
      const sorted = sortedCopy(column.values.filter((v) => !Number.isNaN(v)));
      for (const [key, p] of [['q1', 0.25], ['median', 0.5], ['q3', 0.75]] as const) {
        const q = c[key] as number;
        const below = sorted.filter((v) => v < q).length / sorted.length;
        const atOrBelow = sorted.filter((v) => v <= q).length / sorted.length;
        expect(Math.max(0, below - p, p - atOrBelow)).toBeLessThanOrEqual(bound);
      }
      // Histogram counts are exact for their (sketched) edges.
      const h = c.histogram as { edges: number[]; counts: number[] };
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(c.count);
      for (let b = 0; b < h.counts.length; b++) {
        const inBin = sorted.filter((v) => v >= h.edges[b]! && (b === h.counts.length - 1 ? v <= h.edges[b + 1]! : v < h.edges[b + 1]!)).length;
        expect(Math.abs(inBin - h.counts[b]!)).toBeLessThanOrEqual(1); // an edge may round a value across
      }
    }
  });

  it('sketches distinct counts past 4 096 within the HyperLogLog bound, and keeps asked columns in order', async () => {
    const withIds = mixedTable(30_000, 23, true);
    const exact = describe(withIds, ['key', 'x']);
    const chunked = await chunkedDescribe(tableChunks(withIds, 4_000), ['key', 'x']);
    expect(chunked.columns.map((c) => c.name)).toEqual(['key', 'x']);
    for (const [i, e] of (exact.columns as Row[]).entries()) {
      const d = (chunked.columns[i] as Row).distinct as number;
      expect(Math.abs(d / (e.distinct as number) - 1)).toBeLessThanOrEqual(3 * HLL_RELATIVE_ERROR);
    }
    expect(chunked.approximation?.estimated).toEqual(expect.arrayContaining(['columns[].distinct', 'columns[].top']));
  });
});

group('chunked correlation', () => {
  it('auto and pearson equal the in-memory matrices (merged statistics are exact)', async () => {
    for (const method of ['auto', 'pearson'] as const) {
      const exact = correlation(table, method, 8);
      const { approximate, computation, ...chunked } = await chunkedCorrelation(source, method, 8);
      expect(approximate).toBe(false);
      expect(computation).toBe('chunked');
      expect(chunked.columns).toEqual(exact.columns);
      exact.matrix.forEach((row, i) => row.forEach((v, j) => close(v, chunked.matrix[i]![j], 1e-9)));
      expect(chunked.top_pairs.map((p) => p.columns)).toEqual(exact.top_pairs.map((p) => p.columns));
      chunked.top_pairs.forEach((p, i) => close(exact.top_pairs[i]!.p_value, p.p_value, 1e-6));
    }
  });

  it('kendall reads the same first rows; spearman from sketched ranks is close', async () => {
    const kendall = await chunkedCorrelation(source, 'kendall', 5);
    const { approximate: _a, computation: _c, ...rest } = kendall;
    expect(rest).toEqual(correlation(table, 'kendall', 5));
    const exact = correlation(table, 'spearman', 5);
    const chunked = await chunkedCorrelation(source, 'spearman', 5);
    expect(chunked.approximate).toBe(true);
    exact.matrix.forEach((row, i) => row.forEach((v, j) => close(v, chunked.matrix[i]![j], 0.01)));
  });
});

group('the in-memory threshold', () => {
  it('is 20 M cells unless TABMIMIC_EDA_EXACT_MAX_CELLS says otherwise (0 streams every file)', () => {
    expect(EXACT_MAX_CELLS).toBe(20_000_000);
    expect(exactMaxCells({})).toBe(EXACT_MAX_CELLS);
    expect(exactMaxCells({ TABMIMIC_EDA_EXACT_MAX_CELLS: '0' })).toBe(0);
    expect(exactMaxCells({ TABMIMIC_EDA_EXACT_MAX_CELLS: '5000' })).toBe(5000);
    for (const bad of ['', 'many', '-1', '2.5']) expect(exactMaxCells({ TABMIMIC_EDA_EXACT_MAX_CELLS: bad })).toBe(EXACT_MAX_CELLS);
  });
});

group('chunk sources', () => {
  it('recode a chunk whose categories come in another order, and refuse unknown ones', () => {
    const first: Table = { rowCount: 2, columns: [{ type: 'categorical', name: 'g', codes: Int32Array.from([0, 1]), categories: ['a', 'b'] }] };
    const swapped: Table = { rowCount: 3, columns: [{ type: 'categorical', name: 'g', codes: Int32Array.from([0, 1, -1]), categories: ['b', 'a'] }] };
    const aligned = alignCategories(first, swapped).columns[0] as Extract<Column, { codes: Int32Array }>;
    expect(Array.from(aligned.codes)).toEqual([1, 0, -1]);
    expect(aligned.categories).toEqual(['a', 'b']);
    const unknown: Table = { rowCount: 1, columns: [{ type: 'categorical', name: 'g', codes: Int32Array.from([0]), categories: ['z'] }] };
    expect(() => alignCategories(first, unknown)).toThrow(/not in the file's category list/);
  });
});
