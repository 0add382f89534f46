/**
 * Calendar rules in a column's own time (core/synth/local-time.ts): a datetime column written at
 * `+02:00` or `-05:00` has its weekdays, days of the month, calendar parts and times of day found
 * and kept on its local clock, so the written strings keep the data's local pattern — where the UTC
 * clock puts a local Monday 01:00 on a Sunday, a local 1st at 01:00 on the last of the month, and
 * local evening hours on both sides of midnight. A model saved before (no offsets in its envelope)
 * keeps its rules in UTC, and a UTC column's model gains no field.
 */
import { describe, expect, it } from 'vitest';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import { problemOf } from '../helpers/fixtures.js';
import { applyStep, fitStep, type StepSpec } from '../../core/features/transforms.js';
import type { Column, Table } from '../../core/table/model.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FORMAT = 'YYYY-MM-DDTHH:mm:ssxxx';
const copula = findSynthesizer('gaussian_copula');

/** The instant of a local wall-clock time at `offset` hours east of UTC. */
const instant = (offset: number, y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) - offset * HOUR;

/** A written value's local parts, read off its text: the calendar a reader of the file sees. */
function localParts(text: string, suffix: string) {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-]\d\d:\d\d)$/.exec(text);
  expect(match, text).not.toBeNull();
  const [, y, mo, d, h, mi, s, off] = match!;
  expect(off).toBe(suffix);
  const weekday = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay();
  return { month: Number(mo), date: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), weekday };
}

/** The CSV of a sample, as rows of cells by column name. */
function written(table: Table): Record<string, string>[] {
  const [header, ...lines] = writeCsv(table).trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}

const datetime = (name: string, offset: string, values: number[]): Column => ({ type: 'datetime', name, format: FORMAT, utcOffset: offset, values: Float64Array.from(values) });
const saveAndLoad = async (table: Table, params: Record<string, unknown> = {}) => copula.load((await copula.fit(table, copula.params.parse(params), Rng.seeded(0))).save());

const OFFSETS = [
  // At +02:00 local hours 0–3 are 22:00–01:00 UTC; at -05:00 local 18–23 are 23:00–04:00 UTC: both straddle UTC's midnight.
  { offset: 2, text: '+02:00', hours: [0, 1, 2, 3] },
  { offset: -5, text: '-05:00', hours: [18, 19, 20, 21, 22, 23] },
] as const;

