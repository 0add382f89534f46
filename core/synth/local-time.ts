/**
 * Calendar rules in a column's own time. A datetime is an instant (UTC milliseconds), but a column
 * written at `+02:00` has its weekdays, days of the month and times of day at `+02:00`: its local
 * midnights are 22:00 UTC the day before. The rules (weekdays.ts, month-days.ts, calendar-parts.ts,
 * time-of-day.ts) read a day and a time off the UTC clock, so they are run on the column's local
 * wall clock written as UTC — each value moved by its offset before, and back after. A column at
 * `+00:00` or `Z` (or with no offset) is not touched, so it samples the bytes it did.
 */
import { z } from 'zod';
import { UTC_OFFSET, keptOffsetMinutes } from '../table/utc-offset.js';
import type { Table } from '../table/model.js';
import { calendarPart, type CalendarPart } from '../table/calendar.js';
import type { ConditionValue, Conditions } from './synthesizer.js';

/** The offsets of the datetime columns a calendar rule reads, as the column keeps them (`+02:00`); only ones off UTC. */
export const LocalOffsets = z.record(z.string(), z.string().regex(UTC_OFFSET));
export type LocalOffsets = z.infer<typeof LocalOffsets>;

const MINUTE = 60_000;

/** The milliseconds `column`'s local clock runs ahead of UTC: 0 for a column off the list. */
const aheadOf = (offsets: LocalOffsets, column: string): number => keptOffsetMinutes(offsets[column]) * MINUTE;

/**
 * The datetime columns of `table` written at an offset off UTC, and that offset (the column's: the
 * commonest of a mixed one), where its clock is the column's calendar: on it the values fall on no
 * more weekdays and days of the month than on UTC's. A column mixing summer and winter time is kept at
 * one offset, and where that is the winter one, summer's local midnights read 23:00 the day before
 * on it — a Monday-to-Friday column would look like Sunday to Friday, looser than on UTC's clock.
 */
export function offsetsOf(table: Table): LocalOffsets {
  const out: Record<string, string> = {};
  for (const c of table.columns) {
    if (c.type !== 'datetime') continue;
    const ahead = keptOffsetMinutes(c.utcOffset) * MINUTE;
    if (ahead !== 0 && noLooserThanUtc(c.values, ahead)) out[c.name] = c.utcOffset!;
  }
  return out;
}

function noLooserThanUtc(values: Float64Array, ahead: number): boolean {
  const seen = (shift: number, part: CalendarPart) => new Set(Array.from(values, (v) => calendarPart(v + shift, part)).filter((p) => !Number.isNaN(p))).size;
  return (['day_of_week', 'day'] as const).every((part) => seen(ahead, part) <= seen(0, part));
}

/** Of `offsets`, those of the columns named: what a model keeps for the rules it found. */
export function offsetsFor(offsets: LocalOffsets, columns: Iterable<string>): LocalOffsets {
  return Object.fromEntries([...new Set(columns)].filter((c) => Object.hasOwn(offsets, c)).map((c) => [c, offsets[c]!]));
}

/** The instant `ms` of `column` on its local clock, written as UTC (a condition checked against a rule). */
export const localMs = (offsets: LocalOffsets, column: string, ms: number): number => ms + aheadOf(offsets, column);

/** The instant `column`'s local clock reads as `local` (a day split off a condition, handed to the model). */
export const instantMs = (offsets: LocalOffsets, column: string, local: number): number => local - aheadOf(offsets, column);

/** `table` with its datetime columns on their local clocks (`sign` 1), or back to instants (-1). */
export function shifted(offsets: LocalOffsets, table: Table, sign: 1 | -1): Table {
  if (!Object.keys(offsets).length) return table;
  return {
    rowCount: table.rowCount,
    columns: table.columns.map((c) => {
      const ahead = c.type === 'datetime' ? sign * aheadOf(offsets, c.name) : 0;
      return ahead === 0 || c.type !== 'datetime' ? c : { ...c, values: Float64Array.from(c.values, (v) => v + ahead) };
    }),
  };
}

/** `step` run on `table`'s local clocks, its datetime columns moved back to instants after. */
export function inLocalTime(offsets: LocalOffsets, table: Table, step: (local: Table) => Table): Table {
  return Object.keys(offsets).length ? shifted(offsets, step(shifted(offsets, table, 1)), -1) : step(table);
}

/** Columns `read` adds off `table`'s local clocks (a month off a date); the columns it read stay the instants they were. */
export function readInLocalTime(offsets: LocalOffsets, table: Table, read: (local: Table) => Table): Table {
  if (!Object.keys(offsets).length) return read(table);
  const original = new Map(table.columns.map((c) => [c.name, c]));
  const out = read(shifted(offsets, table, 1));
  return { rowCount: out.rowCount, columns: out.columns.map((c) => original.get(c.name) ?? c) };
}

/** Conditions on datetimes (instants) as their local clocks read them: what a step in local time is given. */
export function localConditions(offsets: LocalOffsets, conditions: Conditions): Conditions {
  if (!Object.keys(offsets).length) return conditions;
  return Object.fromEntries(Object.entries(conditions).map(([name, v]): [string, ConditionValue] => [name, typeof v === 'number' ? localMs(offsets, name, v) : v]));
}
