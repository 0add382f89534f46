/**
 * Dates on one day of the month: monthly series dated the 1st (or the 15th, or each month's last
 * day), quarterly ones, yearly ones dated the 1st of January. A model of the date's values draws
 * any day, so an employment series gains a 17 March. Found in the data, such a date is drawn as
 * modelled and moved to the nearest date of its kind (its day, in one of its months), keeping its
 * time of day.
 */
import { z } from 'zod';
import { getColumn, type Table } from '../table/model.js';
import { movedDates } from './moved-dates.js';
import { DAY_MS as DAY } from '../table/calendar.js';

export const MonthDays = z.object({
  /** The datetime column. */
  column: z.string(),
  /** The day of the month it falls on, 1 to 28, or 0 for each month's last day. */
  day: z.number().int().min(0).max(28),
  /** The months it falls in, 1 to 12, ascending: all twelve for a monthly series, four for a quarterly one. */
  months: z.array(z.number().int().min(1).max(12)).min(1).max(12),
});
export type MonthDays = z.infer<typeof MonthDays>;

/** Distinct days a column must hold: six on one day of the month by chance has odds below 1 in 20 million. */
const MIN_DATES = 6;
/** Years a column must span before months it never falls in are read as a rule (a quarterly series), not as its range. */
const MIN_YEARS_FOR_MONTHS = 2;

interface Parts {
  readonly year: number;
  /** 0 to 11. */
  readonly month: number;
  readonly date: number;
  /** Milliseconds into the day. */
  readonly time: number;
}

const partsOf = (ms: number): Parts => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate(), time: ms - Math.floor(ms / DAY) * DAY };
};
/** setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999. Day 0 of a month is the last of the one before. */
const midnight = (year: number, month: number, date: number) => new Date(0).setUTCFullYear(year, month, date);
const lastDate = (year: number, month: number) => new Date(midnight(year, month + 1, 0)).getUTCDate();
/** The instant of `day` (0: the last) of a month counted from year 0, at `time` into the day. */
function instant(monthIndex: number, day: number, time: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - 12 * year;
  return (day === 0 ? midnight(year, month + 1, 0) : midnight(year, month, day)) + time;
}

/**
 * The datetime columns among `names` whose every value is on one day of the month (or every
 * month's last), in the months they use when those are a cycle over years. Read over the distinct
 * days, and left at the first that breaks both rules: a daily column costs one pass to count them.
 */
export function findMonthDays(table: Table, names: readonly string[]): MonthDays[] {
  const found: MonthDays[] = [];
  for (const name of names) {
    const column = getColumn(table, name);
    if (column?.type !== 'datetime') continue;
    const days = new Set<number>();
    for (const ms of column.values) if (!Number.isNaN(ms)) days.add(Math.floor(ms / DAY));
    if (days.size < MIN_DATES) continue;
    let date: number | undefined;
    let [sameDate, monthEnds] = [true, true];
    let [first, last] = [Infinity, -Infinity];
    const seen = new Set<number>();
    for (const day of days) {
      const d = new Date(day * DAY);
      date ??= d.getUTCDate();
      sameDate &&= d.getUTCDate() === date;
      monthEnds &&= new Date((day + 1) * DAY).getUTCDate() === 1;
      if (!sameDate && !monthEnds) break;
      seen.add(d.getUTCMonth() + 1);
      [first, last] = [Math.min(first, day), Math.max(last, day)];
    }
    const rule = monthEnds ? 0 : sameDate && date! <= 28 ? date! : undefined;
    if (rule === undefined) continue;
    const years = (last - first) / 365.25;
    found.push({ column: name, day: rule, months: (years >= MIN_YEARS_FOR_MONTHS && cycleOf(seen)) || ALL_MONTHS });
  }
  return found;
}

const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * The months seen when they are every p-th month of the year, all of them (quarter ends, half
 * years, one month a year); undefined else: months a few dates happen to miss are no rule.
 */
function cycleOf(seen: ReadonlySet<number>): number[] | undefined {
  for (const period of [12, 6, 4, 3, 2]) {
    const first = Math.min(...seen);
    const cycle = ALL_MONTHS.filter((m) => (m - first) % period === 0);
    if (cycle.length === seen.size && cycle.every((m) => seen.has(m))) return cycle;
  }
  return undefined;
}

/** The dates of its kind nearest `ms` below and above (at its time of day), or `ms` itself when it is one; searched outward from its month. */
function neighbours(rule: MonthDays, ms: number): [number, number] {
  const p = partsOf(ms);
  const here = 12 * p.year + p.month;
  const allowed = (index: number) => rule.months.includes((((index % 12) + 12) % 12) + 1);
  const at = (index: number) => instant(index, rule.day, p.time);
  let below = -Infinity;
  for (let k = 0; k >= -13 && below === -Infinity; k--) if (allowed(here + k) && at(here + k) <= ms) below = at(here + k);
  let above = Infinity;
  for (let k = 0; k <= 13 && above === Infinity; k++) if (allowed(here + k) && at(here + k) >= ms) above = at(here + k);
  return [below, above];
}

/** `body` with each date moved to the nearest date of its kind (the earlier on a tie), its time of day kept. */
export function withMonthDays(found: readonly MonthDays[], body: Table): Table {
  return movedDates(found, body, (rule, ms) => {
    const [below, above] = neighbours(rule, ms);
    return ms - below <= above - ms ? below : above;
  });
}

/** `body` with each date moved forward to the next date of its kind: for a column set above others, which moving back could put below them. */
export function forwardToMonthDays(found: readonly MonthDays[], body: Table): Table {
  return movedDates(found, body, (rule, ms) => neighbours(rule, ms)[1]);
}

/** Whether the instant `ms` is a date of its kind: a condition on the date must be. */
export function onMonthDays(rule: MonthDays, ms: number): boolean {
  if (Number.isNaN(ms)) return true;
  const p = partsOf(ms);
  return rule.months.includes(p.month + 1) && p.date === (rule.day === 0 ? lastDate(p.year, p.month) : rule.day);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `on the 1st of the month`, `on the last day of March, June, September and December`, as a record and a refusal say it. */
export function monthDaysExpression(rule: MonthDays): string {
  const day = rule.day === 0 ? 'the last day' : `the ${rule.day}${ordinal(rule.day)}`;
  if (rule.months.length === 12) return `on ${day} of the month`;
  const names = rule.months.map((m) => MONTHS[m - 1]!);
  return `on ${day} of ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]}`;
}

const ordinal = (n: number) => (n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th');
