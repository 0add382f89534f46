/**
 * Condition values as people write them. The API keeps a date condition as epoch milliseconds
 * (core/generation/conditions.ts); shown so, nobody recognises their own date. A number on a datetime
 * column is written as the column writes dates — by the API's own formatter (core/table/datetime.ts,
 * pure, bundled into the app), at its UTC offset — so the text also reads
 * back as a condition; a format this does not know gets ISO 8601.
 */
import { DATETIME_FORMATS, formatDatetime } from '../../core/table/datetime.js';
import { keptOffsetMinutes, writtenOffset } from '../../core/table/utc-offset.js';
import type { ColumnInfo } from './api.js';

/** What a condition's text needs of a column. */
export type DateSpelling = Pick<ColumnInfo, 'name' | 'type' | 'format' | 'utc_offset'>;

/** Largest |ms| a JavaScript Date holds. */
const DATE_MS_MAX = 8.64e15;

/** `ms` in a known format name, as the API writes it; undefined for a format this does not know. */
function inFormat(ms: number, format: string, utcOffset: string | undefined): string | undefined {
  const known = DATETIME_FORMATS.find((f) => f.name === format);
  return known ? formatDatetime(known, ms, utcOffset) : undefined;
}

/** ISO 8601 at the column's offset: the date alone for a midnight UTC when the format (if any) has no time of day. */
function iso(ms: number, format: string | undefined, utcOffset: string | undefined): string {
  const minutes = keptOffsetMinutes(utcOffset);
  const text = new Date(ms + minutes * 60_000).toISOString();
  if (minutes === 0 && text.endsWith('T00:00:00.000Z') && !/[Hhms]/.test(format ?? '')) return text.slice(0, 10);
  const zone = minutes === 0 ? 'Z' : writtenOffset('xxx', utcOffset).text;
  return `${text.slice(0, 19)}${text.endsWith('.000Z') ? '' : text.slice(19, 23)}${zone}`;
}

/** A date (epoch ms) as `column` writes it. */
export function dateText(ms: number, column: Pick<DateSpelling, 'format' | 'utc_offset'>): string {
  return (column.format !== undefined ? inFormat(ms, column.format, column.utc_offset) : undefined) ?? iso(ms, column.format, column.utc_offset);
}

/** A condition's value for the page: a number on a datetime column as its date (text); anything else as it is. */
export function shownConditionValue(name: string, value: unknown, columns: readonly DateSpelling[]): unknown {
  const column = columns.find((c) => c.name === name);
  return typeof value === 'number' && column?.type === 'datetime' && Math.abs(value) <= DATE_MS_MAX ? dateText(value, column) : value;
}

/**
 * Conditions as the page shows them, dates as their columns write them. Built with fromEntries, so a
 * column named like an Object.prototype member (`__proto__`) stays a key of its own.
 */
export const shownConditions = (conditions: Readonly<Record<string, unknown>>, columns: readonly DateSpelling[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(conditions).map(([name, value]) => [name, shownConditionValue(name, value, columns)]));

/**
 * `species=Adelie, d=2024-03-05`: conditions as typed into a conditions input (views/conditions-field.ts
 * parseConditions). A null (a missing value) has no spelling there, so it is left out.
 */
export const conditionsInput = (conditions: Readonly<Record<string, unknown>>, columns: readonly DateSpelling[]) =>
  Object.entries(conditions)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${name}=${String(shownConditionValue(name, value, columns))}`)
    .join(', ');
