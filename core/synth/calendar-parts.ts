/**
 * Columns that are a calendar part of a date on every row: its year, month or day of the week, as
 * a number or a name (`order_month`, `weekday`; a feature step's `date_month`). A model that draws
 * them beside the date pairs a March date with month 7. Found in the data, such a column is left
 * out of the model and read off the sampled date.
 */
import { z } from 'zod';
import { allRows, screenRows } from './screen.js';
import { getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { CALENDAR_PARTS, PART_VALUES, calendarPart, type CalendarPart } from '../table/calendar.js';
import { ColumnShape, fromLevels, levelsOf, shapeOf } from './copula.js';
import { LookupLevel } from './lookups.js';

export const DatePart = z.object({
  /** The column computed. */
  column: z.string(),
  /** The datetime column it is a part of. */
  from: z.string(),
  part: z.enum(CALENDAR_PARTS),
  /** For a column of names: the name of each value the part takes (all of them). Absent for a column of the numbers themselves. */
  names: z.array(z.tuple([z.number(), LookupLevel])).optional(),
  shape: ColumnShape,
});
export type DatePart = z.infer<typeof DatePart>;

/** Rows a column must hold: on a handful of rows a number may match some part by chance. */
const MIN_ROWS = 20;
/** Distinct values a column must hold: fewer (a year, when the data spans one) say too little. */
const MIN_DISTINCT = 2;
/** Levels a column of names may have: a month's twelve, at most. */
const MAX_NAMES = 12;

/**
 * The columns among `names` that are one part of a date among `dates` on every row (missing
 * exactly where it is): integers equal to the part, or levels naming each of its values one to one
 * (a column of month names holding all twelve). The first date and the first part that fit win.
 * Columns in `modelled` are never computed.
 */
export function findDateParts(table: Table, names: readonly string[], dates: readonly string[], modelled: ReadonlySet<string> = new Set()): DatePart[] {
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
    const match = sources.flatMap((date) => {
      const ms = numbersOf(date)!;
      return CALENDAR_PARTS.flatMap((part) => {
        const fit = partFit(column, levels, ms, part, screen);
        return fit && partFit(column, levels, ms, part, all) ? [{ from: date.name, part, ...fit }] : [];
      });
    })[0];
    if (match) found.push({ column: name, ...match, shape: shapeOf(column) });
  }
  return found;
}

/** `body` with each part column added, read off its date. */
export function withDateParts(parts: readonly DatePart[], body: Table): Table {
  if (!parts.length) return body;
  return { rowCount: body.rowCount, columns: [...body.columns, ...parts.map((p) => partColumn(p, numbersOf(getColumn(body, p.from)!)!))] };
}

/** `month of order_date`, as a model record shows it. */
export const datePartExpression = (p: DatePart): string => `${p.part.replaceAll('_', ' ')}${p.names ? ' (as a name)' : ''} of ${p.from}`;

function partColumn(p: DatePart, ms: Float64Array): Column {
  const parts = Float64Array.from(ms, (v) => calendarPart(v, p.part));
  if (!p.names) return fromLevels(p.shape, Array.from(parts, (v) => (Number.isNaN(v) ? null : v)));
  const names = new Map(p.names);
  return fromLevels(p.shape, Array.from(parts, (v) => (Number.isNaN(v) ? null : (names.get(v) ?? null))));
}

/**
 * Whether, over `rows`, the column is the part of the date (or names it one to one), missing
 * exactly where the date is; for names, which name each value has. Undefined when it is not.
 */
function partFit(column: Column, levels: readonly LookupLevel[], ms: Float64Array, part: CalendarPart, rows: Int32Array): { names?: [number, LookupLevel][] } | undefined {
  const numeric = column.type === 'integer' || column.type === 'float';
  const nameOf = new Map<number, LookupLevel>();
  const partOf = new Map<LookupLevel, number>();
  for (const r of rows) {
    const [level, value] = [levels[r]!, calendarPart(ms[r]!, part)];
    if (level === null || Number.isNaN(value)) {
      if ((level === null) !== Number.isNaN(value)) return undefined;
      continue;
    }
    if (numeric) {
      if (level !== value) return undefined;
      continue;
    }
    if ((nameOf.get(value) ?? level) !== level || (partOf.get(level) ?? value) !== value) return undefined;
    nameOf.set(value, level);
    partOf.set(level, value);
  }
  if (numeric) return {};
  // Names must cover every value the part takes, so any sampled date has one; on the screen some may be unseen.
  const values = PART_VALUES[part];
  if (values === undefined || nameOf.size > MAX_NAMES || (rows.length === levels.length && nameOf.size !== values)) return undefined;
  return { names: [...nameOf].sort((a, b) => a[0] - b[0]) };
}
