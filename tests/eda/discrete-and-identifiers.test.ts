/** Few-valued integers get per-value counts, yearly datetimes yearly bins, indicators no skew warning, identifiers no outliers. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import type { ColumnInfo } from '../../core/files/model.js';
import { distributions } from '../../core/eda/distributions.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { summary } from '../../core/eda/summary.js';
import { chunkedSummary } from '../../core/eda/chunked/summary.js';
import { outliers } from '../../core/eda/outliers.js';
import { chunkedOutliers } from '../../core/eda/chunked/outliers.js';
import { tableChunks } from '../../core/eda/chunked/source.js';

const CYLINDERS = [3, 4, 4, 4, 6, 6, 8, 8, 5];
const cars: Table = {
  rowCount: 405,
  columns: [
    { type: 'integer', name: 'Cylinders', values: Float64Array.from({ length: 405 }, (_, i) => CYLINDERS[i % 9]!) },
    { type: 'datetime', name: 'Year', format: 'ISO8601', values: Float64Array.from({ length: 405 }, (_, i) => Date.UTC(1970 + (i % 13), 0, 1)) },
    { type: 'float', name: 'Weight', values: Float64Array.from({ length: 405 }, (_, i) => 1500 + ((i * 37) % 300) * 10) },
  ],
};

describe('distributions', () => {
  it('give an integer column of few values its count per value, charted one bar per value (in memory and chunked)', async () => {
    const [exact] = distributions(cars, ['Cylinders']) as unknown as [{ values?: { value: number; count: number }[]; vega_lite: { data: { values: unknown[] }; encoding: { x: { field: string; type: string } } }; histogram: unknown }];
    expect(exact.values).toEqual([
      { value: 3, count: 45 },
      { value: 4, count: 135 },
      { value: 5, count: 45 },
      { value: 6, count: 90 },
      { value: 8, count: 90 },
    ]);
    expect(exact.histogram).toBeDefined();
    expect(exact.vega_lite.encoding.x).toMatchObject({ field: 'value', type: 'ordinal' });
    expect(exact.vega_lite.data.values).toEqual(exact.values);
    const chunked = (await chunkedDistributions(tableChunks(cars, 50), ['Cylinders'])).distributions[0] as typeof exact;
    expect(chunked.values).toEqual(exact.values);
  });

  it('give no per-value counts to floats or to integers of many values', async () => {
    const many: Table = { rowCount: 100, columns: [{ type: 'integer', name: 'n', values: Float64Array.from({ length: 100 }, (_, i) => i) }] };
    expect(distributions(many, ['n'])[0]).not.toHaveProperty('values');
    expect((await chunkedDistributions(tableChunks(many, 30), ['n'])).distributions[0]).not.toHaveProperty('values');
    expect(distributions(cars, ['Weight'])[0]).not.toHaveProperty('values');
  });

  it('bin yearly datetimes by year, not by quarter with empty quarters between', async () => {
    const [exact] = distributions(cars, ['Year']) as unknown as [{ period: string; counts: { period: string; count: number }[] }];
    expect(exact.period).toBe('year');
    expect(exact.counts.map((c) => c.period)).toEqual(Array.from({ length: 13 }, (_, i) => String(1970 + i)));
    expect(exact.counts.every((c) => c.count > 0)).toBe(true);
    expect((await chunkedDistributions(tableChunks(cars, 40), ['Year'])).distributions[0]).toEqual(exact);
  });

  it('bin monthly datetimes by month even over a short span', () => {
    const months: Table = { rowCount: 24, columns: [{ type: 'datetime', name: 't', format: 'ISO8601', values: Float64Array.from({ length: 24 }, (_, i) => Date.UTC(2023, i % 12, 1)) }] };
    const [d] = distributions(months, ['t']) as unknown as [{ period: string; counts: { count: number }[] }];
    expect(d.period).toBe('month');
    expect(d.counts.every((c) => c.count === 2)).toBe(true);
  });
});

const modechoice: Table = {
  rowCount: 840,
  columns: [
    { type: 'integer', name: 'individual', values: Float64Array.from({ length: 840 }, (_, i) => 1 + Math.floor(i / 4)) },
    { type: 'integer', name: 'choice', values: Float64Array.from({ length: 840 }, (_, i) => (i % 4 === 3 ? 1 : 0)) },
    { type: 'float', name: 'invc', values: Float64Array.from({ length: 840 }, (_, i) => (i % 97 === 0 ? 500 : 20 + ((i * 13) % 40))) },
  ],
};
const info: ColumnInfo[] = modechoice.columns.map((c) => ({ name: c.name, type: c.type, missing: 0, distinct: c.name === 'individual' ? 210 : c.name === 'choice' ? 2 : 40 }));

describe('warnings and outliers', () => {
  it('no skewness warning for a 0/1 column (in memory and chunked)', async () => {
    const skew = (w: { kind: string; columns: string[] }[]) => w.filter((x) => x.kind === 'skew').flatMap((x) => x.columns);
    expect(skew(summary(modechoice).warnings)).not.toContain('choice');
    expect(skew((await chunkedSummary(tableChunks(modechoice, 100))).warnings)).not.toContain('choice');
    // A skewed column of three values still warns.
    const three: Table = { rowCount: 100, columns: [{ type: 'integer', name: 'k', values: Float64Array.from({ length: 100 }, (_, i) => (i < 90 ? 0 : i < 98 ? 1 : 5)) }] };
    expect(skew(summary(three).warnings)).toEqual(['k']);
  });

  it('leave identifier-like integer columns out of outliers unless named (in memory and chunked)', async () => {
    const page = { offset: 0, limit: 10 };
    const names = (r: { columns: { column: string }[] }) => r.columns.map((c) => c.column);
    // choice, a 0/1 flag, is left out too (its fences fall on 0); named, it is kept.
    expect(names(outliers(modechoice, 'iqr', undefined, page, info))).toEqual(['invc']);
    expect(names(await chunkedOutliers(tableChunks(modechoice, 100), 'iqr', undefined, page, info))).toEqual(['invc']);
    expect(names(outliers(modechoice, 'iqr', ['choice'], page, info))).toEqual(['choice']);
    expect(names(outliers(modechoice, 'iqr', ['individual'], page, info))).toEqual(['individual']);
    // A unique row number, shuffled, is an identifier too; the primary key always is.
    const rowNumbers: Table = { rowCount: 200, columns: [{ type: 'integer', name: 'id', values: Float64Array.from({ length: 200 }, (_, i) => (i * 7) % 200) }] };
    expect(names(outliers(rowNumbers, 'iqr', undefined, page))).toEqual([]);
    expect(names(outliers(cars, 'iqr', undefined, page, [{ name: 'Weight', type: 'float', missing: 0, primary_key: true }]))).toEqual(['Cylinders']);
    // Past the metadata's count of 10 000 distinct values, a running row id is still one, by its order.
    const long: Table = { rowCount: 30_000, columns: [{ type: 'integer', name: 'row_id', values: Float64Array.from({ length: 30_000 }, (_, i) => i + 1) }, { type: 'float', name: 'amount', values: Float64Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 1000) }] };
    const longInfo: ColumnInfo[] = [{ name: 'row_id', type: 'integer', missing: 0, distinct: 10_001 }, { name: 'amount', type: 'float', missing: 0, distinct: 1000 }];
    expect(names(await chunkedOutliers(tableChunks(long, 5000), 'iqr', undefined, page, longInfo))).toEqual(['amount']);
    expect(names(outliers(long, 'iqr', undefined, page, longInfo))).toEqual(['amount']);
    // A table merely sorted by a measure (ages 18–90, repeated) keeps it: an index counts from 0 or 1.
    const byAge: Table = { rowCount: 730, columns: [{ type: 'integer', name: 'age', values: Float64Array.from({ length: 730 }, (_, i) => 18 + Math.floor(i / 10)) }] };
    expect(names(outliers(byAge, 'iqr', undefined, page))).toEqual(['age']);
  });
});
