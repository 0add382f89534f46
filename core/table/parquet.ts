/** Parquet export of a table (hyparquet-writer): numbers as INT32/DOUBLE, datetimes as timestamps, booleans as BOOLEAN, labels as strings. */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { MISSING_CODE, cellLabel, type Column, type Table } from './model.js';
import { isTrueFalse } from './csv.js';

type ColumnData = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number];

function columnData(c: Column, rows: number): ColumnData {
  switch (c.type) {
    case 'integer': {
      const values = Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
      const int32 = values.every((v) => v === null || (v >= -2147483648 && v <= 2147483647));
      return { name: c.name, data: values, type: int32 ? 'INT32' : 'DOUBLE' };
    }
    case 'float':
      return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)), type: 'DOUBLE' };
    case 'datetime':
      return { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : new Date(v))), type: 'TIMESTAMP' };
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
  return new Uint8Array(parquetWriteBuffer({ columnData: table.columns.map((c) => columnData(c, table.rowCount)) }));
}
