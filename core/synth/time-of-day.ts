/**
 * Timestamps over many days: a model of their values spreads each day's times evenly over its 24
 * hours, so orders placed from 9 to 5 come back at 3 in the morning (every generator did). Such a
 * column is modelled as two: its day, a datetime at midnight, and its time of day, a number of
 * steps of its grid after midnight (hours, quarter hours, minutes), which the model learns as it
 * learns any number, business hours and their link to the other columns included. The sampled
 * pair is joined back into one timestamp within the data's range.
 */
import { z } from 'zod';
import { getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import type { Conditions } from './synthesizer.js';
import { datetimeGrid } from './column-rules.js';
import { DAY_MS as DAY } from '../table/calendar.js';

export const TimeOfDay = z.object({
  /** The datetime column, modelled as its day. */
  column: z.string(),
  /** The modelled column of its time of day, named apart from every column of the table. */
  time: z.string(),
  /** Milliseconds per step of the time of day (an hour, a minute: the grid its times sit on)… */
  step: z.number().positive(),
  /** …from this offset after midnight (half past, every hour), less than a step. */
  phase: z.number().min(0),
  /** The data's first and last instant, which a joined timestamp stays within. */
  range: z.tuple([z.number(), z.number()]),
  /**
   * The commonest time, in steps: the time column's value where the timestamp is missing, so only
   * the day carries missingness (a network that drew the two apart had doubled it).
   */
  fill: z.number().int(),
});
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** Distinct days a column must span: over a few, its day and time are one continuous run, which a pair models worse. */
const MIN_DAYS = 20;
/** Grids a time of day may sit on, coarsest first: hours, half and quarter hours, ten and five minutes, minutes, seconds, milliseconds. */
const TIME_STEPS = [3_600_000, 1_800_000, 900_000, 600_000, 300_000, 60_000, 1000, 1];

const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;

/**
 * The datetime columns among `names` whose values span at least MIN_DAYS days at more than one
 * time of day, each with its grid: the coarsest of TIME_STEPS every value's time sits on, from one
 * offset.
 */
export function findTimesOfDay(table: Table, names: readonly string[]): TimeOfDay[] {
  const taken = new Set(table.columns.map((c) => c.name));
  const found: TimeOfDay[] = [];
  for (const name of names) {
    const column = getColumn(table, name);
    if (column?.type !== 'datetime') continue;
    const present = column.values.filter((v) => !Number.isNaN(v));
    if (new Set(present.map(dayOf)).size < MIN_DAYS) continue;
    const times = present.map((v) => v - dayOf(v));
    if (times.every((t) => t === times[0])) continue;
    // Whole milliseconds only (step 0 else), on the grid a datetime's own is read with.
    const { step, phase } = datetimeGrid(times, TIME_STEPS);
    if (step === 0) continue;
    let time = `${name} (time of day)`;
    while (taken.has(time)) time += "'";
    taken.add(time);
    const range: [number, number] = [present.reduce((a, b) => Math.min(a, b)), present.reduce((a, b) => Math.max(a, b))];
    found.push({ column: name, time, step, phase, range, fill: commonest(times.map((t) => Math.round((t - phase) / step))) });
  }
  return found;
}

/** `table` with each such column as its day, followed by its time of day in steps. */
export function splitTimes(found: readonly TimeOfDay[], table: Table): Table {
  if (!found.length) return table;
  const byName = new Map(found.map((f) => [f.column, f]));
  const columns = table.columns.flatMap((c): Column[] => {
    const f = byName.get(c.name);
    if (!f || c.type !== 'datetime') return [c];
    const days = Float64Array.from(c.values, (v) => (Number.isNaN(v) ? v : dayOf(v)));
    const steps = Float64Array.from(c.values, (v) => (Number.isNaN(v) ? f.fill : Math.round((v - dayOf(v) - f.phase) / f.step)));
    return [{ ...c, values: days }, { type: 'integer', name: f.time, values: steps }];
  });
  return { rowCount: table.rowCount, columns };
}

/**
 * `body` with each day and time of day joined back into the timestamp (missing where the day is),
 * on its grid and within the data's range, the time column dropped; a timestamp `fixed` by a
 * condition is the instant asked for, whatever its grid or range.
 */
export function joinTimes(found: readonly TimeOfDay[], body: Table, fixed: Conditions = {}): Table {
  if (!found.length) return body;
  const times = new Set(found.map((f) => f.time));
  const columns = body.columns.flatMap((c): Column[] => {
    if (times.has(c.name)) return [];
    const f = found.find((x) => x.column === c.name);
    if (!f || c.type !== 'datetime') return [c];
    const asked = fixed[f.column];
    if (asked !== undefined) return [{ ...c, values: new Float64Array(body.rowCount).fill(typeof asked === 'number' ? asked : NaN) }];
    const steps = numbersOf(getColumn(body, f.time)!)!;
    const [first, last] = f.range;
    // The model's time may stray past midnight: it stays on the day drawn, on the grid.
    const lastStep = Math.floor((DAY - 1 - f.phase) / f.step);
    const values = Float64Array.from(c.values, (day, r) => {
      const step = Number.isNaN(steps[r]!) ? f.fill : steps[r]!;
      if (Number.isNaN(day)) return NaN;
      const at = dayOf(day) + f.phase + Math.min(Math.max(Math.round(step), 0), lastStep) * f.step;
      return Math.min(Math.max(at, first), last);
    });
    return [{ ...c, values }];
  });
  return { rowCount: body.rowCount, columns };
}

/** The most frequent of whole numbers, the smallest on a tie. */
function commonest(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v;
  return best;
}

/** A condition on such a column as conditions on its day and its time of day. */
export function splitCondition(f: TimeOfDay, ms: number): Record<string, number | null> {
  if (Number.isNaN(ms)) return { [f.column]: null };
  return { [f.column]: dayOf(ms), [f.time]: Math.round((ms - dayOf(ms) - f.phase) / f.step) };
}
