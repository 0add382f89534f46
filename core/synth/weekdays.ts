/**
 * Dates that fall on some days of the week only: trading days, a shop shut on Sundays, a weekly
 * series. A model of the date's values spreads them over every day, so a stock table gains
 * Saturdays. Found in the data, such a date is drawn as modelled, and one drawn on another day is
 * moved to one of its weekdays nearby, keeping its time of day.
 */
import { z } from 'zod';
import { getColumn, numbersOf, type Table } from '../table/model.js';
import type { Rng } from '../random.js';
import { movedDates } from './moved-dates.js';
import { DAY_MS as DAY } from '../table/calendar.js';

export const Weekdays = z.object({
  /** The datetime column. */
  column: z.string(),
  /** The days it falls on, Sunday 0 … Saturday 6, ascending: never all seven. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(6),
  /** The share of the column's dates on each of those days, in their order: a moved date lands on one by them. */
  shares: z.array(z.number().positive()),
}).refine((w) => w.shares.length === w.days.length, { message: 'one share per day' });
export type Weekdays = z.infer<typeof Weekdays>;

/** Distinct days a date must hold: on fewer, a missing weekday may be chance ((6/7)^50 < 0.001). */
const MIN_DAYS = 50;
const NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Sunday 0 … Saturday 6 of a day counted from the epoch (a Thursday). */
const weekdayOfDay = (day: number) => (((day + 4) % 7) + 7) % 7;

/** The weekday of the instant `ms`, read as UTC like every datetime here; NaN for a missing one. */
export const weekdayOf = (ms: number): number => (Number.isNaN(ms) ? NaN : weekdayOfDay(Math.floor(ms / DAY)));

/** The datetime columns among `names` whose values, over at least MIN_DAYS distinct days, never fall on some weekday. */
export function findWeekdays(table: Table, names: readonly string[]): Weekdays[] {
  const found: Weekdays[] = [];
  for (const name of names) {
    const column = getColumn(table, name);
    if (column?.type !== 'datetime') continue;
    const days = new Set<number>();
    const counts = new Array<number>(7).fill(0);
    for (const ms of numbersOf(column)!) {
      if (Number.isNaN(ms)) continue;
      days.add(Math.floor(ms / DAY));
      counts[weekdayOf(ms)]!++;
    }
    if (days.size < MIN_DAYS || counts.every((n) => n > 0)) continue;
    const present = counts.reduce((a, b) => a + b, 0);
    const on = [0, 1, 2, 3, 4, 5, 6].filter((d) => counts[d]! > 0);
    found.push({ column: name, days: on, shares: on.map((d) => counts[d]! / present) });
  }
  return found;
}

/**
 * `body` with each date on a day it does not fall on moved to one it does within three days either
 * way (each weekday once), picked by a uniform drawn per row and weighted by the data's share of
 * that weekday; its time of day kept. A date already on one of its days stays: the model's own
 * mix of them (discrete dates, Mondays heavy with trades) is the data's.
 */
export function withWeekdays(found: readonly Weekdays[], body: Table, rng: Rng): Table {
  if (!found.length) return body;
  const u = Float64Array.from({ length: body.rowCount }, () => rng.uniform());
  return moved(found, body, (w, day, r) => {
    let total = 0;
    for (let k = -3; k <= 3; k++) total += shareOf(w, day + k);
    let left = u[r]! * total;
    let pick = day;
    for (let k = -3; k <= 3 && left >= 0; k++) {
      const share = shareOf(w, day + k);
      if (share === 0) continue;
      pick = day + k;
      left -= share;
    }
    return pick;
  });
}

/**
 * `body` with each date on a day it does not fall on moved forward to the next it does: for a
 * column set above others (an end after its start), which moving back could put below them.
 */
export function forwardToWeekdays(found: readonly Weekdays[], body: Table): Table {
  return moved(found, body, (w, day) => {
    let next = day;
    while (!w.days.includes(weekdayOfDay(next))) next++;
    return next;
  });
}

/** The data's share of the weekday of `day` among the column's days: 0 for one it never falls on. */
function shareOf(w: Weekdays, day: number): number {
  const i = w.days.indexOf(weekdayOfDay(day));
  return i < 0 ? 0 : w.shares[i]!;
}

/** `move` from a date's day to another, applied to the dates on a day not allowed (their time of day kept). */
function moved(found: readonly Weekdays[], body: Table, move: (w: Weekdays, day: number, row: number) => number): Table {
  return movedDates(found, body, (w, ms, r) => {
    const day = Math.floor(ms / DAY);
    return w.days.includes(weekdayOfDay(day)) ? ms : ms + (move(w, day, r) - day) * DAY;
  });
}

/** Whether the instant `ms` falls on one of the weekdays: a condition on the date must. */
export const onWeekdays = (w: Weekdays, ms: number): boolean => Number.isNaN(ms) || w.days.includes(weekdayOf(ms));

/** The days a date falls on, by name. */
export const weekdayNames = (w: Weekdays): string[] => w.days.map((d) => NAMES[d]!);

/** `on Monday, Tuesday, Wednesday, Thursday and Friday only`, as a refusal says it. */
export function weekdaysExpression(w: Weekdays): string {
  const names = weekdayNames(w);
  return `on ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]} only`;
}