describe.each(OFFSETS)('a column at $text', ({ offset, text, hours }) => {
  const rng = Rng.seeded(11);

  /** Local business days from Monday 2021-01-04, one row each, at a local hour of `hours`, with the local weekday's name. */
  function businessDays(atHours: readonly number[]): Table {
    const at: number[] = [];
    for (let d = 0; at.length < 600; d++) {
      const weekday = (1 + d) % 7;
      if (weekday >= 1 && weekday <= 5) at.push(instant(offset, 2021, 1, 4 + d, atHours[rng.int(0, atHours.length - 1)]!));
    }
    const names = at.map((t) => (new Date(t + offset * HOUR).getUTCDay() + 6) % 7);
    return {
      rowCount: at.length,
      columns: [
        datetime('at', text, at),
        { type: 'categorical', name: 'weekday', categories: NAMES.slice(1, 6), codes: Int32Array.from(names) },
        { type: 'integer', name: 'amount', values: Float64Array.from(at, () => rng.int(10, 99)) },
      ],
    };
  }

  it('local business-day midnights come back as local business-day midnights, their weekdays found in local time', async () => {
    const model = await saveAndLoad(businessDays([0]));
    expect(model.weekdays?.()).toEqual([{ column: 'at', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] }]);
    for (const row of written(model.sample(500, Rng.seeded(1)))) {
      const p = localParts(row.at!, text);
      expect([p.hour, p.minute, p.second]).toEqual([0, 0, 0]);
      expect([1, 2, 3, 4, 5]).toContain(p.weekday);
      expect(row.weekday).toBe(NAMES[p.weekday]);
    }
  });

  it('local business days at hours across UTC\'s midnight keep their local weekday, its name and their local hours', async () => {
    const model = await saveAndLoad(businessDays(hours));
    expect(model.weekdays?.()).toEqual([{ column: 'at', days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] }]);
    expect(model.formulas?.().map((f) => `${f.column}: ${f.expression}`)).toEqual(['weekday: a function of the day of week of at']);
    for (const row of written(model.sample(1000, Rng.seeded(1)))) {
      const p = localParts(row.at!, text);
      expect([1, 2, 3, 4, 5]).toContain(p.weekday);
      expect(hours).toContain(p.hour);
      expect([p.minute, p.second]).toEqual([0, 0]);
      expect(row.weekday).toBe(NAMES[p.weekday]);
    }
  });

  it('conditions on the date and on its weekday name are read on the local clock', async () => {
    const model = await saveAndLoad(businessDays(hours));
    // A local Monday at the first hour (a Sunday in UTC at +02:00) is one of its days; a local Saturday is not.
    const monday = instant(offset, 2021, 3, 1, hours[0]);
    const out = written(model.sample(5, Rng.seeded(2), { at: monday }));
    expect(out.map((r) => [localParts(r.at!, text).weekday, localParts(r.at!, text).hour, r.weekday])).toEqual(Array(5).fill([1, hours[0], 'Mon']));
    expect(problemOf(() => model.sample(5, Rng.seeded(2), { at: instant(offset, 2021, 3, 6, hours[0]) })).status).toBe(422);
    const fridays = written(model.sample(50, Rng.seeded(3), { weekday: 'Fri' }));
    expect(fridays.every((r) => localParts(r.at!, text).weekday === 5)).toBe(true);
  });

  it('a local first of the month, at any local hour, stays one, and its local month is read off it', async () => {
    const at = Array.from({ length: 360 }, (_, i) => instant(offset, 2020 + Math.floor((i % 36) / 12), (i % 12) + 1, 1, rng.int(0, 23)));
    const table: Table = { rowCount: at.length, columns: [datetime('run_at', text, at), { type: 'integer', name: 'month', values: Float64Array.from(at, (t) => new Date(t + offset * HOUR).getUTCMonth() + 1) }] };
    const model = await saveAndLoad(table);
    expect(model.monthDays?.()).toEqual([{ column: 'run_at', rule: 'on the 1st of the month' }]);
    expect(model.formulas?.().map((f) => `${f.column}: ${f.expression}`)).toEqual(['month: month of run_at']);
    for (const row of written(model.sample(500, Rng.seeded(1)))) {
      const p = localParts(row.run_at!, text);
      expect(p.date).toBe(1);
      expect(row.month).toBe(String(p.month));
    }
  });

  it('an end kept above its start moves forward to its local weekdays', async () => {
    const starts = Array.from({ length: 600 }, () => instant(offset, 2023, 1, 2 + rng.int(0, 200), rng.int(0, 23)));
    // Ends on local weekdays: a local Saturday or Sunday end moved to the Monday after.
    const ends = starts.map((t) => {
      let end = t + rng.int(1, 30) * HOUR;
      while ([0, 6].includes(new Date(end + offset * HOUR).getUTCDay())) end += DAY;
      return end;
    });
    const table: Table = { rowCount: 600, columns: [datetime('start', text, starts), datetime('end', text, ends)] };
    const model = await saveAndLoad(table);
    expect(model.weekdays?.().map((w) => w.column)).toEqual(['end']);
    const out = model.sample(1000, Rng.seeded(1));
    const [s, e] = out.columns.map((c) => (c as { values: Float64Array }).values);
    for (let r = 0; r < 1000; r++) expect(e![r]!).toBeGreaterThanOrEqual(s![r]!);
    for (const row of written(out)) expect([1, 2, 3, 4, 5]).toContain(localParts(row.end!, text).weekday);
  });
});

