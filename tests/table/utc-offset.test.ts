/**
 * Datetime columns with a UTC offset are written at their own offset (core/table/utc-offset.ts):
 * the one their values share, else the most common, `Z` kept as `Z`; every instant exact. The
 * offset is found by inference on both of its paths (below and past the distinct-value cap, in one
 * thread or two), travels with the columnar chunks, and a column saved without one is `+00:00`.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { OffsetTally, ZULU_CODE, keptOffset, keptOffsetMinutes, trailingOffset, trailingOffsetBytes, writtenOffset } from '../../core/table/utc-offset.js';
import { readCsvTable, writeCsv, toRecords } from '../../core/table/csv.js';
import { concatTables, decodeTable, encodeTable } from '../../core/table/arrow.js';
import { ingestCsv } from '../../core/table/ingest.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';
import { describe as describeTable } from '../../core/eda/describe.js';

const csv = (name: string, values: readonly string[]) => `${name}\n${values.join('\n')}\n`;
const column = (t: Table) => t.columns[0] as DatetimeColumn;
/** The instant of an ISO text with any offset shape, by Date.parse. */
const instant = (v: string) => Date.parse(v.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2').replace(/([+-]\d\d)$/, '$1:00'));

describe('rendering at an offset', () => {
  const at = Date.parse('2024-03-01T08:00:00Z');

  it('writes the wall-clock time at the offset, in the format\'s own shape', () => {
    const iso = datetimeFormat('YYYY-MM-DDTHH:mm:ssxxx');
    expect(formatDatetime(iso, at, '+02:00')).toBe('2024-03-01T10:00:00+02:00');
    expect(formatDatetime(iso, at, '+05:30')).toBe('2024-03-01T13:30:00+05:30');
    expect(formatDatetime(iso, at, '-08:00')).toBe('2024-03-01T00:00:00-08:00');
    expect(formatDatetime(iso, at, '-09:30')).toBe('2024-02-29T22:30:00-09:30');
    expect(formatDatetime(iso, at, 'Z')).toBe('2024-03-01T08:00:00Z');
    // None kept (a column or model saved before offsets were): offset zero, as before.
    expect(formatDatetime(iso, at)).toBe('2024-03-01T08:00:00+00:00');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DD HH:mm:ssxx'), at, '-08:00')).toBe('2024-03-01 00:00:00-0800');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DD HH:mm:ssxx'), at, 'Z')).toBe('2024-03-01 08:00:00+0000');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DD HH:mm:ssx'), at, '+02:00')).toBe('2024-03-01 10:00:00+02');
    // `+05` cannot say `+05:30`: written at zero, so the instant stays exact.
    expect(formatDatetime(datetimeFormat('YYYY-MM-DD HH:mm:ssx'), at, '+05:30')).toBe('2024-03-01 08:00:00+00');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ss.SSSxxx'), at + 250, '+01:00')).toBe('2024-03-01T09:00:00.250+01:00');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ss.SSSSSSxxx'), at + 0.123, '-03:00')).toBe('2024-03-01T05:00:00.000123-03:00');
  });

  it('leaves formats without an offset as they were', () => {
    expect(formatDatetime(datetimeFormat('YYYY-MM-DD HH:mm:ss'), at, '+02:00')).toBe('2024-03-01 08:00:00');
    expect(formatDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ssZ'), at, '+02:00')).toBe('2024-03-01T08:00:00Z');
  });

  it('reads back every written value as the instant it was, at any offset', () => {
    const offsets = ['Z', '+00:00', '+02:00', '-08:00', '+05:30', '-03:30', '+14:00', '-12:00', '+23:59'];
    const formats = ['YYYY-MM-DDTHH:mm:ssxxx', 'YYYY-MM-DDTHH:mm:ssxx', 'YYYY-MM-DD HH:mm:ssx', 'YYYY-MM-DD HH:mm:ss.SSSxxx', 'YYYY-MM-DD HH:mm:ss.SSSSSSxxx'];
    for (const name of formats) {
      const f = datetimeFormat(name);
      for (const offset of offsets) {
        for (const ms of [0, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(1999, 11, 31, 0, 30), Date.UTC(2030, 5, 1, 12)]) {
          const text = formatDatetime(f, ms, offset);
          expect(parseDatetime(f, text), `${name} ${offset} ${text}`).toBe(ms);
        }
      }
    }
  });

  it('writes the offsets each format can, and keeps them in one shape', () => {
    expect(writtenOffset('xxx', '-05:30')).toEqual({ text: '-05:30', minutes: -330 });
    expect(writtenOffset('xx', '-05:30')).toEqual({ text: '-0530', minutes: -330 });
    expect(writtenOffset('x', '-05:00')).toEqual({ text: '-05', minutes: -300 });
    expect(writtenOffset('x', undefined)).toEqual({ text: '+00', minutes: 0 });
    expect(keptOffsetMinutes('+05:45')).toBe(345);
    expect(keptOffsetMinutes('-00:30')).toBe(-30);
    expect(keptOffsetMinutes(undefined)).toBe(0);
    expect([330, -480, 0, -30, ZULU_CODE].map(keptOffset)).toEqual(['+05:30', '-08:00', '+00:00', '-00:30', 'Z']);
  });
});

