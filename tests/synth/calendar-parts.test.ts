/**
 * Columns that are a calendar part of a date on every row: found (numbers in each weekday
 * convention, names covering every value; not a column that misses once, names that leave a month
 * out, or a column the request fixes), read off the sampled date by every generator after a save
 * and load, refused as conditions.
 */
import { describe, expect, it } from 'vitest';
import { datePartExpression, findDateParts } from '../../core/synth/calendar-parts.js';
import { calendarPart } from '../../core/table/calendar.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { ProblemError } from '../../core/errors.js';
import type { Column, Table } from '../../core/table/model.js';

const n = 600;
const rng = Rng.seeded(12);
const DAY = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ms = Float64Array.from({ length: n }, () => Date.UTC(2021, 0, 1) + rng.int(0, 3 * 365) * DAY + rng.int(0, 23) * 3_600_000);
ms[5] = NaN;
const date: Column = { type: 'datetime', name: 'ordered_at', format: 'YYYY-MM-DD HH:mm', values: ms };
const int = (name: string, values: Float64Array): Column => ({ type: 'integer', name, values });
const labels = (name: string, values: (string | null)[]): Column => {
  const categories = [...new Set(values.filter((v): v is string => v !== null))].sort();
  return { type: 'categorical', name, categories, codes: Int32Array.from(values, (v) => (v === null ? -1 : categories.indexOf(v))) };
};
const part = (p: Parameters<typeof calendarPart>[1]) => ms.map((v) => calendarPart(v, p));
const amount = Float64Array.from({ length: n }, () => Math.round(rng.uniform() * 500));

const orders: Table = {
  rowCount: n,
  columns: [
    date,
    int('year', part('year')),
    int('month', part('month')),
    labels('month_name', Array.from(part('month'), (m) => (Number.isNaN(m) ? null : MONTHS[m - 1]!))),
    int('dow', part('day_of_week')),
    labels('weekday', Array.from(part('day_of_week_sunday_0'), (d) => (Number.isNaN(d) ? null : DAYS[d]!))),
    int('hour', part('hour')),
    int('amount', amount),
  ],
};

const found = (t: Table, modelled: string[] = []) =>
  findDateParts(t, t.columns.map((c) => c.name), t.columns.filter((c) => c.type === 'datetime').map((c) => c.name), new Set(modelled)).map((p) => `${p.column} = ${datePartExpression(p)}`);

describe('finding calendar parts of a date', () => {
  it('finds years, months and hours, weekdays in any convention, and names that cover every value', () => {
    expect(found(orders)).toEqual([
      'year = year of ordered_at',
      'month = month of ordered_at',
      'month_name = a function of the month of ordered_at',
      'dow = day of week of ordered_at',
      'weekday = a function of the day of week of ordered_at',
      'hour = hour of ordered_at',
    ]);
    expect(found({ rowCount: n, columns: [date, int('iso', part('iso_day_of_week')), int('r', part('day_of_week_sunday_1'))] })).toEqual([
      'iso = iso day of week of ordered_at',
      'r = day of week sunday 1 of ordered_at',
    ]);
  });

  it('finds a function of a part too: a weekend flag, a half year', () => {
    const weekend = labels('weekend', Array.from(part('day_of_week'), (d) => (Number.isNaN(d) ? null : d >= 5 ? 'yes' : 'no')));
    const half = int('half', part('month').map((m) => (Number.isNaN(m) ? m : m <= 6 ? 1 : 2)));
    expect(found({ rowCount: n, columns: [date, weekend, half] })).toEqual(['weekend = a function of the day of week of ordered_at', 'half = a function of the quarter of ordered_at']);
  });

  it('leaves a column equal to two parts alike modelled: an ISO weekday on data without Sundays', () => {
    const weekdays = Float64Array.from(ms).filter((t) => !Number.isNaN(t) && calendarPart(t, 'day_of_week') < 6);
    const iso = int('iso', weekdays.map((t) => calendarPart(t, 'iso_day_of_week')));
    expect(found({ rowCount: weekdays.length, columns: [{ ...date, values: weekdays } as Column, iso] })).toEqual([]);
  });

  it('counts the day of the year in the years 0 to 99 too', () => {
    expect(calendarPart(new Date(0).setUTCFullYear(50, 2, 1), 'day_of_year')).toBe(60);
  });

  it('leaves out a column that misses on one row, names without every month, and a column the request fixes', () => {
    const once = part('month');
    once[n - 1] = (once[n - 1]! % 12) + 1;
    expect(found({ rowCount: n, columns: [date, int('month', once), int('amount', amount)] })).toEqual([]);
    // Without a December in the data, a December drawn would have no name.
    const noDecember = Float64Array.from(ms).filter((t) => !Number.isNaN(t) && calendarPart(t, 'month') < 12);
    const names = labels('name', Array.from(noDecember, (t) => MONTHS[calendarPart(t, 'month') - 1]!));
    expect(found({ rowCount: noDecember.length, columns: [{ ...date, values: noDecember } as Column, names] })).toEqual([]);
    expect(found(orders, ['month', 'weekday', 'year', 'month_name', 'dow', 'hour'])).toEqual([]);
  });
});

