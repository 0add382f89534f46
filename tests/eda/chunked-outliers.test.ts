import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import type { Column, Table } from '../../core/table/model.js';
import { isolationOutliers, outliers, type OutlierMethod } from '../../core/eda/outliers.js';
import { chunkedOutliers } from '../../core/eda/chunked/outliers.js';
import { chunkedIsolationOutliers, FOREST_SAMPLE_ROWS } from '../../core/eda/chunked/isolation.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { kllRankError } from '../../core/stats/kll.js';
import { close, DATASET_NAMES, figures, loadDataset, sortedValues } from './support.js';

const RANK_ERROR = kllRankError(200);
type NumberColumn = Extract<Column, { type: 'integer' | 'float' }>;

/** Rank error of q for p, allowing q to be off by rounding (it is read back from the fences). */
function rankErrorNear(sorted: Float64Array, q: number, p: number): number {
  const slack = 1e-9 * Math.max(1, Math.abs(q));
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < q - slack) below++;
    if (v <= q + slack) atOrBelow++;
  }
  const n = sorted.length;
  return Math.max(0, below / n - p, p - atOrBelow / n);
}

/** Every row outside the fences, by brute force. */
const outsideRows = (values: Float64Array, lower: number, upper: number) => Array.from(values.keys()).filter((r) => !Number.isNaN(values[r]!) && (values[r]! < lower || values[r]! > upper));

group('chunked univariate outliers on the real tables', () => {
  for (const name of DATASET_NAMES) {
    it(`${name}: z-score equals the in-memory result; IQR and MAD fences within the sketch's rank bound, counts and rows exact for them`, async () => {
      const table = await loadDataset(name);
      const source = tableChunks(table, Math.ceil(table.rowCount / 6));
      const page = { offset: 2, limit: 7 };
      for (const method of ['iqr', 'zscore', 'mad'] as OutlierMethod[]) {
        const exact = outliers(table, method, undefined, page);
        const chunked = await chunkedOutliers(source, method, undefined, page);
        expect(chunked.columns.map((c) => c.column)).toEqual(exact.columns.map((c) => c.column));
        let sketched = false;
        exact.columns.forEach((e, i) => {
          const c = chunked.columns[i]!;
          const values = (table.columns.find((col) => col.name === e.column) as NumberColumn).values;
          const sorted = sortedValues(table.columns.find((col) => col.name === e.column)!);
          if (method === 'zscore' || sorted.length <= 200) {
            close(c.lower, e.lower, 1e-12);
            close(c.upper, e.upper, 1e-12);
            expect([c.count, c.rows]).toEqual([e.count, e.rows]);
            return;
          }
          sketched = true;
          // These columns have values, so fences (null only without them).
          const [lower, upper] = [c.lower!, c.upper!];
          const all = outsideRows(values, lower, upper);
          expect(c.count).toBe(all.length);
          expect(c.rows).toEqual(all.slice(page.offset, page.offset + page.limit));
          const centre = (lower + upper) / 2;
          const reach = (upper - lower) / 2;
          if (method === 'iqr') {
            // lower = q1 − 1.5 IQR, upper = q3 + 1.5 IQR: the quartiles are read back.
            expect(rankErrorNear(sorted, centre - reach / 4, 0.25)).toBeLessThanOrEqual(RANK_ERROR);
            expect(rankErrorNear(sorted, centre + reach / 4, 0.75)).toBeLessThanOrEqual(RANK_ERROR);
          } else {
            expect(rankErrorNear(sorted, centre, 0.5)).toBeLessThanOrEqual(RANK_ERROR);
            const deviations = Float64Array.from(sorted, (v) => Math.abs(v - centre)).sort();
            // Where the sketched MAD is 0 (a spike at the median), the scale is 1.2533 · the exact mean |x − m̂|.
            const fallback = 3.5 * 1.253314 * (deviations.reduce((a, b) => a + b, 0) / deviations.length);
            const mad = Math.abs(reach - fallback) <= 1e-9 * Math.max(1, fallback) ? 0 : (reach * 0.6745) / 3.5;
            expect(rankErrorNear(deviations, mad, 0.5)).toBeLessThanOrEqual(RANK_ERROR);
          }
        });
        expect(chunked.approximate).toBe(sketched);
        if (sketched) expect(chunked.approximation?.estimated).toEqual(['columns[].lower', 'columns[].upper', 'columns[].count', 'columns[].rows']);
      }
    });
  }
});

