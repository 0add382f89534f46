/**
 * Dates that fall on some weekdays only (trading days): found over enough distinct days, drawn on
 * those days by every generator after a save and load (a date drawn on another day moved nearby by
 * the data's shares, one set above others moved forward), their weekday names read off them, a
 * condition on another day refused by a stored model.
 */
import { describe, expect, it } from 'vitest';
import { findWeekdays, forwardToWeekdays, weekdayOf, withWeekdays } from '../../core/synth/weekdays.js';
import { findDateParts, datePartExpression } from '../../core/synth/calendar-parts.js';
import { calendarPart } from '../../core/table/calendar.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { Column, DatetimeColumn, Table } from '../../core/table/model.js';

const DAY = 86_400_000;
const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const rng = Rng.seeded(5);

/** Every Monday to Friday from 2021-01-04 (a Monday), `n` of them. */
function tradingDays(n: number): Float64Array {
  const out: number[] = [];
  for (let t = Date.UTC(2021, 0, 4); out.length < n; t += DAY) if (weekdayOf(t) >= 1 && weekdayOf(t) <= 5) out.push(t);
  return Float64Array.from(out);
}

const n = 500;
const days = tradingDays(n);
const close = Float64Array.from({ length: n }, (_, i) => Math.round(100 + 10 * Math.sin(i / 30) + 5 * rng.normal()));
const date: DatetimeColumn = { type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: days };
const categories = NAMES.slice(1, 6);
const stocks: Table = {
  rowCount: n,
  columns: [
    date,
    { type: 'categorical', name: 'weekday', categories, codes: Int32Array.from(days, (t) => weekdayOf(t) - 1) },
    { type: 'integer', name: 'iso', values: days.map((t) => calendarPart(t, 'iso_day_of_week')) },
    { type: 'integer', name: 'close', values: close },
  ],
};

describe('finding the weekdays a date falls on', () => {
  it('finds Monday to Friday on trading days, and nothing on every day or on too few days', () => {
    expect(findWeekdays(stocks, ['day', 'close'])).toEqual([{ column: 'day', days: [1, 2, 3, 4, 5], shares: [0.2, 0.2, 0.2, 0.2, 0.2] }]);
    const daily = Float64Array.from({ length: 200 }, (_, i) => Date.UTC(2021, 0, 1) + i * DAY);
    expect(findWeekdays({ rowCount: 200, columns: [{ ...date, values: daily }] }, ['day'])).toEqual([]);
    // 49 distinct days, however many rows: a missing weekday could be chance.
    const few = Float64Array.from({ length: 490 }, (_, i) => days[i % 49]!);
    expect(findWeekdays({ rowCount: 490, columns: [{ ...date, values: few }] }, ['day'])).toEqual([]);
  });

  it('reads a weekday name and an ISO weekday off such a date, though the data has no weekend to name', () => {
    const parts = findDateParts(stocks, ['weekday', 'iso', 'close'], ['day'], new Set(), findWeekdays(stocks, ['day']));
    expect(parts.map((p) => `${p.column} = ${datePartExpression(p)}`)).toEqual(['weekday = a function of the day of week of day', 'iso = iso day of week of day']);
    expect(findDateParts(stocks, ['weekday', 'iso', 'close'], ['day'])).toEqual([]);
  });
});

describe('moving dates to their weekdays', () => {
  const everyDay = Float64Array.from({ length: 7 * 2000 }, (_, i) => Date.UTC(2022, 0, 1) + Math.floor(i / 2000) * DAY + 3_600_000 * (i % 24));
  const weekdays = { column: 'day', days: [1, 2, 3, 4, 5], shares: [0.2, 0.2, 0.2, 0.2, 0.2] };
  const table = (values: Float64Array): Table => ({ rowCount: values.length, columns: [{ ...date, values }] });

  it('leaves a date on one of its days, and moves one on another day at most three days, keeping its time, so the days end up in the data\'s shares', () => {
    const moved = (withWeekdays([weekdays], table(everyDay), Rng.seeded(2)).columns[0] as DatetimeColumn).values;
    const shares = [0, 1, 2, 3, 4, 5, 6].map((d) => moved.filter((t) => weekdayOf(t) === d).length / moved.length);
    expect([shares[0], shares[6]]).toEqual([0, 0]);
    // A model that spreads dates over every day gives each 1/7; the weekend's 2/7 is shared out by the data's shares.
    for (const d of [1, 2, 3, 4, 5]) expect(shares[d]).toBeCloseTo(0.2, 2);
    for (let i = 0; i < moved.length; i++) {
      if (weekdayOf(everyDay[i]!) >= 1 && weekdayOf(everyDay[i]!) <= 5) expect(moved[i]).toBe(everyDay[i]);
      expect(Math.abs(moved[i]! - everyDay[i]!)).toBeLessThanOrEqual(3 * DAY);
      expect(moved[i]! % DAY).toBe(everyDay[i]! % DAY);
    }
  });

  it('weighs the days a moved date lands on by the data\'s shares: Mondays heavy with trades gain most', () => {
    const mondays = { ...weekdays, shares: [0.6, 0.1, 0.1, 0.1, 0.1] };
    const moved = (withWeekdays([mondays], table(everyDay), Rng.seeded(2)).columns[0] as DatetimeColumn).values;
    const share = (d: number) => moved.filter((t) => weekdayOf(t) === d).length / moved.length;
    expect(share(1)).toBeCloseTo(1 / 7 + (2 / 7) * 0.6, 2);
    expect(share(3)).toBeCloseTo(1 / 7 + (2 / 7) * 0.1, 2);
  });

  it('moves a column set above others forward only, so it stays above them', () => {
    const moved = (forwardToWeekdays([weekdays], table(everyDay)).columns[0] as DatetimeColumn).values;
    for (let i = 0; i < moved.length; i++) {
      expect(moved[i]!).toBeGreaterThanOrEqual(everyDay[i]!);
      expect([1, 2, 3, 4, 5]).toContain(weekdayOf(moved[i]!));
    }
  });
});