describe('calendar parts through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every synthetic row\'s parts are its date\'s, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(orders, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(300, Rng.seeded(1));
    expect(out.columns.map((c) => c.name)).toEqual(orders.columns.map((c) => c.name));
    const when = (out.columns[0] as { values: Float64Array }).values;
    const numbers = (i: number) => (out.columns[i] as { values: Float64Array }).values;
    const names = (i: number) => {
      const c = out.columns[i] as unknown as { categories: string[]; codes: Int32Array };
      return Array.from(c.codes, (code) => (code < 0 ? null : c.categories[code]!));
    };
    for (let r = 0; r < out.rowCount; r++) {
      const t = when[r]!;
      if (Number.isNaN(t)) {
        expect([numbers(1)[r], numbers(2)[r], names(3)[r]]).toEqual([NaN, NaN, null]);
        continue;
      }
      expect([numbers(1)[r], numbers(2)[r], names(3)[r], numbers(4)[r], names(5)[r], numbers(6)[r]]).toEqual([
        calendarPart(t, 'year'),
        calendarPart(t, 'month'),
        MONTHS[calendarPart(t, 'month') - 1],
        calendarPart(t, 'day_of_week'),
        DAYS[calendarPart(t, 'day_of_week_sunday_0')],
        calendarPart(t, 'hour'),
      ]);
    }
  });

  it('meets a condition on a part by drawing dates until the part is the one asked for, refuses a value no date has, and models it when the request conditions on it', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.load((await copula.fit(orders, copula.params.parse({}), Rng.seeded(0))).save());
    const when = (t: Table) => [...(t.columns[0] as { values: Float64Array }).values];
    const marches = model.sample(40, Rng.seeded(1), { month: 3 });
    expect(when(marches).every((t) => calendarPart(t, 'month') === 3)).toBe(true);
    expect([...(marches.columns[2] as { values: Float64Array }).values]).toEqual(new Array(40).fill(3));
    // By a name of the part, by two parts at once, and by a missing date.
    expect(when(model.sample(20, Rng.seeded(1), { month_name: 'July' })).every((t) => calendarPart(t, 'month') === 7)).toBe(true);
    expect(when(model.sample(20, Rng.seeded(1), { weekday: 'Sat', year: 2022 })).every((t) => calendarPart(t, 'day_of_week_sunday_0') === 6 && calendarPart(t, 'year') === 2022)).toBe(true);
    // One hour of one weekday is under one row in a hundred of what the model draws.
    expect(() => model.sample(20, Rng.seeded(1), { weekday: 'Sat', hour: 10 })).toThrow(/fewer than one row in 100 the model draws meets them; condition on ordered_at directly/);
    // Marked as chance, so a one-row probe when the request arrives leaves it to the job.
    expect(() => model.sample(20, Rng.seeded(1), { weekday: 'Sat', hour: 10 })).toThrow(expect.objectContaining({ extensions: { drawn_per_row: 100 } }));
    expect(when(model.sample(5, Rng.seeded(1), { month: null }))).toEqual(new Array(5).fill(NaN));
    expect(() => model.sample(5, Rng.seeded(1), { month: null, ordered_at: Date.UTC(2022, 6, 1) })).toThrow(/contradict each other/);
    expect(() => model.sample(10, Rng.seeded(1), { month: 13 })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { month_name: 'Smarch' })).toThrow('Condition month_name = "Smarch": month_name is a function of the month of ordered_at on every row, and no ordered_at gives that value.');
    const conditioned = await copula.fit(orders, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['month'] });
    expect(conditioned.formulas?.().map((f) => f.column)).not.toContain('month');
    const march = conditioned.sample(20, Rng.seeded(1), { month: 3 });
    expect([...(march.columns[2] as { values: Float64Array }).values]).toEqual(new Array(20).fill(3));
  });
});