group('chunked outliers on data with known answers', () => {
  // Uniform [0, 1) with six planted values far outside every method's fences.
  const rows = 30_000;
  const rng = Rng.seeded(8);
  const planted = [5, 996, 997, 12_345, 20_000, 29_999];
  const values = Float64Array.from({ length: rows }, () => (rng.uniform() < 0.02 ? NaN : rng.uniform()));
  planted.forEach((r, i) => (values[r] = i % 2 ? -100 : 100));
  const table: Table = { rowCount: rows, columns: [{ type: 'float', name: 'u', values }, { type: 'text', name: 'ignored', values: Array<string | null>(rows).fill('x') }] };

  for (const method of ['iqr', 'zscore', 'mad'] as OutlierMethod[]) {
    it(`${method} finds exactly the planted rows, paged across chunk boundaries`, async () => {
      const source = tableChunks(table, 997);
      const all = await chunkedOutliers(source, method, ['u'], { offset: 0, limit: 100 });
      expect(all.columns).toHaveLength(1);
      expect(all.columns[0]!.count).toBe(6);
      expect(all.columns[0]!.rows).toEqual(planted);
      const page = await chunkedOutliers(source, method, undefined, { offset: 2, limit: 3 });
      expect(page.columns[0]!.rows).toEqual(planted.slice(2, 5));
      if (method === 'iqr') {
        // Quartiles of U(0, 1) are near ¼ and ¾: fences near ¼ − 1.5·½ = −½ and 1½.
        expect(all.columns[0]!.lower).toBeCloseTo(-0.5, 1);
        expect(all.columns[0]!.upper).toBeCloseTo(1.5, 1);
      }
    });
  }
});

group('chunked isolation forest', () => {
  it(`on a file of at most ${FOREST_SAMPLE_ROWS} rows is the in-memory forest: same scores, count and page`, async () => {
    const table = await loadDataset('credit');
    expect(table.rowCount).toBeLessThanOrEqual(FOREST_SAMPLE_ROWS);
    for (const seed of [0, 5]) {
      const page = { offset: 3, limit: 20 };
      const exact = isolationOutliers(table, undefined, page, seed);
      const chunked = await chunkedIsolationOutliers(tableChunks(table, 500), undefined, page, seed);
      expect(figures(chunked)).toEqual(exact);
      expect(chunked).toMatchObject({ approximate: false, computation: 'chunked' });
    }
    const some = await chunkedIsolationOutliers(tableChunks(table, 700), ['Income', 'Amount'], { offset: 0, limit: 5 }, 1);
    expect(figures(some)).toEqual(isolationOutliers(table, ['Income', 'Amount'], { offset: 0, limit: 5 }, 1));
  });

  it('on a larger file fits on a seeded sample, still ranks planted anomalies first, and pages consistently', async () => {
    const rows = 40_000;
    const rng = Rng.seeded(12);
    const planted = [17, 9_000, 25_601, 39_999];
    const columns: Column[] = ['a', 'b', 'c'].map((name) => ({ type: 'float', name, values: Float64Array.from({ length: rows }, () => (rng.uniform() < 0.01 ? NaN : rng.normal())) }));
    for (const r of planted) for (const c of columns) (c as NumberColumn).values[r] = 12 + rng.uniform();
    const table: Table = { rowCount: rows, columns };
    const source = tableChunks(table, 9_999);
    const full = await chunkedIsolationOutliers(source, undefined, { offset: 0, limit: 200 }, 3);
    expect(full.approximate).toBe(true);
    expect(full.approximation?.estimated).toEqual(['count', 'rows', 'rows[].score']);
    expect(full.rows.slice(0, 4).map((r) => r.row).sort((a, b) => a - b)).toEqual(planted);
    expect(full.count).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < full.rows.length; i++) {
      const [a, b] = [full.rows[i - 1]!, full.rows[i]!];
      expect(a.score > b.score || (a.score === b.score && a.row < b.row)).toBe(true);
    }
    expect(full.rows.every((r) => r.score > 0.6 && r.score <= 1)).toBe(true);
    const page = await chunkedIsolationOutliers(tableChunks(table, 4_321), undefined, { offset: 2, limit: 5 }, 3);
    expect(page.rows).toEqual(full.rows.slice(2, 7));
    expect(page.count).toBe(full.count);
    // The in-memory forest agrees on what stands out.
    const exact = isolationOutliers(table, undefined, { offset: 0, limit: 4 }, 3);
    expect(exact.rows.map((r) => r.row).sort((a, b) => a - b)).toEqual(planted);
  });
});

