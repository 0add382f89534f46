/**
 * Parquet export of a table (hyparquet-writer): integers as INT32/INT64, other numbers as DOUBLE, dates as DATE, times of
 * day as TIME and other datetimes as timestamps (each in microseconds when their format writes them, else
 * milliseconds), booleans as BOOLEAN, labels as strings.
 */
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { MISSING_CODE, cellLabel, type Column, type DatetimeColumn, type Table } from './model.js';
import { isTrueFalse } from './csv.js';
import { datetimeFormat } from './datetime.js';
import { setOwn } from '../records.js';

type ColumnData = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number];
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

const DAY_MS = 86_400_000;
const DAY_MICROS = DAY_MS * 1000;

/** What a datetime column holds, by its format's fields: a calendar date, a time of day, or both. */
function datetimeKind(c: DatetimeColumn): 'date' | 'time' | 'timestamp' {
  const { fields } = datetimeFormat(c.format);
  if (!fields.length) return 'timestamp'; // Unix epoch numbers
  if (!fields.includes('h')) return 'date';
  return fields.includes('Y') ? 'timestamp' : 'time';
}

/**
 * Whether a time or timestamp column is written to the microsecond: its format writes them (`.SSSSSS`, as a
 * Parquet MICROS or NANOS upload reads). Values are epoch milliseconds whose fraction holds the
 * microseconds: a double keeps them exactly enough to round back (≈0.24 µs apart in 2024).
 */
const inMicros = (c: DatetimeColumn) => datetimeFormat(c.format).fraction === 6;

/** DATE, TIME and microsecond TIMESTAMP columns, which hyparquet-writer's basic types do not name. */
function logicalSchema(c: Column): SchemaElement | undefined {
  if (c.type !== 'datetime') return undefined;
  switch (datetimeKind(c)) {
    case 'date':
      return { name: c.name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' };
    case 'time':
      if (inMicros(c)) return { name: c.name, type: 'INT64', converted_type: 'TIME_MICROS', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' }, repetition_type: 'OPTIONAL' };
      return { name: c.name, type: 'INT32', converted_type: 'TIME_MILLIS', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MILLIS' }, repetition_type: 'OPTIONAL' };
    default:
      if (!inMicros(c)) return undefined;
      return { name: c.name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: 'OPTIONAL' };
  }
}

function columnData(c: Column, rows: number): ColumnData {
  switch (c.type) {
    case 'integer': {
      const values = Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
      if (values.every((v) => v === null || (v >= -2147483648 && v <= 2147483647))) return { name: c.name, data: values, type: 'INT32' };
      // Wider integers as INT64 (an integer column's values are safe integers: past 2^53 a column is text), not DOUBLE.
      return { name: c.name, data: values.map((v) => (v === null ? null : BigInt(v))), type: 'INT64' };
    }
    case 'float':
      return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)), type: 'DOUBLE' };
    case 'datetime':
      // A time of day is stored on 1970-01-01: its milliseconds are the time of day itself (rounded to the
      // microsecond as the CSV writes it, a rounding up to midnight wrapping as there).
      if (datetimeKind(c) === 'time' && inMicros(c)) return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : BigInt(((Math.round(v * 1000) % DAY_MICROS) + DAY_MICROS) % DAY_MICROS))) };
      if (datetimeKind(c) === 'time') return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : Math.floor(((v % DAY_MS) + DAY_MS) % DAY_MS))) };
      if (datetimeKind(c) === 'timestamp' && inMicros(c)) return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : BigInt(Math.round(v * 1000)))) };
      return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : new Date(v))), ...(datetimeKind(c) === 'date' ? {} : { type: 'TIMESTAMP' as const }) };
    case 'boolean':
      // Spelled false/true only: BOOLEAN reads back as those spellings, so the round trip stays exact (yes/no stays text).
      if (!isTrueFalse(c.categories)) return { name: c.name, data: Array.from({ length: rows }, (_, r) => cellLabel(c, r)), type: 'STRING' };
      // Categories are [false spelling, true spelling] (infer.ts): code 1 is true.
      return { name: c.name, data: Array.from(c.codes, (code) => (code === MISSING_CODE ? null : code === 1)), type: 'BOOLEAN' };
    default:
      return { name: c.name, data: Array.from({ length: rows }, (_, r) => cellLabel(c, r)), type: 'STRING' };
  }
}

export function toParquet(table: Table): Uint8Array {
  const columns = table.columns.map((c) => columnData(c, table.rowCount));
  // No prototype: the writer looks overrides up by column name, and `constructor` must find nothing.
  const schemaOverrides: Record<string, SchemaElement> = Object.create(null);
  for (const c of table.columns) {
    const element = logicalSchema(c);
    if (element) setOwn(schemaOverrides, c.name, element);
  }
  const schema = schemaFromColumnData({ columnData: columns, schemaOverrides });
  // With a schema given, the writer takes the columns' data untyped.
  return new Uint8Array(parquetWriteBuffer({ columnData: columns.map(({ name, data }) => ({ name, data })), schema }));
}