describe('models and columns without an offset', () => {
  const rng = Rng.seeded(4);
  const at = Array.from({ length: 400 }, () => {
    let t = Date.UTC(2022, 0, 3) + rng.int(0, 400) * DAY;
    while ([0, 6].includes(new Date(t).getUTCDay())) t += DAY;
    return t + rng.int(20, 23) * HOUR;
  });
  const utc: Table = { rowCount: 400, columns: [{ type: 'datetime', name: 'at', format: FORMAT, values: Float64Array.from(at) }] };

  it('a UTC column\'s model holds no offsets, and its rules stay UTC\'s', async () => {
    const saved = new TextDecoder().decode((await copula.fit(utc, copula.params.parse({}), Rng.seeded(0))).save());
    expect(saved).toContain('"weekdays"');
    expect(saved).not.toContain('"offsets"');
  });

  it('a model saved before rules were local keeps them in UTC, though it writes at its column\'s offset', async () => {
    // Stored after offsets were kept, before this: the column's record has its offset, the envelope no `offsets`.
    const saved = new TextDecoder().decode((await copula.fit(utc, copula.params.parse({}), Rng.seeded(0))).save());
    const old = await copula.load(new TextEncoder().encode(saved.replaceAll(`"format":"${FORMAT}"`, `"format":"${FORMAT}","utcOffset":"+02:00"`)));
    const asUtc = (await copula.load(new TextEncoder().encode(saved))).sample(300, Rng.seeded(1));
    const out = old.sample(300, Rng.seeded(1));
    expect(out.columns[0]).toMatchObject({ utcOffset: '+02:00' });
    expect((out.columns[0] as { values: Float64Array }).values).toEqual((asUtc.columns[0] as { values: Float64Array }).values);
  });
});

describe('parts made by the feature step, and columns mixing summer and winter time', () => {
  it('reads a datetime_parts step on the local clock, so the copula keeps the parts as parts of the date', async () => {
    const rng = Rng.seeded(3);
    const at = Array.from({ length: 500 }, () => Date.UTC(2023, 0, 1) + rng.int(0, 300) * DAY + rng.int(0, 23) * HOUR);
    const source: Table = { rowCount: 500, columns: [{ type: 'datetime', name: 'at', format: FORMAT, utcOffset: '+02:00', values: Float64Array.from(at) }] };
    const step: StepSpec = { kind: 'datetime_parts', column: 'at', parts: ['hour', 'day_of_week'] };
    const table = applyStep(source, { spec: step, fitted: fitStep(source, step, 0) }, false);
    const hours = (table.columns[1] as { values: Float64Array }).values;
    expect(Array.from(hours.slice(0, 50))).toEqual(at.slice(0, 50).map((v) => new Date(v + 2 * HOUR).getUTCHours()));
    const model = await copula.fit(table, copula.params.parse({}), Rng.seeded(0));
    expect(model.formulas?.().map((f) => f.column).sort()).toEqual(['at_day_of_week', 'at_hour']);
    const out = model.sample(1000, Rng.seeded(1));
    for (const row of written(out)) expect(Number(row.at_hour)).toBe(localParts(row.at!, '+02:00').hour);
  });

  it('keeps UTC\'s clock for a column whose commonest offset makes its weekdays looser (winter time, summer rows)', async () => {
    // Berlin business-day midnights from October: +01:00 most rows, +02:00 April to September.
    const berlin = (t: number) => ([3, 4, 5, 6, 7, 8].includes(new Date(t).getUTCMonth()) ? 2 : 1);
    const at: number[] = [];
    for (let d = 0; at.length < 700; d++) {
      const day = Date.UTC(2021, 9, 1 + d);
      if (![0, 6].includes(new Date(day).getUTCDay())) at.push(day - berlin(day) * HOUR);
    }
    const column = (utcOffset?: string): Table => ({ rowCount: at.length, columns: [{ type: 'datetime', name: 'at', format: FORMAT, ...(utcOffset ? { utcOffset } : {}), values: Float64Array.from(at) }] });
    const local = await copula.fit(column('+01:00'), copula.params.parse({}), Rng.seeded(0));
    const utc = await copula.fit(column(), copula.params.parse({}), Rng.seeded(0));
    expect(local.weekdays?.()).toEqual(utc.weekdays?.());
    expect(new TextDecoder().decode(local.save())).not.toContain('"offsets"');
  });
});
