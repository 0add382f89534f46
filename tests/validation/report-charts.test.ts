/** The report's per-column charts: datetimes per calendar period on a UTC time axis, few-valued integers one bar per value. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { datetimeChart, fewValuesChart } from '../../core/validation/report.js';

const table = (years: number[], cylinders: number[]): Table => ({
  rowCount: years.length,
  columns: [
    { type: 'datetime', name: 'Year', format: 'ISO8601', values: Float64Array.from(years, (y) => Date.UTC(y, 0, 1)) },
    { type: 'integer', name: 'Cylinders', values: Float64Array.from(cylinders) },
  ],
});
const real = table(Array.from({ length: 130 }, (_, i) => 1970 + (i % 13)), Array.from({ length: 130 }, (_, i) => [3, 4, 4, 5, 6, 8][i % 6]!));
const synthetic = table(Array.from({ length: 60 }, (_, i) => 1970 + (i % 13)), Array.from({ length: 60 }, (_, i) => [4, 6, 8][i % 3]!));

type Spec = { mark: unknown; data: { values: Record<string, unknown>[] }; encoding: Record<string, Record<string, unknown>> };

describe('report charts', () => {
  it('bin a yearly datetime by year, bars spanning each year, labelled by year', () => {
    const spec = datetimeChart(real, synthetic, 'Year') as Spec;
    const starts = [...new Set(spec.data.values.map((d) => d.start))];
    expect(starts).toEqual(Array.from({ length: 13 }, (_, i) => Date.UTC(1970 + i, 0, 1)));
    expect(spec.data.values[0]).toMatchObject({ start: Date.UTC(1970, 0, 1), end: Date.UTC(1971, 0, 1), period: '1970', source: 'real', share: 10 / 130 });
    expect(spec.encoding.x).toMatchObject({ type: 'temporal', scale: { type: 'utc' }, axis: { format: '%Y', tickCount: { interval: 'year', step: 1 } } });
    expect(spec.encoding.x2).toEqual({ field: 'end' });
    expect(spec.encoding.x).not.toHaveProperty('bin');
  });

  it('draw an integer column of few values one pair of bars per value, and leave many values to the histogram', () => {
    const spec = fewValuesChart(real, synthetic, 'Cylinders') as Spec;
    expect(spec.encoding.x).toMatchObject({ field: 'v', type: 'ordinal' });
    expect([...new Set(spec.data.values.map((d) => d.v))]).toEqual([3, 4, 5, 6, 8]);
    expect(spec.data.values.find((d) => d.v === 4 && d.source === 'synthetic')!.share).toBeCloseTo(1 / 3);
    const many = table([1970], []);
    const wide: Table = { ...many, rowCount: 100, columns: [{ type: 'integer', name: 'n', values: Float64Array.from({ length: 100 }, (_, i) => i) }] };
    expect(fewValuesChart(wide, wide, 'n')).toBeUndefined();
  });
});
