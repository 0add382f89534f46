/**
 * A condition's value as a problem quotes it. A date condition reaches a generator as epoch
 * milliseconds (core/generation/conditions.ts parses it in the column's format); quoted so, nobody
 * would recognise their own date, so it is written back as its column writes dates, or in ISO 8601
 * when that format is unknown.
 */
import { DATETIME_FORMATS, formatDatetime } from '../table/datetime.js';
import type { ColumnShape } from './copula.js';
import type { ConditionValue, Conditions, DateFormats } from './synthesizer.js';

/** Largest |ms| a JavaScript Date holds: past it there is no ISO 8601 spelling. */
const DATE_MS_MAX = 8.64e15;

/** The datetime columns among `shapes`, with their formats. */
export const dateFormatsOf = (shapes: Iterable<ColumnShape>): DateFormats =>
  new Map([...shapes].filter((s) => s.type === 'datetime').map((s) => [s.name, { format: s.format, utcOffset: s.utcOffset }] as const));

/** `v` as JSON, or, for a number on a datetime column in `dates`, the date it is in that column's spelling, quoted. */
export function conditionText(name: string, v: ConditionValue, dates?: DateFormats): string {
  if (typeof v !== 'number' || !dates?.has(name) || !(Math.abs(v) <= DATE_MS_MAX)) return JSON.stringify(v);
  const spelling = dates.get(name);
  const format = DATETIME_FORMATS.find((f) => f.name === spelling?.format);
  return JSON.stringify(format ? formatDatetime(format, v, spelling?.utcOffset) : new Date(v).toISOString());
}

/** `a = "x", d = "2021-03-15"`: every condition, in the order given. */
export const describeConditions = (conditions: Conditions, dates?: DateFormats) =>
  Object.entries(conditions)
    .map(([k, v]) => `${k} = ${conditionText(k, v, dates)}`)
    .join(', ');
