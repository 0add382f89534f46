/**
 * Dates on one day of the month (monthly, quarterly, yearly series): found with the months they
 * use, moved to the nearest such date (or forward, for a column above others), drawn so by every
 * generator after a save and load, an end kept after its start, a condition on another date
 * refused by a stored model.
 */
import { describe, expect, it } from 'vitest';
import { findMonthDays, forwardToMonthDays, monthDaysExpression, withMonthDays } from '../../core/synth/month-days.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const dates = (values: number[], name = 'month'): Table => ({ rowCount: values.length, columns: [{ type: 'datetime', name, format: 'YYYY-MM-DD', values: Float64Array.from(values) }] });
const monthly = Array.from({ length: 120 }, (_, i) => utc(2010 + Math.floor(i / 12), (i % 12) + 1, 1));
const quarterEnds = Array.from({ length: 16 }, (_, i) => Date.UTC(2015 + Math.floor(i / 4), 3 * (i % 4) + 3, 0));
const show = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('finding dates on one day of the month', () => {
  it('finds the 1st of every month, quarter ends, and the 1st of January, and says so', () => {
    const [first] = findMonthDays(dates(monthly), ['month']);
    expect(first).toEqual({ column: 'month', day: 1, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    expect(monthDaysExpression(first!)).toBe('on the 1st of the month');
    const [quarters] = findMonthDays(dates(quarterEnds), ['month']);
    expect(quarters).toEqual({ column: 'month', day: 0, months: [3, 6, 9, 12] });
    expect(monthDaysExpression(quarters!)).toBe('on the last day of March, June, September and December');
    const years = Array.from({ length: 12 }, (_, i) => utc(1970 + i, 1, 1));
    expect(findMonthDays(dates(years), ['month'])).toEqual([{ column: 'month', day: 1, months: [1] }]);
  });

  it('leaves alone daily dates, five dates, a 30th that is not always the last day, and months of a span under two years', () => {
    expect(findMonthDays(dates(Array.from({ length: 60 }, (_, i) => utc(2020, 1, 1) + i * 86_400_000)), ['month'])).toEqual([]);
    expect(findMonthDays(dates(monthly.slice(0, 5)), ['month'])).toEqual([]);
    expect(findMonthDays(dates(Array.from({ length: 8 }, (_, i) => utc(2020, i + 3, 30))), ['month'])).toEqual([]);
    // Contracts started on the 1st of months that happen to skip some: every month stays open; months every third are a rule.
    const r = Rng.seeded(2);
    const starts = Array.from({ length: 12 }, (_, i) => utc(2015 + (i % 4), [1, 2, 4, 5, 7, 11][i % 6]!, 1));
    expect(findMonthDays(dates(starts), ['month'])[0]?.months).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // A day's log, timestamps of one 15th: six instants, one date.
    expect(findMonthDays(dates(Array.from({ length: 8 }, () => utc(2024, 3, 15) + r.int(0, 86_399) * 1000)), ['month'])).toEqual([]);
    // Seven months of one year: the months missing are the span's, not a rule.
    expect(findMonthDays(dates(monthly.slice(0, 7)), ['month'])).toEqual([{ column: 'month', day: 1, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }]);
  });
});

describe('moving dates onto their day of the month', () => {
  const rule = { column: 'month', day: 1, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
  const at = (ms: number, move = withMonthDays) => (move([rule], dates([ms])).columns[0] as DatetimeColumn).values[0]!;

  it('moves a date to the nearest 1st, keeping its time of day, and forward only for a column above others', () => {
    expect(show(at(utc(2020, 3, 17)))).toBe('2020-04-01');
    expect(show(at(utc(2020, 3, 15)))).toBe('2020-03-01');
    expect(at(utc(2020, 3, 1))).toBe(utc(2020, 3, 1));
    expect(at(utc(2020, 3, 3) + 3_600_000)).toBe(utc(2020, 3, 1) + 3_600_000);
    expect(show(at(utc(2020, 3, 3), forwardToMonthDays))).toBe('2020-04-01');
    const quarters = { column: 'month', day: 0, months: [3, 6, 9, 12] };
    expect(show((withMonthDays([quarters], dates([utc(2020, 5, 20)])).columns[0] as DatetimeColumn).values[0]!)).toBe('2020-06-30');
  });
});

describe('dates on one day of the month through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };
  const r = Rng.seeded(9);
  const series: Table = {
    rowCount: 120,
    columns: [
      { type: 'datetime', name: 'month', format: 'YYYY-MM-DD', values: Float64Array.from(monthly) },
      { type: 'float', name: 'rate', decimals: 1, values: Float64Array.from(monthly, (_, i) => Number((5 + Math.sin(i / 10) + r.normal() / 5).toFixed(1))) },
    ],
  };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic date is the 1st of a month, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(series, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = (model.sample(300, Rng.seeded(1)).columns[0] as DatetimeColumn).values;
    for (const t of out) expect(new Date(t).getUTCDate()).toBe(1);
  });

  it('keeps an end of month after its start, and refuses a condition on another date for a stored model', async () => {
    const ends = Float64Array.from(monthly, (t, i) => {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1 + (i % 3), 0);
    });
    const spans: Table = { rowCount: 120, columns: [series.columns[0]!, { type: 'datetime', name: 'until', format: 'YYYY-MM-DD', values: ends }] };
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(spans, copula.params.parse({}), Rng.seeded(0));
    expect(model.formulas?.().map((f) => f.column)).toEqual(['until']);
    expect(model.monthDays?.()).toEqual([
      { column: 'month', rule: 'on the 1st of the month' },
      { column: 'until', rule: 'on the last day of the month' },
    ]);
    const out = model.sample(500, Rng.seeded(1));
    const [start, end] = out.columns.map((c) => (c as DatetimeColumn).values);
    for (let i = 0; i < 500; i++) {
      expect(end![i]!).toBeGreaterThanOrEqual(start![i]!);
      expect(new Date(end![i]! + 86_400_000).getUTCDate()).toBe(1);
      expect(new Date(start![i]!).getUTCDate()).toBe(1);
    }
    // A column above one on its days is moved before a gap above it reads it.
    const later = Float64Array.from(ends, (t, i) => t + (i % 11) * 86_400_000);
    const chain: Table = { rowCount: 120, columns: [...spans.columns, { type: 'datetime', name: 'paid', format: 'YYYY-MM-DD', values: later }] };
    const chained = (await copula.fit(chain, copula.params.parse({}), Rng.seeded(0))).sample(500, Rng.seeded(1));
    expect(chained.columns.map((c) => c.name)).toEqual(['month', 'until', 'paid']);
    const [, until, paid] = chained.columns.map((c) => (c as DatetimeColumn).values);
    for (let i = 0; i < 500; i++) expect(paid![i]!).toBeGreaterThanOrEqual(until![i]!);
    expect(() => model.sample(5, Rng.seeded(1), { month: utc(2012, 3, 17) })).toThrow(ProblemError);
    expect(() => model.sample(5, Rng.seeded(1), { month: utc(2012, 3, 17) })).toThrow(/month falls on the 1st of the month in the data/);
    expect([...(model.sample(5, Rng.seeded(1), { month: utc(2012, 3, 1) }).columns[0] as DatetimeColumn).values]).toEqual(new Array(5).fill(utc(2012, 3, 1)));
  });
});
