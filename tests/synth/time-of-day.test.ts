/**
 * Timestamps over many days modelled as a day and a time of day: found with the grid their times
 * sit on, split and joined back exactly, drawn by every generator after a save and load on that grid
 * and within the data's range, the copula's hours those of the data; conditions met exactly, an
 * end kept after its start, and a weekday rule kept with the time.
 */
import { describe, expect, it } from 'vitest';
import { findTimesOfDay, joinTimes, splitTimes } from '../../core/synth/time-of-day.js';
import { weekdayOf } from '../../core/synth/weekdays.js';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import type { DatetimeColumn, NumberColumn, Table } from '../../core/table/model.js';

const DAY = 86_400_000;
const QUARTER = 900_000;
const n = 800;
const rng = Rng.seeded(21);
/** Orders placed from 9:00 to 16:45 on the quarter hour, over 120 days; the amount grows through the day. */
const at = Float64Array.from({ length: n }, () => Date.UTC(2024, 0, 1) + rng.int(0, 119) * DAY + 9 * 3_600_000 + rng.int(0, 31) * QUARTER);
const amount = Float64Array.from(at, (t) => Math.round(20 + ((t % DAY) / 3_600_000 - 9) * 5 + 4 * rng.normal()));
const orders: Table = {
  rowCount: n,
  columns: [
    { type: 'datetime', name: 'placed', format: 'YYYY-MM-DD HH:mm', values: at },
    { type: 'integer', name: 'amount', values: amount },
  ],
};
const hours = (values: Float64Array) => {
  const h = new Array(24).fill(0);
  for (const t of values) h[new Date(t).getUTCHours()]++;
  return h.map((x) => x / values.length);
};

describe('finding and splitting timestamps', () => {
  it('finds the quarter-hour grid of times over many days, and leaves dates, a single day\'s times and few days alone', () => {
    expect(findTimesOfDay(orders, ['placed', 'amount'])).toEqual([{ column: 'placed', time: 'placed (time of day)', step: QUARTER, phase: 0, range: [Math.min(...at), Math.max(...at)], fill: expect.any(Number) }]);
    const dates: Table = { rowCount: n, columns: [{ ...(orders.columns[0] as DatetimeColumn), values: at.map((t) => t - (t % DAY)) }] };
    expect(findTimesOfDay(dates, ['placed'])).toEqual([]);
    const fewDays: Table = { rowCount: n, columns: [{ ...(orders.columns[0] as DatetimeColumn), values: at.map((t, i) => Date.UTC(2024, 0, 1) + (i % 19) * DAY + (t % DAY)) }] };
    expect(findTimesOfDay(fewDays, ['placed'])).toEqual([]);
  });

  it('names the time column apart from every column, and joins the split back to the very instants', () => {
    const taken: Table = { rowCount: n, columns: [...orders.columns, { type: 'integer', name: 'placed (time of day)', values: amount }] };
    const [found] = findTimesOfDay(taken, ['placed']);
    expect(found!.time).toBe("placed (time of day)'");
    const split = splitTimes([found!], orders);
    expect(split.columns.map((c) => c.name)).toEqual(['placed', "placed (time of day)'", 'amount']);
    expect(Math.max(...(split.columns[1] as NumberColumn).values)).toBe(31 + 36);
    expect((joinTimes([found!], split).columns[0] as DatetimeColumn).values).toEqual(at);
  });
});

describe('missing timestamps', () => {
  it('are missing in the day only: the time column holds the commonest time there, and a drawn time never makes a day missing', () => {
    const holes = Float64Array.from(at, (t, i) => (i % 3 === 0 ? NaN : t));
    const table: Table = { rowCount: n, columns: [{ ...(orders.columns[0] as DatetimeColumn), values: holes }] };
    const [found] = findTimesOfDay(table, ['placed']);
    const [day, time] = splitTimes([found!], table).columns.map((c) => (c as NumberColumn).values);
    expect(time!.every((v) => Number.isInteger(v))).toBe(true);
    expect(time![0]).toBe(found!.fill);
    // A network that drew a day without its time, or a time without its day: the day decides.
    const drawn: Table = { rowCount: 2, columns: [{ ...(orders.columns[0] as DatetimeColumn), values: Float64Array.of(day![1]!, NaN) }, { type: 'integer', name: found!.time, values: Float64Array.of(NaN, 4) }] };
    const joined = (joinTimes([found!], drawn).columns[0] as DatetimeColumn).values;
    expect(joined[0]).toBe(day![1]! + found!.fill * QUARTER);
    expect(joined[1]).toBeNaN();
  });
});

