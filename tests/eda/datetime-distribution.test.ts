/** Datetime distributions: calendar bins whose width follows the span, the same in memory and chunk by chunk. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { DATETIME_MAX_BINS, distributions } from '../../core/eda/distributions.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { tableChunks } from '../../core/eda/chunked/source.js';

type Dated = { kind: string; period: string; counts: { period: string; count: number }[] };
const HOUR = 3_600_000;

const tableOf = (values: number[]): Table => ({ rowCount: values.length, columns: [{ type: 'datetime', name: 't', format: 'ISO8601', values: Float64Array.from(values) }] });

/** The in-memory and chunked results, after checking they agree. */
async function both(values: number[]): Promise<Dated> {
  const table = tableOf(values);
  const exact = distributions(table, ['t'])[0] as unknown as Dated;
  const chunked = (await chunkedDistributions(tableChunks(table, 97), ['t'])).distributions[0] as unknown as Dated;
  expect(chunked).toEqual(exact);
  expect(exact.counts.length).toBeLessThanOrEqual(DATETIME_MAX_BINS);
  expect(exact.counts.reduce((a, c) => a + c.count, 0)).toBe(values.filter((v) => !Number.isNaN(v)).length);
  return exact;
}

describe('datetime distributions', () => {
  it('a day of hourly timestamps (and a few missing) gives hourly bins', async () => {
    const day = Date.UTC(2024, 2, 10);
    // Every 10 minutes for a day; every 7th missing.
    const values = Array.from({ length: 144 }, (_, i) => (i % 7 === 3 ? NaN : day + i * 600_000));
    const d = await both(values);
    expect(d.period).toBe('hour');
    expect(d.counts).toHaveLength(24);
    expect(d.counts[0]).toEqual({ period: '2024-03-10T00:00Z', count: 5 });
    expect(d.counts[23]!.period).toBe('2024-03-10T23:00Z');
    expect(new Date(d.counts[5]!.period).getTime()).toBe(day + 5 * HOUR);
  });

  it('a few weeks give days, a year weeks, a few years months', async () => {
    const start = Date.UTC(2023, 0, 1, 13);
    expect((await both(Array.from({ length: 300 }, (_, i) => start + i * 2 * HOUR))).period).toBe('day');
    expect((await both(Array.from({ length: 300 }, (_, i) => start + i * 29 * HOUR))).period).toBe('week');
    const months = await both(Array.from({ length: 300 }, (_, i) => start + i * 100 * HOUR));
    expect(months.period).toBe('month');
    expect(months.counts[0]!.period).toBe('2023-01');
  });

  it('a multi-decade span gives yearly bins, calendar-aligned, with empty years shown', async () => {
    const values = Array.from({ length: 500 }, (_, i) => Date.UTC(1975 + (i % 40) * (i % 3 ? 1 : 0), i % 12, 1 + (i % 28), i % 24));
    const d = await both(values);
    expect(d.period).toBe('year');
    expect(d.counts[0]).toEqual({ period: '1975', count: values.filter((v) => new Date(v).getUTCFullYear() === 1975).length });
    expect(d.counts.at(-1)!.period).toBe('2014');
    // Centuries: wider bins, still at most DATETIME_MAX_BINS.
    expect((await both([Date.UTC(1600, 0), Date.UTC(2020, 5)])).period).toBe('10 years');
  });
});