describe('the offset a value ends in', () => {
  it('reads every shape, and nothing else', () => {
    expect(trailingOffset('2024-03-01T10:00:00+02:00')).toBe(120);
    expect(trailingOffset('2024-03-01T10:00:00.123456-05:30')).toBe(-330);
    expect(trailingOffset('2024-03-01 10:00:00-0800')).toBe(-480);
    expect(trailingOffset('2024-03-01 10:00:00+02')).toBe(120);
    expect(trailingOffset('2024-03-01T10:00:00Z')).toBe(ZULU_CODE);
    expect(trailingOffset('2024-03-01T10:00:00-00:00')).toBe(0);
    expect(trailingOffset('2024-03-01T10:00:00+24:00')).toBeNaN();
    expect(trailingOffset('2024-03-01T10:00:00')).toBeNaN();
    const bytes = Buffer.from('x,2024-03-01 10:00:00+0530,y');
    expect(trailingOffsetBytes(bytes, 2, 26)).toBe(330);
  });

  it('counts offsets: one shared, else the most common, the first seen among equals, Z apart from +00:00', () => {
    const tally = (codes: number[]) => {
      const t = new OffsetTally();
      for (const c of codes) t.add(c);
      return t.result();
    };
    expect(tally([])).toBeUndefined();
    expect(tally([NaN, NaN])).toBeUndefined();
    expect(tally([120, 120, 120])).toBe('+02:00');
    expect(tally([60, 120, 120, 60, 120])).toBe('+02:00');
    expect(tally([60, 120, 60, 120])).toBe('+01:00');
    expect(tally([120, 60, 120, 60])).toBe('+02:00');
    expect(tally([ZULU_CODE, 0, 0])).toBe('+00:00');
    expect(tally([ZULU_CODE, 0, ZULU_CODE])).toBe('Z');
    // Runs are counted as runs: a long run of one beats scattered others.
    expect(tally([...new Array(5).fill(-480), -420, -420, -420, -480, -420])).toBe('-08:00');
  });
});

