/**
 * A datetime column written at an offset (business-day midnights at +02:00) is binned on its own
 * clock, not in UTC (where each Monday falls on Sunday), and its describe says when every gap
 * between days is a weekend day.
 */
import { describe as group, expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { distributions } from '../../core/eda/distributions.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { chunkedDescribe } from '../../core/eda/chunked/describe.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { describe, weekendGaps } from '../../core/eda/describe.js';

const DAY = 86_400_000;
const TWO_HOURS = 2 * 3_600_000;

/** Weekday midnights at +02:00 from Monday 2024-03-04, `weeks` weeks of them. */
function businessDays(weeks: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < weeks * 7; d++) if (d % 7 < 5) out.push(Date.UTC(2024, 2, 4 + d) - TWO_HOURS);
  return out;
}
const tableOf = (values: number[], utcOffset?: string): Table => ({
  rowCount: values.length,
  columns: [{ type: 'datetime', name: 'date', format: 'YYYY-MM-DDTHH:mm:ssZ', values: Float64Array.from(values), ...(utcOffset ? { utcOffset } : {}) }],
});

type Dated = { period: string; counts: { period: string; count: number }[]; vega_lite: { encoding: { x: { title: string; scale: { type: string }; axis: { values: number[] } } } } };

group('datetime columns at an offset', () => {
  it('counts each business day on its own date, Monday to Friday, in memory and chunk by chunk', async () => {
    const table = tableOf(businessDays(2), '+02:00');
    const d = distributions(table, ['date'])[0] as unknown as Dated;
    expect(await chunkedDistributions(tableChunks(table, 3), ['date']).then((r) => r.distributions[0])).toEqual(d);
    expect(d.period).toBe('day');
    const weekdays = d.counts.filter((c) => c.count > 0).map((c) => new Date(`${c.period}T00:00Z`).getUTCDay());
    expect(new Set(weekdays)).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(d.counts[0]).toEqual({ period: '2024-03-04', count: 1 });
    // The chart reads the column's dates on a UTC scale, a tick per period, and names the clock.
    expect(d.vega_lite.encoding.x.scale.type).toBe('utc');
    expect(d.vega_lite.encoding.x.axis.values[0]).toBe(Date.UTC(2024, 2, 4));
    expect(d.vega_lite.encoding.x.title).toBe('date (per day, UTC+02:00)');
  });

  it('starts weeks on the column’s Mondays', () => {
    const d = distributions(tableOf(businessDays(30), '+02:00'), ['date'])[0] as unknown as Dated;
    expect(d.period).toBe('week');
    expect(d.counts[0]).toEqual({ period: '2024-03-04', count: 5 });
    expect(d.counts.every((c) => c.count === 5)).toBe(true);
    // The same instants read in UTC: each week starts on a Sunday evening, the first in the week before.
    const utc = distributions(tableOf(businessDays(30)), ['date'])[0] as unknown as Dated;
    expect(utc.counts[0]).toEqual({ period: '2024-02-26', count: 1 });
  });

  it('names hours at the column’s offset', () => {
    const start = Date.UTC(2024, 2, 4, 7) - TWO_HOURS;
    const d = distributions(tableOf([start, start + 3_600_000 * 5], '+02:00'), ['date'])[0] as unknown as Dated;
    expect(d.period).toBe('hour');
    expect(d.counts[0]!.period).toBe('2024-03-04T07:00+02:00');
    expect(new Date(d.counts[0]!.period).getTime()).toBe(start);
  });

  it('says how many gaps of a daily series are weekend days, on the column’s clock', async () => {
    const table = tableOf(businessDays(12), '+02:00');
    const col = describe(table).columns[0] as Record<string, unknown>;
    expect(col).toMatchObject({ granularity: 'day', gaps: 22, weekend_gaps: 22 });
    expect((await chunkedDescribe(tableChunks(table, 7))).columns[0]).toMatchObject({ gaps: 22, weekend_gaps: 22 });
    // Read in UTC the missing days are Fridays and Saturdays: only half of them weekend days.
    expect(weekendGaps(Float64Array.from(businessDays(12)), 0)).toBe(11);
    // A Wednesday missing is a gap on a weekday.
    const holiday = businessDays(2).filter((t) => t !== Date.UTC(2024, 2, 6) - TWO_HOURS);
    expect(describe(tableOf(holiday, '+02:00')).columns[0]).toMatchObject({ gaps: 3, weekend_gaps: 2 });
  });

  it('reports no weekend count for other granularities', () => {
    const months = [0, 1, 3].map((m) => Date.UTC(2024, m, 1));
    expect(describe(tableOf(months)).columns[0]).not.toHaveProperty('weekend_gaps');
  });
});
