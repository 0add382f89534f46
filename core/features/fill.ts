/**
 * What an impute step fills a column with: the value as the column holds it, or a 422 when the
 * column cannot hold it. A fill is written into the column's own type, so it must be one of the
 * values that type can spell: a boolean's own two spellings, a datetime in the column's format.
 */
import { datetimeFormat, formatDatetime, parseDatetime } from '../table/datetime.js';
import { keptOffsetMinutes } from '../table/utc-offset.js';
import { MISSING_CODE, type Column, type DatetimeColumn } from '../table/model.js';
import { unprocessable } from '../errors.js';

export type FillValue = number | string | boolean;

/** An instant to show a format by: 5 March 2024, 14:30 (day and month told apart), as conditions do. */
const EXAMPLE_INSTANT = Date.UTC(2024, 2, 5, 14, 30, 0);

/**
 * `value` as column `c` stores it: a number for numbers and datetimes, a label otherwise. `given`
 * is a value from a request's steps, where a bare number for a datetime is refused (it would be
 * read as epoch milliseconds: 5 is 1970-01-01); a recorded one (a pipeline's fitted mean, median or
 * mode) is epoch milliseconds, as fitting writes it.
 */
export function fillFor(c: Column, value: FillValue, given: boolean): number | string {
  const refuse = (why: string) => unprocessable(`Impute ${c.name}: ${JSON.stringify(value)} ${why}.`, { column: c.name });
  switch (c.type) {
    case 'integer':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse(`is not a number, and ${c.name} is ${c.type}`);
      if (c.type === 'integer' && !Number.isInteger(value)) throw refuse(`is not a whole number, and ${c.name} is integer`);
      return value;
    case 'datetime': {
      const format = datetimeFormat(c.format);
      if (typeof value === 'number' && !given) return spelledInstant(c, value);
      // Text is a date in this column's format: as a request gives it, and as pipelines recorded a constant before it was recorded as an instant.
      const ms = typeof value === 'string' ? parseDatetime(format, value) : NaN;
      if (Number.isFinite(ms)) return ms;
      throw refuse(`is not a date of ${c.name}: write it in the column's format, ${format.name} (e.g. ${JSON.stringify(formatDatetime(format, EXAMPLE_INSTANT, c.utcOffset))})`);
    }
    case 'boolean': {
      // JSON true/false mean the column's own spelling of them (categories are [false, true]).
      const label = typeof value === 'boolean' ? c.categories[value ? 1 : 0] : c.categories.find((l) => l === String(value));
      if (label !== undefined) return label;
      throw refuse(`is not a value of boolean ${c.name}: give one of its spellings, ${c.categories.map((l) => JSON.stringify(l)).join(' or ')}, or JSON true or false`);
    }
    default:
      return String(value);
  }
}

/** Less than this apart, a written instant is the recorded one: a microsecond format rounds a fill to its microsecond. */
const SAME_INSTANT_MS = 0.001;

/**
 * A recorded fill (epoch ms) of datetime column `c`, when its format writes that instant: a pipeline
 * fitted on a file whose dates have times, applied to one of dates only, would otherwise write
 * another date than it holds (a 422 instead, naming what it would write).
 */
function spelledInstant(c: DatetimeColumn, ms: number): number {
  const format = datetimeFormat(c.format);
  const written = Number.isFinite(ms) ? formatDatetime(format, ms, c.utcOffset) : '';
  if (Math.abs(parseDatetime(format, written) - ms) < SAME_INSTANT_MS) return ms;
  const instant = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
  throw unprocessable(
    `Impute ${c.name}: the recorded fill ${instant} is not an instant ${c.name}'s format, ${format.name}, can write${written ? `: it would be written ${JSON.stringify(written)}, another instant` : ''}. Fit the step on this file instead.`,
    { column: c.name },
  );
}

/**
 * `c` with its missing values set to the recorded fill `value` (fillFor: a 422 when the column
 * cannot hold it). Numbers keep their decimals: a mean of 3.25 is written 3.3 in a 1-decimal
 * column, as its own values are; the exact fill stays in the pipeline and in the values later
 * steps see. A categorical gains the fill as a category when it is a new one.
 */
export function fillColumn(c: Column, value: FillValue): Column {
  const fill = fillFor(c, value, false);
  switch (c.type) {
    case 'integer':
    case 'float':
    case 'datetime':
      return { ...c, values: Float64Array.from(c.values, (v) => (v === v ? v : Number(fill))) };
    case 'categorical':
    case 'boolean': {
      const label = String(fill);
      const categories = c.categories.includes(label) ? c.categories : [...c.categories, label];
      const code = categories.indexOf(label);
      return { ...c, categories, codes: Int32Array.from(c.codes, (k) => (k === MISSING_CODE ? code : k)) };
    }
    default:
      return { ...c, values: c.values.map((v) => v ?? String(fill)) };
  }
}

/** Wall-clock steps a datetime column's values may all sit on, coarsest first: a day, an hour, a minute, a second, a millisecond. */
const GRID_MS = [86_400_000, 3_600_000, 60_000, 1000, 1];

/**
 * `ms` moved to the nearest instant on the coarsest step every present value of `c` sits on (on
 * the column's clock): the mean of a daily series is a day, not 22:35 on one, which would make the
 * column read as hourly. Values on no whole millisecond leave it as it is.
 */
export function onGrid(c: DatetimeColumn, ms: number): number {
  const ahead = keptOffsetMinutes(c.utcOffset) * 60_000;
  const step = GRID_MS.find((unit) => c.values.every((v) => v !== v || (v + ahead) % unit === 0));
  return step === undefined ? ms : Math.round((ms + ahead) / step) * step - ahead;
}
