import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
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
});
