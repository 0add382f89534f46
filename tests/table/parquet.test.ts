import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { text } from 'node:stream/consumers';
import { openParquet, parquetCsv } from '../../core/files/parquet-source.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { toParquet } from '../../core/table/parquet.js';
import { readCsvTable, toRecords } from '../../core/table/csv.js';
import { dataset } from '../helpers/stack.js';

describe('Parquet export', () => {
  it('round-trips a real table through an independent Parquet reader', async () => {
    const { table } = await readCsvTable(await readFile(dataset('cars.csv')));
    const bytes = toParquet(table);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(rows).toHaveLength(406);
    const expected = toRecords(table, 0, 3);
    expect(rows[0]!.Name).toBe(expected[0]!.Name);
    expect(rows[0]!.Cylinders).toBe(8);
    expect(rows[0]!.Miles_per_Gallon).toBe(18);
    expect((rows[0]!.Year as Date).toISOString().slice(0, 10)).toBe('1970-01-01');
    expect(rows.filter((r) => r.Horsepower === null)).toHaveLength(6);
  });

  it('writes dates as DATE and times of day as TIME, which read back as the same columns', async () => {
    const csv = 'day,clock,stamp,constructor\n2024-02-29,07:05:09,2024-02-29 07:05:09,x\n1999-12-31,23:59:00,1999-12-31 23:59:00,y\n,,,\n';
    const { table } = await readCsvTable(Buffer.from(csv));
    const bytes = toParquet(table);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const schema = parquetMetadata(buffer).schema;
    expect(schema.find((e) => e.name === 'day')).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(schema.find((e) => e.name === 'clock')).toMatchObject({ type: 'INT32', converted_type: 'TIME_MILLIS' });
    expect(schema.find((e) => e.name === 'stamp')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' });
    // An independent reader: TIME as milliseconds since midnight.
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows[0]!.clock).toBe((7 * 3600 + 5 * 60 + 9) * 1000);
    expect(rows[2]!.clock).toBeNull();
    // Our own upload path: the same types and formats as the CSV they came from.
    const back = (await readCsvTable(Buffer.from(await text(parquetCsv(await openParquet(buffer)))))).table;
    const shape = (t: typeof table) => t.columns.map((c) => [c.name, c.type, (c as DatetimeColumn).format]);
    expect(shape(back)).toEqual(shape(table));
    expect(toRecords(back, 0, 3)).toEqual(toRecords(table, 0, 3));
  });

  it('writes integers as INT32, or INT64 past its range (never DOUBLE), which read back as the same integers', async () => {
    const csv = 'small,wide,price\n1,4102444800000,1.5\n-7,-9007199254740991,2\n,,\n';
    const { table } = await readCsvTable(Buffer.from(csv));
    const bytes = toParquet(table);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const schema = parquetMetadata(buffer).schema;
    expect(schema.find((e) => e.name === 'small')).toMatchObject({ type: 'INT32' });
    expect(schema.find((e) => e.name === 'wide')).toMatchObject({ type: 'INT64' });
    expect(schema.find((e) => e.name === 'price')).toMatchObject({ type: 'DOUBLE' });
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows.map((r) => r.wide)).toEqual([4102444800000n, -9007199254740991n, null]);
    const back = (await readCsvTable(Buffer.from(await text(parquetCsv(await openParquet(buffer)))))).table;
    expect(back.columns.map((c) => [c.name, c.type])).toEqual(table.columns.map((c) => [c.name, c.type]));
    expect(toRecords(back, 0, 3)).toEqual(toRecords(table, 0, 3));
  });

  it("reads another writer's TIME values outside one day as missing, and writes a fraction of a millisecond as whole ones", async () => {
    const schema = schemaFromColumnData({
      columnData: [{ name: 't', data: [-1000, 86_405_000, 3_600_000, null] }],
      schemaOverrides: { t: { name: 't', type: 'INT32', converted_type: 'TIME_MILLIS', repetition_type: 'OPTIONAL' } },
    });
    const foreign = parquetWriteBuffer({ columnData: [{ name: 't', data: [-1000, 86_405_000, 3_600_000, null] }], schema });
    const csvText = await text(parquetCsv(await openParquet(foreign)));
    // Empty cells of a one-column file are written "", so the rows stay rows.
    expect(csvText.trimEnd().split('\n').slice(1)).toEqual(['""', '""', '01:00:00', '""']);
    const clock: Table = { rowCount: 1, columns: [{ type: 'datetime', name: 'clock', format: 'HH:mm:ss', values: Float64Array.of(1234.5) }] };
    const bytes = toParquet(clock);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(rows[0]!.clock).toBe(1234);
  });
});
