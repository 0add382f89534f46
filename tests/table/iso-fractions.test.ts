/**
 * ISO timestamps whose fraction of a second varies in presence or length (Python's isoformat()
 * writes `…:00.123456` and `…:00` in one column; others drop trailing zeros, `…:00.5Z`) are
 * datetimes: the fraction formats read it as optional (core/table/datetime.ts), the byte reader
 * agrees with the regex, and a column is written back with the full fraction on every value, which
 * reads back to the same instants. A column of `…Z` times is no question of day and month order.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DATETIME_FORMATS, datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { byteTemplate, parseDatetimeBytes } from '../../core/table/date-bytes.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { concatTables, decodeTable } from '../../core/table/arrow.js';
import { ingestCsv } from '../../core/table/ingest.js';
import type { DatetimeColumn, Table } from '../../core/table/model.js';

const csv = (name: string, values: readonly string[]) => `${name}\n${values.join('\n')}\n`;
const column = (t: Table) => t.columns[0] as DatetimeColumn;
const written = (t: Table) => writeCsv(t).trim().split('\n').slice(1);

describe('a column of ISO timestamps with and without a fraction of a second', () => {
  const cases: [string, string[], string, string[], string?][] = [
    [
      'Z, milliseconds or fewer digits',
      ['2024-03-10T01:30:00.123Z', '2024-03-11T01:30:00Z', '2024-03-12T01:30:00.5Z', '2024-03-13T01:30:00Z'],
      'YYYY-MM-DDTHH:mm:ss.SSSZ',
      ['2024-03-10T01:30:00.123Z', '2024-03-11T01:30:00.000Z', '2024-03-12T01:30:00.500Z', '2024-03-13T01:30:00.000Z'],
    ],
    [
      '+02:00, milliseconds',
      ['2024-03-10T01:30:00.123+02:00', '2024-03-11T01:30:00+02:00', '2024-03-12T01:30:00+02:00'],
      'YYYY-MM-DDTHH:mm:ss.SSSxxx',
      ['2024-03-10T01:30:00.123+02:00', '2024-03-11T01:30:00.000+02:00', '2024-03-12T01:30:00.000+02:00'],
      '+02:00',
    ],
    [
      "+02:00, microseconds as Python's isoformat writes them",
      ['2024-03-10T01:30:00.123456+02:00', '2024-03-11T01:30:00+02:00', '2024-03-12T01:30:00.000001+02:00'],
      'YYYY-MM-DDTHH:mm:ss.SSSSSSxxx',
      ['2024-03-10T01:30:00.123456+02:00', '2024-03-11T01:30:00.000000+02:00', '2024-03-12T01:30:00.000001+02:00'],
      '+02:00',
    ],
    [
      'no zone, microseconds (a naive Python datetime)',
      ['2024-03-10 01:30:00.250000', '2024-03-11 01:30:00', '2024-03-12 01:30:00.000007'],
      'YYYY-MM-DD HH:mm:ss.SSSSSS',
      ['2024-03-10 01:30:00.250000', '2024-03-11 01:30:00.000000', '2024-03-12 01:30:00.000007'],
    ],
  ];

  for (const [what, values, format, back, offset] of cases) {
    it(`is a datetime column written with the full fraction: ${what}`, async () => {
      const { table, columns } = await readCsvTable(csv('ts', values));
      expect(columns[0]).toMatchObject({ type: 'datetime', format, reason: `every value is a date in ${format}` });
      if (offset) expect(columns[0]?.utc_offset).toBe(offset);
      expect(Array.from(column(table).values)).toEqual(values.map((v) => parseDatetime(datetimeFormat(format), v)));
      expect(written(table)).toEqual(back);
      // Written values read back as the same instants, in the same format, and write the same bytes again.
      const again = await readCsvTable(writeCsv(table));
      expect(again.columns[0]?.format).toBe(format);
      expect(column(again.table).values).toEqual(column(table).values);
      expect(writeCsv(again.table)).toBe(writeCsv(table));
    });
  }

  it('keeps the format of a column that writes one fraction width, or none', async () => {
    for (const [values, format] of [
      [['2024-03-10T01:30:00Z', '2024-03-11T13:30:00Z'], 'YYYY-MM-DDTHH:mm:ssZ'],
      [['2024-03-10T01:30:00.120Z', '2024-03-11T13:30:00.004Z'], 'YYYY-MM-DDTHH:mm:ss.SSSZ'],
      [['2024-03-10T01:30:00.123456Z', '2024-03-11T13:30:00.000004Z'], 'YYYY-MM-DDTHH:mm:ss.SSSSSSZ'],
      [['2024-03-10 01:30:00', '2024-03-11 13:30:00'], 'YYYY-MM-DD HH:mm:ss'],
      [['2024-03-10T01:30:00+02:00', '2024-03-11T13:30:00+02:00'], 'YYYY-MM-DDTHH:mm:ssxxx'],
    ] as const) {
      const { table, columns } = await readCsvTable(csv('ts', values));
      expect(columns[0]?.format).toBe(format);
      expect(written(table)).toEqual(values);
    }
  });

  it('says a column of `…Z` times is every value a date, not a guess at day and month order', async () => {
    const { columns } = await readCsvTable(csv('ts', ['2024-03-10T01:30:00Z', '2024-03-11T01:30:00Z', '2024-03-12T13:30:00Z', '2024-03-13T01:30:00Z']));
    expect(columns[0]).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ', reason: 'every value is a date in YYYY-MM-DDTHH:mm:ssZ' });
    // Dates that are a question of order still say so.
    const ambiguous = await readCsvTable(csv('d', ['01/02/2024', '03/04/2024']));
    expect(ambiguous.columns[0]?.reason).toContain('day and month order ambiguous');
  });

  it('reads a fraction from bytes exactly as the regex does', () => {
    const texts = [
      '2024-03-10T01:30:00Z', '2024-03-10T01:30:00.5Z', '2024-03-10T01:30:00.12Z', '2024-03-10T01:30:00.123Z', '2024-03-10T01:30:00.1234Z',
      '2024-03-10T01:30:00.123456Z', '2024-03-10T01:30:00.1234567Z', '2024-03-10T01:30:00.Z', '2024-03-10T01:30:00.5+02:00', '2024-03-10T01:30:00-08:00',
      '2024-03-10T01:30:00.000001+05:30', '2024-03-10 01:30:00.5', '2024-03-10 01:30:00', '2024-03-10 01:30:00.999999', '2024-03-10T01:30:00.5Zx', '2024-03-10T01:30:00.5+02',
      // HH:mm:ss.SSS's fraction is optional too (a Parquet TIME column's).
      '01:30:00', '01:30:00.5', '01:30:00.123', '01:30:00.1234', '01:30:00.',
    ];
    const fractional = DATETIME_FORMATS.filter((f) => f.fraction !== undefined);
    expect(fractional.length).toBe(12);
    for (const f of fractional) {
      const template = byteTemplate(f);
      expect(template, f.name).toBeDefined();
      for (const text of texts) {
        const bytes = Buffer.from(`,${text},`);
        expect(parseDatetimeBytes(template!, bytes, 1, bytes.length - 1), `${f.name} ${text}`).toBe(parseDatetime(f, text));
      }
    }
    // `.5` is half a second, in either width.
    expect(parseDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ss.SSSZ'), '2024-03-10T01:30:00.5Z') % 1000).toBe(500);
    expect(parseDatetime(datetimeFormat('YYYY-MM-DDTHH:mm:ss.SSSSSSZ'), '2024-03-10T01:30:00.5Z') % 1000).toBe(500);
  });

  it('is inferred the same past the distinct-value cap, in one thread or two', async () => {
    // 12 000 distinct times, every third without a fraction: inference reads the last 2 000 from their bytes.
    const start = Date.UTC(2024, 0, 1);
    const micros = datetimeFormat('YYYY-MM-DDTHH:mm:ss.SSSSSSxxx');
    const values = Array.from({ length: 12_000 }, (_, i) => {
      const text = formatDatetime(micros, start + i * 60_000 + (i % 3 === 0 ? 0 : 0.25 + (i % 7)), '+02:00');
      return i % 3 === 0 ? text.replace('.000000', '') : text;
    });
    const bytes = Buffer.from(csv('when', values));
    for (const worker of [false, true]) {
      const chunks: Table[] = [];
      const summary = await ingestCsv({ open: async () => Readable.from([bytes]), writeChunk: async (_i, encoded) => void chunks.push(decodeTable(encoded)), worker });
      expect(summary.columns[0], `worker ${worker}`).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ss.SSSSSSxxx', utc_offset: '+02:00' });
      const table = concatTables(chunks);
      expect(column(table).values).toEqual(Float64Array.from(values, (v) => parseDatetime(micros, v)));
      expect(written(table).filter((v, i) => v !== values[i])).toEqual(values.filter((v) => !v.includes('.')).map((v) => v.replace('+02:00', '.000000+02:00')));
    }
  });
});
