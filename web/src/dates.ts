/**
 * Condition values as people write them. The API keeps a date condition as epoch milliseconds
 * (core/generation/conditions.ts); shown so, nobody recognises their own date. A number on a datetime
 * column is written as the column writes dates — its format's tokens (api.ts DATETIME_FORMAT_NAMES,
 * rendered as core/table/datetime.ts formatDatetime does), at its UTC offset — so the text also reads
 * back as a condition; a format this does not know gets ISO 8601.
 */
import { DATETIME_FORMAT_NAMES, type ColumnInfo } from './api.js';

/** What a condition's text needs of a column. */
export type DateSpelling = Pick<ColumnInfo, 'name' | 'type' | 'format' | 'utc_offset'>;

/** Largest |ms| a JavaScript Date holds. */
const DATE_MS_MAX = 8.64e15;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Minutes east of UTC of a kept offset (`Z`, `±hh:mm`); 0 when absent, as the API writes such a column. */
function offsetMinutes(offset: string | undefined): number {
  const m = offset ? /^([+-])(\d\d):(\d\d)$/.exec(offset) : null;
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** An offset as a format writes it (core/table/utc-offset.ts writtenOffset): `+02:00`/`Z`, `+0200`, `+02`. */
function writtenOffset(style: string, offset: string | undefined): { text: string; minutes: number } {
  if (offset === 'Z' && style === 'xxx') return { text: 'Z', minutes: 0 };
  const minutes = offsetMinutes(offset);
  if (style === 'x' && minutes % 60 !== 0) return { text: '+00', minutes: 0 };
  const sign = minutes < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(minutes) / 60));
  const mm = pad(Math.abs(minutes) % 60);
  return { text: style === 'xxx' ? `${sign}${hh}:${mm}` : style === 'xx' ? `${sign}${hh}${mm}` : `${sign}${hh}`, minutes };
}

const TOKENS = /YYYY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|SSSSSS|SSS|xxx|xx|x|A/g;

/** `ms` in a known format name; undefined for a format this does not know. */
function inFormat(ms: number, format: string, utcOffset: string | undefined): string | undefined {
  if (format === 'epoch_s') return String(Math.floor(ms / 1000));
  if (format === 'epoch_ms') return String(Math.floor(ms));
  if (!(DATETIME_FORMAT_NAMES as readonly string[]).includes(format)) return undefined;
  const style = /x+/.exec(format)?.[0];
  const offset = style ? writtenOffset(style, utcOffset) : { text: '', minutes: 0 };
  const d = new Date(ms + offset.minutes * 60_000);
  const hours = d.getUTCHours();
  const month = MONTHS[d.getUTCMonth()]!;
  const parts: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4),
    MMMM: month,
    MMM: month.slice(0, 3),
    MM: pad(d.getUTCMonth() + 1),
    M: String(d.getUTCMonth() + 1),
    DD: pad(d.getUTCDate()),
    D: String(d.getUTCDate()),
    HH: pad(hours),
    H: String(hours),
    hh: pad(hours % 12 || 12),
    h: String(hours % 12 || 12),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    SSS: pad(d.getUTCMilliseconds(), 3),
    SSSSSS: pad(d.getUTCMilliseconds() * 1000, 6),
    A: hours < 12 ? 'AM' : 'PM',
  };
  return format.replace(TOKENS, (t) => (t.startsWith('x') ? offset.text : parts[t]!));
}

/** ISO 8601 at the column's offset: the date alone for a midnight UTC when the format (if any) has no time of day. */
function iso(ms: number, format: string | undefined, utcOffset: string | undefined): string {
  const minutes = offsetMinutes(utcOffset);
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
 * `species=Adelie, d=2024-03-05`: conditions as typed into a conditions input (dataset.ts
 * parseConditions). A null (a missing value) has no spelling there, so it is left out.
 */
export const conditionsInput = (conditions: Readonly<Record<string, unknown>>, columns: readonly DateSpelling[]) =>
  Object.entries(conditions)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${name}=${String(shownConditionValue(name, value, columns))}`)
    .join(', ');