describe('timestamps through every generator', () => {
  const fast: Record<string, Record<string, unknown>> = { autoregressive: { epochs: 2 }, ctgan: { epochs: 2 }, copulagan: { epochs: 2 }, tvae: { epochs: 2 } };

  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: every timestamp is on the data\'s grid and within its range, after save and load', async (name) => {
    const synth = findSynthesizer(name);
    const model = await synth.load((await synth.fit(orders, synth.params.parse(fast[name] ?? {}), Rng.seeded(0))).save());
    const out = model.sample(300, Rng.seeded(1));
    expect(out.columns.map((c) => [c.name, c.type])).toEqual([['placed', 'datetime'], ['amount', 'integer']]);
    const placed = (out.columns[0] as DatetimeColumn).values;
    expect((out.columns[0] as DatetimeColumn).format).toBe('YYYY-MM-DD HH:mm');
    for (const t of placed) {
      expect(t % QUARTER).toBe(0);
      expect(t).toBeGreaterThanOrEqual(Math.min(...at));
      expect(t).toBeLessThanOrEqual(Math.max(...at));
    }
  });

  it('draws the hours of the data with the copula, where a model of the instants had spread them over the day', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const out = (await copula.fit(orders, copula.params.parse({}), Rng.seeded(0))).sample(4000, Rng.seeded(1));
    const [real, synthetic] = [hours(at), hours((out.columns[0] as DatetimeColumn).values)];
    const tv = real.reduce((s, p, h) => s + Math.abs(p - synthetic[h]!), 0) / 2;
    expect(tv).toBeLessThan(0.05);
    // And the amount still grows through the day.
    const placed = (out.columns[0] as DatetimeColumn).values;
    const spend = (out.columns[1] as NumberColumn).values;
    const mean = (keep: (hour: number) => boolean) => {
      const picked = [...spend].filter((_, r) => keep(new Date(placed[r]!).getUTCHours()));
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(mean((h) => h >= 15) - mean((h) => h < 11)).toBeGreaterThan(15);
    const off = await copula.fit(orders, copula.params.parse({ lookups: 'off' }), Rng.seeded(0));
    const spread = hours((off.sample(4000, Rng.seeded(1)).columns[0] as DatetimeColumn).values);
    expect(spread.slice(0, 8).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.1);
    expect(synthetic.slice(0, 9).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('meets a condition on a timestamp exactly, even off the grid and past the range, and leaves one the request fixes unsplit', async () => {
    const copula = findSynthesizer('gaussian_copula');
    const model = await copula.load((await copula.fit(orders, copula.params.parse({}), Rng.seeded(0))).save());
    for (const asked of [Date.UTC(2024, 1, 1, 10, 30), Date.UTC(2025, 5, 1, 3, 7)]) {
      expect([...(model.sample(5, Rng.seeded(1), { placed: asked }).columns[0] as DatetimeColumn).values]).toEqual(new Array(5).fill(asked));
    }
    // On the hour, 9 to 16: the copula models the time by its eight values, and a 3 a.m. condition is refused by the timestamp's name.
    const hourly: Table = { rowCount: n, columns: [{ ...(orders.columns[0] as DatetimeColumn), values: at.map((t) => t - (t % 3_600_000)) }] };
    const byHour = await copula.fit(hourly, copula.params.parse({}), Rng.seeded(0));
    expect(() => byHour.sample(3, Rng.seeded(1), { placed: Date.UTC(2024, 1, 1, 3) })).toThrow(/^placed: the data holds it at no such time of day/);
    const fixed = await copula.fit(orders, copula.params.parse({}), Rng.seeded(0), undefined, { conditioned: ['placed'] });
    expect(new TextDecoder().decode(fixed.save())).not.toContain('time of day');
  });

  it('keeps an end after its start, and a weekday rule with the time of day', async () => {
    // Trading on Monday to Friday, from 9:00; each trade settles within hours.
    const r = Rng.seeded(8);
    const weekdays = Array.from({ length: 300 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY).filter((t) => weekdayOf(t) >= 1 && weekdayOf(t) <= 5);
    const start = Float64Array.from({ length: 600 }, () => weekdays[r.int(0, weekdays.length - 1)]! + 9 * 3_600_000 + r.int(0, 400) * 60_000);
    const end = start.map((t) => t + r.int(5, 300) * 60_000);
    const trades: Table = {
      rowCount: 600,
      columns: [
        { type: 'datetime', name: 'start', format: 'YYYY-MM-DD HH:mm', values: start },
        { type: 'datetime', name: 'end', format: 'YYYY-MM-DD HH:mm', values: end },
      ],
    };
    for (const name of ['gaussian_copula', 'ctgan']) {
      const synth = findSynthesizer(name);
      const model = await synth.load((await synth.fit(trades, synth.params.parse(name === 'ctgan' ? { epochs: 2 } : {}), Rng.seeded(0))).save());
      expect(model.formulas?.().map((f) => `${f.column} = ${f.expression}`)).toEqual(['end = start + a gap ≥ 0']);
      const out = model.sample(400, Rng.seeded(1));
      const [s, e] = out.columns.map((c) => (c as DatetimeColumn).values);
      for (let i = 0; i < 400; i++) {
        expect(e![i]!).toBeGreaterThanOrEqual(s![i]!);
        expect([1, 2, 3, 4, 5]).toContain(weekdayOf(s![i]!));
        expect(s![i]! % 60_000).toBe(0);
      }
      if (name === 'gaussian_copula') expect(Math.min(...Array.from(s!, (t) => new Date(t).getUTCHours()))).toBeGreaterThanOrEqual(9);
    }
  });
});