describe('weekdays through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic date is a weekday and names its own day, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(stocks, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    expect(model.weekdays?.()).toEqual([{ column: 'day', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] }]);
    const out = model.sample(400, Rng.seeded(1));
    const when = (out.columns[0] as DatetimeColumn).values;
    const names = out.columns[1] as unknown as { categories: string[]; codes: Int32Array };
    const iso = (out.columns[2] as { values: Float64Array }).values;
    for (let r = 0; r < out.rowCount; r++) {
      expect([names.categories[names.codes[r]!], iso[r]]).toEqual([NAMES[weekdayOf(when[r]!)], calendarPart(when[r]!, 'iso_day_of_week')]);
    }
  });

  it('keeps an end after its start, whether the start or the end is the one on weekdays only', async () => {
    const r = Rng.seeded(3);
    const HOUR = 3_600_000;
    const anyDay = () => Date.UTC(2023, 0, 2) + r.int(0, 200) * DAY + r.int(8, 17) * HOUR;
    const onWeekday = (t: number) => {
      while (weekdayOf(t) === 0 || weekdayOf(t) === 6) t += DAY;
      return t;
    };
    const starts = Float64Array.from({ length: 600 }, () => onWeekday(anyDay()));
    const maskedStart = [starts, starts.map((t) => t + r.int(1, 72) * HOUR)];
    const looseStarts = Float64Array.from({ length: 600 }, anyDay);
    const maskedEnd = [looseStarts, looseStarts.map((t) => onWeekday(t + r.int(1, 30) * HOUR))];
    for (const [masked, [start, end]] of [['start', maskedStart], ['end', maskedEnd]] as const) {
      const table: Table = {
        rowCount: 600,
        columns: [
          { type: 'datetime', name: 'start', format: 'YYYY-MM-DD HH:mm', values: start! },
          { type: 'datetime', name: 'end', format: 'YYYY-MM-DD HH:mm', values: end! },
        ],
      };
      for (const name of ['gaussian_copula', 'ctgan']) {
        const synth = findSynthesizer(name);
        const model = await synth.fit(table, synth.params.parse(name === 'ctgan' ? { epochs: 2 } : {}), Rng.seeded(0));
        expect(model.weekdays?.().map((w) => w.column)).toEqual([masked]);
        expect(model.formulas?.().map((f) => f.column)).toEqual(['end']);
        const out = model.sample(1000, Rng.seeded(1));
        const [s, e] = out.columns.map((c) => (c as DatetimeColumn).values);
        const on = masked === 'start' ? s! : e!;
        for (let i = 0; i < 1000; i++) {
          expect(e![i]!).toBeGreaterThanOrEqual(s![i]!);
          expect([1, 2, 3, 4, 5]).toContain(weekdayOf(on[i]!));
        }
      }
    }
  });

  it('keeps the weekdays\' shares of the data for the copula', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const out = (await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0))).sample(5000, Rng.seeded(1));
    const when = (out.columns[0] as DatetimeColumn).values;
    for (const d of [1, 2, 3, 4, 5]) expect(when.filter((t) => weekdayOf(t) === d).length / 5000).toBeCloseTo(0.2, 1);
  });

  it('refuses a condition on another day for a stored model (422), meets one on a weekday, and leaves a date the request fixes alone', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0));
    const saturday = Date.UTC(2021, 5, 5);
    expect(() => model.sample(5, Rng.seeded(1), { day: saturday })).toThrow(ProblemError);
    expect(() => model.sample(5, Rng.seeded(1), { day: saturday })).toThrow(/day falls on Monday, Tuesday, Wednesday, Thursday and Friday only in the data/);
    const monday = Date.UTC(2021, 5, 7);
    const rows = model.sample(5, Rng.seeded(1), { day: monday });
    expect([...(rows.columns[0] as DatetimeColumn).values]).toEqual(new Array(5).fill(monday));
    const fixed = await copula.fit(stocks, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['day'] });
    expect(fixed.weekdays?.() ?? []).toEqual([]);
    expect([...(fixed.sample(5, Rng.seeded(1), { day: saturday }).columns[0] as DatetimeColumn).values]).toEqual(new Array(5).fill(saturday));
  });

  it('keeps models of dates on every day byte for byte: nothing found, nothing saved', async () => {
    const daily: Column = { ...date, values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2021, 0, 1) + i * DAY) };
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.fit({ rowCount: n, columns: [daily, stocks.columns[3]!] }, copula.params.parse({}), Rng.seeded(0));
    expect(new TextDecoder().decode(model.save())).not.toContain('weekdays');
  });
});
