/**
 * Columns that are a calendar part of a date on every row, or a function of one: its year, month
 * or day of the week as a number or a name (`order_month`, `weekday`; a feature step's
 * `date_month`), a half year, a weekend flag. A model that draws them beside the date pairs a
 * March date with month 7. Found in the data, such a column is left out of the model and read off
 * the sampled date.
 */
import { z } from 'zod';
import { allRows, screenRows } from './screen.js';
import { getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { CALENDAR_PARTS, PART_VALUES, calendarPart, isPartValue, type CalendarPart } from '../table/calendar.js';
import { ColumnShape, fromLevels, levelsOf, shapeOf } from './copula.js';
import { LookupLevel, levelLike } from './lookups.js';
import type { Weekdays } from './weekdays.js';
import type { Conditions, DateFormats } from './synthesizer.js';
import { localMs, offsetsOf, shifted } from './local-time.js';
import { unprocessable } from '../errors.js';
import { conditionText } from './condition-text.js';

export const DatePart = z.object({
  /** The column computed. */
  column: z.string(),
  /** The datetime column it is a part of. */
  from: z.string(),
  part: z.enum(CALENDAR_PARTS),
  /** The column's level for each value the part takes (all of them): names, a half year, a flag. Absent for the numbers themselves. */
  names: z.array(z.tuple([z.number(), LookupLevel])).optional(),
  shape: ColumnShape,
});
export type DatePart = z.infer<typeof DatePart>;

/** Rows a column must hold: on a handful of rows a number may match some part by chance. */
const MIN_ROWS = 20;
/** Distinct values a column must hold: fewer (a year, when the data spans one) say too little. */
const MIN_DISTINCT = 2;
/** Levels a function of a part may have: a month's twelve names, at most. */
const MAX_NAMES = 12;
/** Rows per value of the part a function of it needs, on average: on fewer, a flag agrees with some hour by chance. */
const ROWS_PER_VALUE = 5;

/**
 * The columns among `names` that are one part of a date among `dates` on every row (missing
 * exactly where it is), or a function of one: numbers equal to the part, or levels that each value
 * of the part has one of (month names, a half year, a weekend flag), every value seen. The first
 * date that fits wins; a column equal to two parts of it (an ISO weekday and a Sunday-0 one, on
 * data without Sundays) is ambiguous and stays modelled, unless the date is drawn on the weekdays
 * the data holds (`weekdays`): the parts then agree on every day it can take, and that date's
 * weekday names need only have seen those days. Columns in `modelled` are never computed.
 */
export function findDateParts(table: Table, names: readonly string[], dates: readonly string[], modelled: ReadonlySet<string> = new Set(), weekdays: readonly Weekdays[] = []): DatePart[] {
  const sources = dates.map((name) => getColumn(table, name)!).filter((c) => c.type === 'datetime');
  if (!sources.length) return [];
  const [screen, all] = [screenRows(table.rowCount), allRows(table.rowCount)];
  const found: DatePart[] = [];
  for (const name of names) {
    const column = getColumn(table, name)!;
    if (modelled.has(name) || column.type === 'datetime' || dates.includes(name)) continue;
    const levels = levelsOf(column);
    const present = levels.filter((l) => l !== null);
    const distinct = new Set(present).size;
    const numeric = column.type === 'integer' || column.type === 'float';
    if (present.length < MIN_ROWS || distinct < MIN_DISTINCT || (!numeric && distinct > MAX_NAMES)) continue;
    for (const date of sources) {
      const ms = numbersOf(date)!;
      const days = weekdays.find((w) => w.column === date.name)?.days.length;
      const fits = CALENDAR_PARTS.flatMap((part) => {
        const values = days !== undefined && WEEKDAY_PARTS.has(part) ? days : PART_VALUES[part];
        const fit = partFit(column, levels, ms, part, values, screen);
        return fit && partFit(column, levels, ms, part, values, all) ? [{ from: date.name, part, ...fit }] : [];
      });
      const equal = fits.filter((f) => !f.names);
      const unambiguous = equal.length === 1 || (days !== undefined && equal.every((f) => WEEKDAY_PARTS.has(f.part)));
      // The part itself when it is one; else the first part it is a function of (a half year of the month and of the quarter alike).
      // (Of weekdays alike on the days drawn, the ISO one: Monday to Friday are 1 to 5 in it and in the Sunday-0 count.)
      const match = equal.length ? (unambiguous ? (equal.find((f) => f.part === 'iso_day_of_week') ?? equal[0]) : undefined) : fits[0];
      if (fits.length) {
        if (match) found.push({ column: name, ...match, shape: shapeOf(column) });
        break;
      }
    }
  }
  return found;
}

/** `body` with each part column added, read off its date. */
export function withDateParts(parts: readonly DatePart[], body: Table): Table {
  if (!parts.length) return body;
  return { rowCount: body.rowCount, columns: [...body.columns, ...parts.map((p) => partColumn(p, numbersOf(getColumn(body, p.from)!)!))] };
}

/** `month of order_date`, as a model record shows it. */
export const datePartExpression = (p: DatePart): string => `${p.names ? 'a function of the ' : ''}${p.part.replaceAll('_', ' ')} of ${p.from}`;

function partColumn(p: DatePart, ms: Float64Array): Column {
  const parts = Float64Array.from(ms, (v) => calendarPart(v, p.part));
  if (!p.names) return fromLevels(p.shape, Array.from(parts, (v) => (Number.isNaN(v) ? null : v)));
  const names = new Map(p.names);
  return fromLevels(p.shape, Array.from(parts, (v) => (Number.isNaN(v) ? null : (names.get(v) ?? null))));
}

const WEEKDAY_PARTS: ReadonlySet<CalendarPart> = new Set(['day_of_week', 'day_of_week_sunday_0', 'day_of_week_sunday_1', 'iso_day_of_week']);

/**
 * Whether, over `rows`, the column is the part of the date (numbers equal to it: `{}`), or a
 * function of it (`names`: each value's level), missing exactly where the date is. A function must
 * have seen every one of the `values` the part takes, so any sampled date has a level; on the
 * screen some may be unseen. Undefined when it is neither.
 */
function partFit(column: Column, levels: readonly LookupLevel[], ms: Float64Array, part: CalendarPart, values: number | undefined, rows: Int32Array): { names?: [number, LookupLevel][] } | undefined {
  let equal = column.type === 'integer' || column.type === 'float';
  const levelOf = new Map<number, LookupLevel>();
  let present = 0;
  for (const r of rows) {
    const [level, value] = [levels[r]!, calendarPart(ms[r]!, part)];
    if (level === null || Number.isNaN(value)) {
      if ((level === null) !== Number.isNaN(value)) return undefined;
      continue;
    }
    present++;
    equal &&= level === value;
    if ((levelOf.get(value) ?? level) !== level) return undefined;
    levelOf.set(value, level);
  }
  if (equal) return {};
  const everyRow = rows.length === levels.length;
  if (values === undefined || new Set(levelOf.values()).size > MAX_NAMES || (everyRow && (levelOf.size !== values || present < ROWS_PER_VALUE * values))) return undefined;
  return { names: [...levelOf].sort((a, b) => a[0] - b[0]) };
}

/**
 * What a condition on a date part asks of its date: a part value the condition's level goes with
 * (March, for `month = 3` or `month_name = Mar`); undefined for a level no value of the part has.
 */
export function partTest(p: DatePart, raw: string | number | boolean): ((ms: number) => boolean) | undefined {
  let values: number[];
  if (p.names) {
    const wanted = levelLike(raw, p.names.map(([, level]) => level));
    values = p.names.filter(([, level]) => level === wanted).map(([value]) => value);
  } else values = [typeof raw === 'boolean' || raw === '' ? NaN : Number(raw)];
  if (!values.length || !values.every((v) => isPartValue(p.part, v))) return undefined;
  const wanted = new Set(values);
  return (ms) => wanted.has(calendarPart(ms, p.part));
}

/** The conditions fixing a date, and the others fixing a value: a part of such a date may contradict it. */
function datedConditions(conditions: Conditions, typeOf: (name: string) => string | undefined): { dates: string[]; others: string[] } {
  const named = Object.keys(conditions).filter((name) => typeOf(name) !== undefined);
  const dates = named.filter((name) => typeOf(name) === 'datetime' && typeof conditions[name] === 'number');
  return { dates, others: named.filter((name) => !dates.includes(name) && conditions[name] !== null) };
}

/** Whether checkDatePartConditions has anything to judge (else the source need not be read for it). */
export const mayContradictDateParts = (conditions: Conditions, typeOf: (name: string) => string | undefined): boolean => {
  const { dates, others } = datedConditions(conditions, typeOf);
  return dates.length > 0 && others.length > 0;
};

/**
 * A 422 for conditions on a date and on a calendar part of it that the data pairs otherwise
 * (`d = 2023-03-15` with `month = 7`, where month is the month of d on every row), judged on the
 * source table when the request arrives. A model fitted around the conditions keeps both columns
 * as asked (rows the data forbids); a stored one reading the part off the date meets neither and
 * fails its job. Date conditions are epoch ms, as validateConditions gives them.
 */
export function checkDatePartConditions(table: Table, conditions: Conditions): void {
  const { dates, others } = datedConditions(conditions, (name) => getColumn(table, name)?.type);
  if (!dates.length || !others.length) return;
  const judged = new Set([...dates, ...others]);
  const asked = { rowCount: table.rowCount, columns: table.columns.filter((c) => judged.has(c.name)) };
  // Parts are read on each date's local clock, as the model finds and computes them.
  const offsets = offsetsOf(asked);
  const formats: DateFormats = new Map(asked.columns.flatMap((c) => (c.type === 'datetime' ? [[c.name, { format: c.format, utcOffset: c.utcOffset }] as const] : [])));
  for (const p of findDateParts(shifted(offsets, asked, 1), others, dates)) {
    const [value, date] = [conditions[p.column]!, conditions[p.from] as number];
    const test = partTest(p, value);
    if (test?.(localMs(offsets, p.from, date))) continue;
    throw unprocessable(
      `Conditions ${p.from} = ${conditionText(p.from, date, formats)} and ${p.column} = ${JSON.stringify(value)} contradict each other: ${p.column} is ${p.names ? '' : 'the '}${datePartExpression(p)} on every row of the data. Condition on one of them, or on values that agree.`,
      { columns: [p.from, p.column] },
    );
  }
}