describe('inference finds the column\'s offset', () => {
  it.each([
    ['+02:00', 'YYYY-MM-DDTHH:mm:ssxxx', ['2024-03-01T10:00:00+02:00', '2024-03-02T11:30:00+02:00', '2024-03-03T00:15:00+02:00']],
    ['+05:30', 'YYYY-MM-DDTHH:mm:ssxxx', ['2024-03-01T10:00:00+05:30', '2024-03-02T11:30:00+05:30']],
    ['-08:00', 'YYYY-MM-DD HH:mm:ssxx', ['2024-03-01 10:00:00-0800', '2024-03-02 23:59:59-0800']],
    ['-03:00', 'YYYY-MM-DD HH:mm:ssx', ['2024-03-01 10:00:00-03', '2024-03-02 23:59:59-03']],
    ['+01:00', 'YYYY-MM-DD HH:mm:ss.SSSxxx', ['2024-03-01 10:00:00.500+01:00']],
  ])('%s in %s: kept, and every value written back as the source spells it', async (offset, format, values) => {
    const text = csv('when', values);
    const { table, columns } = await readCsvTable(text);
    expect(columns[0]).toMatchObject({ type: 'datetime', format, utc_offset: offset });
    expect(column(table).utcOffset).toBe(offset);
    expect(column(table).values).toEqual(Float64Array.from(values, instant));
    expect(writeCsv(table)).toBe(text);
    expect(toRecords(table, 0, values.length).map((r) => r.when)).toEqual(values);
  });

  it('writes a column of mixed offsets (daylight saving time) at the most common one, every instant exact', async () => {
    const values = ['2024-03-30T12:00:00+01:00', '2024-03-31T12:00:00+02:00', '2024-04-01T12:00:00+02:00', '2024-10-27T12:00:00+01:00', '2024-07-01T12:00:00+02:00'];
    const { table, columns } = await readCsvTable(csv('when', values));
    expect(columns[0]?.utc_offset).toBe('+02:00');
    const written = writeCsv(table).trim().split('\n').slice(1);
    expect(written).toEqual(['2024-03-30T13:00:00+02:00', '2024-03-31T12:00:00+02:00', '2024-04-01T12:00:00+02:00', '2024-10-27T13:00:00+02:00', '2024-07-01T12:00:00+02:00']);
    expect(written.map(instant)).toEqual(values.map(instant));
  });

  it('keeps Z as Z: a column of only Z keeps its Z format, and one mostly of Z writes Z', async () => {
    const onlyZ = await readCsvTable(csv('when', ['2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z']));
    expect(onlyZ.columns[0]).toMatchObject({ format: 'YYYY-MM-DDTHH:mm:ssZ' });
    expect(onlyZ.columns[0]?.utc_offset).toBeUndefined();
    expect(writeCsv(onlyZ.table)).toBe(csv('when', ['2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z']));
    const mostlyZ = await readCsvTable(csv('when', ['2024-03-01T10:00:00Z', '2024-03-02T12:00:00+02:00', '2024-03-03T10:00:00Z']));
    expect(mostlyZ.columns[0]).toMatchObject({ format: 'YYYY-MM-DDTHH:mm:ssxxx', utc_offset: 'Z' });
    expect(writeCsv(mostlyZ.table)).toBe(csv('when', ['2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z', '2024-03-03T10:00:00Z']));
  });

  it('finds the same offset past the distinct-value cap, in one thread or two', async () => {
    // 12 000 distinct timestamps: inference reads the last 2 000 from their bytes, not their facts.
    const start = Date.UTC(2024, 0, 1);
    const values = Array.from({ length: 12_000 }, (_, i) => {
      const ms = start + i * 60_000;
      // A third of the rows in winter time, the rest in summer time: the summer offset wins.
      return formatDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ssxxx'), ms, i % 3 === 0 ? '+01:00' : '+02:00');
    });
    const bytes = Buffer.from(csv('when', values));
    for (const worker of [false, true]) {
      const chunks: Table[] = [];
      const summary = await ingestCsv({ open: async () => Readable.from([bytes]), writeChunk: async (_i, encoded) => void chunks.push(decodeTable(encoded)), worker });
      if (worker) expect(summary.threads).toBe(2);
      expect(summary.columns[0], `worker ${worker}`).toMatchObject({ format: 'YYYY-MM-DDTHH:mm:ssxxx', utc_offset: '+02:00' });
      const table = concatTables(chunks);
      expect(column(table).values).toEqual(Float64Array.from(values, instant));
      expect(writeCsv(table).trim().split('\n').slice(1).every((v) => v.endsWith('+02:00'))).toBe(true);
    }
    // 5 900 rows at +02:00, then 6 100 at -05:00, 2 000 of them past the cap: -05:00 wins only if the bytes path counts them.
    const moved = values.map((_, i) => formatDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ssxxx'), start + i * 60_000, i < 5_900 ? '+02:00' : '-05:00'));
    const { columns } = await readCsvTable(csv('when', moved));
    expect(columns[0]?.utc_offset).toBe('-05:00');
  });

  it('keeps the offset for a datetime type set by the user, with or without a format', async () => {
    const values = ['2024-03-01 10:00:00+0530', '2024-03-02 10:00:00+0530'];
    for (const override of [{ type: 'datetime' as const }, { type: 'datetime' as const, format: 'YYYY-MM-DD HH:mm:ssxx' }]) {
      const { table, columns } = await readCsvTable(csv('d', values), { d: override });
      expect(columns[0]).toMatchObject({ format: 'YYYY-MM-DD HH:mm:ssxx', utc_offset: '+05:30' });
      expect(writeCsv(table)).toBe(csv('d', values));
    }
  });
});

describe('the offset in the columnar copy', () => {
  it('travels with a chunk, and a chunk saved without one reads at +00:00', async () => {
    const { table } = await readCsvTable(csv('when', ['2024-03-01T10:00:00-07:00']));
    const back = decodeTable(encodeTable(table));
    expect(column(back).utcOffset).toBe('-07:00');
    expect(writeCsv(back)).toBe(csv('when', ['2024-03-01T10:00:00-07:00']));
    const { utcOffset: _, ...old } = column(table);
    const oldChunk = decodeTable(encodeTable({ rowCount: 1, columns: [old] }));
    expect(column(oldChunk).utcOffset).toBeUndefined();
    expect(writeCsv(oldChunk)).toBe(csv('when', ['2024-03-01T17:00:00+00:00']));
  });
});

describe('the offset in a description', () => {
  it('writes a column\'s min and max at its offset', async () => {
    const { table } = await readCsvTable(csv('when', ['2024-03-01T10:00:00-08:00', '2024-03-05T23:30:00-08:00']));
    const [d] = describeTable(table).columns as unknown as { min: string; max: string }[];
    expect([d!.min, d!.max]).toEqual(['2024-03-01T10:00:00-08:00', '2024-03-05T23:30:00-08:00']);
  });
});