group('identifier columns in the chunked isolation forest', () => {
  // A row number (1, 2, 3 …), a shuffled unique id, and two measures with one planted anomaly.
  const rows = 3000;
  const rng = Rng.seeded(21);
  const table: Table = {
    rowCount: rows,
    columns: [
      { type: 'integer', name: 'row', values: Float64Array.from({ length: rows }, (_, i) => i + 1) },
      { type: 'float', name: 'a', values: Float64Array.from({ length: rows }, (_, i) => (i === 1234 ? 40 : rng.normal())) },
      { type: 'integer', name: 'ref', values: Float64Array.from({ length: rows }, (_, i) => 10_000 + ((i * 7) % rows)) },
      { type: 'float', name: 'b', values: Float64Array.from({ length: rows }, (_, i) => (i === 1234 ? -40 : rng.normal())) },
    ],
  };
  const page = { offset: 0, limit: 5 };

  it('are left out as in memory, so both paths use the same columns and forest', async () => {
    // Was every number column: the row number and id split the rows by position, not by anything anomalous.
    const exact = isolationOutliers(table, undefined, page, 4);
    const chunked = await chunkedIsolationOutliers(tableChunks(table, 700), undefined, page, 4);
    expect(exact.columns).toEqual(['a', 'b']);
    expect(chunked.columns).toEqual(exact.columns);
    expect(figures(chunked)).toEqual(exact);
    expect(chunked.rows[0]!.row).toBe(1234);
    // Named, they are used; the primary key is left out whatever its values.
    expect((await chunkedIsolationOutliers(tableChunks(table, 700), ['row', 'a'], page, 4)).columns).toEqual(['row', 'a']);
    const info = [{ name: 'b', type: 'float' as const, missing: 0, primary_key: true }];
    expect((await chunkedIsolationOutliers(tableChunks(table, 700), undefined, page, 4, info)).columns).toEqual(isolationOutliers(table, undefined, page, 4, info).columns);
    expect(isolationOutliers(table, undefined, page, 4, info).columns).toEqual(['a']);
  });

  it('past the distinct count a chunk scan keeps, a running row number is still left out, by its order', async () => {
    const long = 30_000;
    const big: Table = {
      rowCount: long,
      columns: [
        { type: 'integer', name: 'row', values: Float64Array.from({ length: long }, (_, i) => i) },
        { type: 'float', name: 'x', values: Float64Array.from({ length: long }, (_, i) => (i * 7919) % 1000) },
      ],
    };
    const chunked = await chunkedIsolationOutliers(tableChunks(big, 5000), undefined, page, 1);
    expect(chunked.columns).toEqual(['x']);
    expect(isolationOutliers(big, undefined, page, 1).columns).toEqual(['x']);
  });
});

group('flags in univariate outliers', () => {
  // A 0/1 flag set on 10 % of rows: its quartiles are both 0, so every 1 fell outside the fences.
  const rows = 2000;
  const rng = Rng.seeded(5);
  const table: Table = {
    rowCount: rows,
    columns: [
      { type: 'integer', name: 'flag', values: Float64Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? 1 : 0)) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: rows }, (_, i) => (i === 7 ? 30 : rng.normal())) },
    ],
  };
  const page = { offset: 0, limit: 5 };

  it('are left out unless named, in memory and in chunks alike; the isolation forest keeps them', async () => {
    for (const method of ['iqr', 'zscore', 'mad'] as OutlierMethod[]) {
      const exact = outliers(table, method, undefined, page);
      expect(exact.columns.map((c) => c.column)).toEqual(['x']);
      expect((await chunkedOutliers(tableChunks(table, 600), method, undefined, page)).columns.map((c) => c.column)).toEqual(['x']);
      expect(outliers(table, method, ['flag', 'x'], page).columns.map((c) => c.column)).toEqual(['flag', 'x']);
    }
    expect(isolationOutliers(table, undefined, page, 3).columns).toEqual(['flag', 'x']);
  });
});

group('identifier decisions past 10 000 distinct values', () => {
  // 30 000 rows, shuffled, read in chunks of 5 000: a Set of at most 10 000 values saw neither uniqueness nor order.
  const rows = 30_000;
  const rng = Rng.seeded(31);
  const unique = rng.shuffle(Array.from({ length: rows }, (_, i) => 1000 + i));
  // Unique but for 60 rows repeating another's id: still an identifier (distinct ≥ 95 %, filling its span).
  const nearUnique = unique.map((v, i) => (i % 500 === 7 ? unique[i + 1]! : v));
  // Drawn with replacement from the same span: about 63 % distinct, a measure, not an identifier.
  const drawn = Array.from({ length: rows }, () => 1000 + Math.floor(rng.uniform() * rows));
  const table: Table = {
    rowCount: rows,
    columns: [
      { type: 'integer', name: 'id', values: Float64Array.from(unique) },
      { type: 'integer', name: 'near', values: Float64Array.from(nearUnique) },
      { type: 'integer', name: 'drawn', values: Float64Array.from(drawn) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: rows }, () => rng.normal()) },
    ],
  };
  const page = { offset: 0, limit: 3 };

  it('are exact and the same in memory and in chunks, univariate and isolation forest alike', async () => {
    expect(new Set(nearUnique).size).toBe(rows - 60);
    const names = (r: { columns: { column: string }[] }) => r.columns.map((c) => c.column);
    for (const method of ['iqr', 'mad'] as OutlierMethod[]) {
      expect(names(outliers(table, method, undefined, page))).toEqual(['drawn', 'x']);
      expect(names(await chunkedOutliers(tableChunks(table, 5000), method, undefined, page))).toEqual(['drawn', 'x']);
    }
    expect(isolationOutliers(table, undefined, page, 2).columns).toEqual(['drawn', 'x']);
    expect((await chunkedIsolationOutliers(tableChunks(table, 5000), undefined, page, 2)).columns).toEqual(['drawn', 'x']);
  });
});
