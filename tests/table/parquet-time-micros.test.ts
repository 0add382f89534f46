/**
 * Times of day below the millisecond through Parquet: an upload's TIME_MICROS and TIME_NANOS values
 * keep their microseconds (`HH:mm:ss.SSSSSS`, nanoseconds floored), and an `HH:mm:ss.SSSSSS` column
 * is exported as TIME_MICROS, which reads back as the same column and values.
 */
import { describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { text } from 'node:stream/consumers';
import { openParquet, parquetCsv } from '../../core/files/parquet-source.js';
import { toParquet } from '../../core/table/parquet.js';
import { readCsvTable, toRecords } from '../../core/table/csv.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';

const arrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const uploaded = async (buffer: ArrayBuffer) => readCsvTable(Buffer.from(await text(parquetCsv(await openParquet(buffer)))));

describe('Parquet times of day with microseconds', () => {
  it('reads TIME_MICROS and TIME_NANOS to the microsecond, and a column of whole milliseconds as HH:mm:ss.SSS', async () => {
    const us = [45_296_123_456n, 1n, 86_399_999_999n, 3_600_000_000n, null];
    const ms = [45_296_123_000n, 0n, 1_500_000n, null, null];
    const ns = [45_296_123_456_789n, 999n, 1_000n, null, 86_400_000_000_000n];
    const columnData = [
      { name: 'us', data: us },
      { name: 'ms', data: ms },
      { name: 'ns', data: ns },
    ];
    const time = (name: string, unit: 'MICROS' | 'NANOS') => ({
      name,
      type: 'INT64' as const,
      ...(unit === 'MICROS' ? { converted_type: 'TIME_MICROS' as const } : {}),
      logical_type: { type: 'TIME' as const, isAdjustedToUTC: false, unit },
      repetition_type: 'OPTIONAL' as const,
    });
    const schema = schemaFromColumnData({ columnData, schemaOverrides: { us: time('us', 'MICROS'), ms: time('ms', 'MICROS'), ns: time('ns', 'NANOS') } });
    const csv = await text(parquetCsv(await openParquet(parquetWriteBuffer({ columnData, schema }))));
    expect(csv.trimEnd().split('\n')).toEqual([
      'us,ms,ns',
      '12:34:56.123456,12:34:56.123,12:34:56.123456',
      '00:00:00.000001,00:00:00,00:00:00',
      '23:59:59.999999,00:00:01.500,00:00:00.000001',
      '01:00:00,,',
      ',,',
    ]);
    const { columns } = await readCsvTable(Buffer.from(csv));
    expect(columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['us', 'datetime', 'HH:mm:ss.SSSSSS'],
      ['ms', 'datetime', 'HH:mm:ss.SSS'],
      ['ns', 'datetime', 'HH:mm:ss.SSSSSS'],
    ]);
  });

  it('writes an HH:mm:ss.SSSSSS column as TIME_MICROS, which reads back as the same column', async () => {
    const csv = 'clock,n\n12:34:56.123456,1\n00:00:00.000001,2\n23:59:59.999999,3\n,4\n07:00:00,5\n';
    const { table } = await readCsvTable(Buffer.from(csv));
    expect((table.columns[0] as DatetimeColumn).format).toBe('HH:mm:ss.SSSSSS');
    const buffer = arrayBuffer(toParquet(table));
    expect(parquetMetadata(buffer).schema.find((e) => e.name === 'clock')).toMatchObject({ type: 'INT64', converted_type: 'TIME_MICROS' });
    // An independent reader: microseconds since midnight.
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows.map((r) => r.clock)).toEqual([45_296_123_456n, 1n, 86_399_999_999n, null, 25_200_000_000n]);
    const back = (await uploaded(buffer)).table;
    const shape = (t: Table) => t.columns.map((c) => [c.name, c.type, (c as DatetimeColumn).format]);
    expect(shape(back)).toEqual(shape(table));
    expect(toRecords(back, 0, 5)).toEqual(toRecords(table, 0, 5));
  });
});
