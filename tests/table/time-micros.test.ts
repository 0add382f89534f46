/**
 * Times of day below the millisecond (`12:34:56.123456`, `12:34:56.1234`, as PostgreSQL and Python
 * write a `time`) are datetimes in `HH:mm:ss.SSSSSS`, the 53rd format, past the 52 one number
 * held (core/table/format-set.ts): inference from text and from bytes (past the distinct cap) agree
 * on it and on the last format, a column of at most three digits keeps `HH:mm:ss.SSS`, and the
 * microseconds are written back.
 */
import { describe, expect, it } from 'vitest';
import { DATETIME_FORMATS, datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { ColumnAccumulator } from '../../core/table/infer.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';

const MICROS = 'HH:mm:ss.SSSSSS';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Distinct times of day, `i` apart by about a second and a few microseconds. */
const timeOf = (i: number, digits: number) => `${pad(Math.floor(i / 3600) % 24)}:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)}.${pad((i * 7919) % 10 ** digits, digits)}`;
const cells = (values: readonly string[]) => values.map((v) => Buffer.from(`,${v},`));

function inferBoth(values: readonly string[]) {
  const byString = new ColumnAccumulator('t');
  const byBytes = new ColumnAccumulator('t');
  for (const v of values) byString.add(v);
  for (const b of cells(values)) byBytes.addBytes(b, 1, b.length - 1);
  return { byString: byString.finish(), byBytes: byBytes.finish() };
}

describe('times of day with microseconds', () => {
  it('makes more than 52 formats, the last of which is still inferred from text and from bytes past the distinct cap', () => {
    expect(DATETIME_FORMATS.length).toBeGreaterThan(52);
    const last = DATETIME_FORMATS.at(-1)!;
    const values = Array.from({ length: 10_100 }, (_, i) => formatDatetime(last, Date.UTC(1990, 0, 1) + i * 86_400_000));
    const { byString, byBytes } = inferBoth(values);
    expect(byString).toMatchObject({ type: 'datetime', format: last.name });
    expect(byBytes).toEqual(byString);
  });

  it('reads 4 to 6 fraction digits as HH:mm:ss.SSSSSS, and 3 or fewer as HH:mm:ss.SSS', async () => {
    for (const [values, format] of [
      [['12:34:56.123456', '00:00:00.000001', '23:59:59.999999', '08:00:00'], MICROS],
      [['12:34:56.1234', '01:02:03.5'], MICROS],
      [['12:34:56.123', '01:02:03.5', '01:02:04'], 'HH:mm:ss.SSS'],
    ] as const) {
      const { byString, byBytes } = inferBoth(values);
      expect(byString).toMatchObject({ type: 'datetime', format });
      expect(byBytes).toEqual(byString);
    }
    const { columns } = await readCsvTable(`t\n12:34:56.1234567\n01:02:03.1\n`);
    expect(columns[0]?.type).not.toBe('datetime');
  });

  it('agrees from text and from bytes past the distinct cap, where cells are read by the byte reader', () => {
    const values = Array.from({ length: 10_200 }, (_, i) => timeOf(i, 6));
    const { byString, byBytes } = inferBoth(values);
    expect(byString).toMatchObject({ type: 'datetime', format: MICROS });
    expect(byBytes).toEqual(byString);
    // Past the cap a seventh digit, or an hour of 24, closes the format on both paths alike.
    for (const bad of ['12:00:00.1234567', '24:00:00.000001']) {
      const both = inferBoth([...values, bad]);
      expect(both.byString.type, bad).not.toBe('datetime');
      expect(both.byBytes, bad).toEqual(both.byString);
    }
  });

  it('writes the microseconds back, every value with six digits, and reads them back the same', async () => {
    const values = ['12:34:56.123456', '00:00:00.000001', '23:59:59.999999', '08:00:00', '07:06:05.5'];
    const { table, columns } = await readCsvTable(`t\n${values.join('\n')}\n`);
    expect(columns[0]?.format).toBe(MICROS);
    const written = writeCsv(table).trim().split('\n').slice(1);
    expect(written).toEqual(['12:34:56.123456', '00:00:00.000001', '23:59:59.999999', '08:00:00.000000', '07:06:05.500000']);
    const again = await readCsvTable(writeCsv(table));
    expect(again.columns[0]?.format).toBe(MICROS);
    const f = datetimeFormat(MICROS);
    expect(written.map((v) => parseDatetime(f, v))).toEqual(values.map((v) => parseDatetime(f, v)));
  });
});
