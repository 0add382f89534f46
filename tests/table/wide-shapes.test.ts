/**
 * Real-world shapes inference used to miss: integers beyond 2^53 (read as rounded numbers) and
 * datetimes with UTC offsets, fractional seconds, unpadded day and month, or a dotted date and time.
 * Each is checked for the type and format inferred, the values read, and the text written back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { NumberShape, ThousandsShape, unsafeInteger, unsafeSeparatedInteger } from '../../core/table/numbers.js';
import type { Column } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';
import type { OverrideFailure } from '../../core/table/override.js';

async function read(text: string) {
  const { table, columns } = await readCsvTable(text);
  return { table, info: columns[0]!, column: table.columns[0]! };
}

const csv = (name: string, values: readonly string[]) => `${name}\n${values.join('\n')}\n`;
const datetimes = (c: Column): number[] => (c.type === 'datetime' ? [...c.values] : []);

describe('integers beyond ±2^53 (rule 4a)', () => {
  const accounts = ['9186714729275639875', '9042301913335574463', '9000000000000000001'];

  it('keeps a few 19-digit account numbers as categories, exactly', async () => {
    const text = csv('acct', accounts);
    const { table, info } = await read(text);
    expect(info.type).toBe('categorical');
    expect(info.reason).toContain('2^53');
    expect(writeCsv(table)).toBe(text);
  });

  it('makes unique ones an id and repeated many a text column, both exact', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `-${9_186_714_729_275_639_875n + BigInt(i) * 1_000_003n}`);
    const id = await read(csv('acct', ids));
    expect(id.info.type).toBe('id');
    expect(writeCsv(id.table)).toBe(csv('acct', ids));
    const many = [...ids, ...ids];
    const text = await read(csv('acct', many));
    expect(text.info.type).toBe('text');
    expect(writeCsv(text.table)).toBe(csv('acct', many));
  });

  it('draws the line at Number.MAX_SAFE_INTEGER', async () => {
    const safe = await read(csv('n', ['9007199254740991', '-9007199254740991', '1']));
    expect(safe.info.type).toBe('integer');
    expect(writeCsv(safe.table)).toBe(csv('n', ['9007199254740991', '-9007199254740991', '1']));
    expect((await read(csv('n', ['9007199254740992', '1']))).info.type).toBe('categorical');
  });

  it('decides past the distinct-value cap as before it', async () => {
    const small = Array.from({ length: 10_050 }, (_, i) => String(i * 3));
    expect((await read(csv('n', small))).info.type).toBe('integer');
    const big = await read(csv('n', [...small, '12345678901234567890']));
    expect(big.info.type).toBe('text');
    expect(writeCsv(big.table).endsWith('\n12345678901234567890\n')).toBe(true);
  });

  it('refuses them as an integer type set by the user, which would round them', async () => {
    const e: unknown = await readCsvTable(csv('acct', ['12', '9186714729275639875']), { acct: { type: 'integer' } }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ProblemError);
    const [failure] = (e as ProblemError).extensions.columns as OverrideFailure[];
    expect(failure).toMatchObject({ column: 'acct', bad_count: 1, bad_values: [{ value: '9186714729275639875' }], problem: expect.stringContaining('2^53') });
    const ok = await readCsvTable(csv('acct', ['12', '9007199254740991']), { acct: { type: 'integer' } });
    expect(writeCsv(ok.table)).toBe(csv('acct', ['12', '9007199254740991']));
  });

  it('holds for whole numbers written with thousands separators (rule 4b), from text and past the cap from bytes', async () => {
    const separated = ['9,186,714,729,275,639,875', '12,345', '9,007,199,254,740,992'];
    const few = await read(csv('acct', separated.map((v) => `"${v}"`)));
    expect(few.info.type).toBe('categorical');
    expect(few.info.reason).toContain('2^53');
    expect(writeCsv(few.table)).toBe(csv('acct', separated.map((v) => `"${v}"`)));
    const safe = await read(csv('n', ['"9,007,199,254,740,991"', '"1,234"']));
    expect(safe.info.type).toBe('integer');
    const many = Array.from({ length: 10_050 }, (_, i) => `"${(1_000 + i * 7).toLocaleString('en-US')}"`);
    expect((await read(csv('n', many))).info.type).toBe('integer');
    const past = await read(csv('n', [...many, '"9,186,714,729,275,639,875"']));
    expect(past.info.type).not.toBe('integer');
    expect(writeCsv(past.table).endsWith('\n"9,186,714,729,275,639,875"\n')).toBe(true);
    const shape = new ThousandsShape();
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 14n, max: 10n ** 20n }), fc.boolean(), (n, negative) => {
        const v = `${negative ? '-' : ''}${n.toLocaleString('en-US')}`;
        const bytes = Buffer.from(v);
        expect(shape.read(bytes, 0, bytes.length)).toBe(true);
        expect(shape.unsafe, v).toBe(n > BigInt(Number.MAX_SAFE_INTEGER));
        expect(unsafeSeparatedInteger(v), v).toBe(n > BigInt(Number.MAX_SAFE_INTEGER));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads unsafety from bytes as from text', () => {
    const shape = new NumberShape();
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?0?[0-9]{14,20}$/), (v) => {
        const bytes = Buffer.from(v);
        expect(shape.read(bytes, 0, bytes.length)).toBe(true);
        expect(shape.unsafe, v).toBe(unsafeInteger(v));
        expect(shape.unsafe, v).toBe(Math.abs(Number(BigInt(v))) > Number.MAX_SAFE_INTEGER);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('datetimes with offsets, fractions, unpadded and dotted parts', () => {
  /** Values whose write-back is their own text, with the instants they name. */
  const sameText: [format: string, values: string[], iso: string[]][] = [
    ['YYYY-MM-DDTHH:mm:ss.SSS', ['2023-01-05T10:20:30.123', '2023-12-31T23:59:59.999'], ['2023-01-05T10:20:30.123Z', '2023-12-31T23:59:59.999Z']],
    ['YYYY-MM-DD HH:mm:ss.SSS', ['2023-01-05 10:20:30.123', '2024-02-29 00:00:00.000'], ['2023-01-05T10:20:30.123Z', '2024-02-29T00:00:00.000Z']],
    ['YYYY-MM-DDTHH:mm:ssxxx', ['2023-01-05T10:20:30+00:00', '2023-06-01T00:00:00+00:00'], ['2023-01-05T10:20:30.000Z', '2023-06-01T00:00:00.000Z']],
    ['YYYY-MM-DD HH:mm:ssxx', ['2023-01-05 10:20:30+0000'], ['2023-01-05T10:20:30.000Z']],
    ['YYYY-MM-DDTHH:mm:ssZ', ['2023-01-05T10:20:30Z'], ['2023-01-05T10:20:30.000Z']],
    ['M/D/YYYY', ['1/5/2023', '12/31/2023', '7/14/2023'], ['2023-01-05T00:00:00.000Z', '2023-12-31T00:00:00.000Z', '2023-07-14T00:00:00.000Z']],
    ['M/D/YYYY H:mm', ['1/5/2023 9:05', '12/31/2023 23:59'], ['2023-01-05T09:05:00.000Z', '2023-12-31T23:59:00.000Z']],
    ['D/M/YYYY', ['5/1/2023', '31/12/2023'], ['2023-01-05T00:00:00.000Z', '2023-12-31T00:00:00.000Z']],
    ['DD.MM.YYYY HH:mm', ['05.01.2023 10:20', '31.12.2023 00:00'], ['2023-01-05T10:20:00.000Z', '2023-12-31T00:00:00.000Z']],
  ];

  it.each(sameText)('%s: inferred, read and written back as the source spells it', async (format, values, iso) => {
    const text = csv('when', values);
    const { table, info, column } = await read(text);
    expect(info).toMatchObject({ type: 'datetime', format });
    expect(datetimes(column)).toEqual(iso.map((s) => Date.parse(s)));
    expect(writeCsv(table)).toBe(text);
  });

  it('keeps microseconds as a fraction of a millisecond, and writes them back', async () => {
    for (const [format, values] of [
      ['YYYY-MM-DD HH:mm:ss.SSSSSS', ['2023-01-05 10:20:30.123456', '1969-12-31 23:59:59.999999', '2023-01-05 10:20:30.000001']],
      ['YYYY-MM-DDTHH:mm:ss.SSSSSS', ['2023-01-05T10:20:30.999500']],
    ] as const) {
      const text = csv('when', values);
      const { table, info, column } = await read(text);
      expect(info).toMatchObject({ type: 'datetime', format });
      const whole = values.map((v) => Date.parse(`${v.slice(0, 23).replace(' ', 'T')}Z`));
      expect(datetimes(column).map((ms, i) => Math.round((ms - whole[i]!) * 1000))).toEqual(values.map((v) => Number(v.slice(23))));
      expect(writeCsv(table)).toBe(text);
    }
  });

  it("reads offsets as instants and writes them at the column's offset, in the same shape", async () => {
    const cases: [format: string, values: string[], written: string[]][] = [
      // Daylight saving time (and one more): one column, three offsets, once each: the first seen is written.
      ['YYYY-MM-DDTHH:mm:ssxxx', ['2023-01-05T10:20:30+01:00', '2023-07-05T10:20:30+02:00', '2023-07-05T10:20:30-05:30'], ['2023-01-05T10:20:30+01:00', '2023-07-05T09:20:30+01:00', '2023-07-05T16:50:30+01:00']],
      ['YYYY-MM-DDTHH:mm:ss.SSSxxx', ['2023-01-05T00:20:30.250+02:00'], ['2023-01-05T00:20:30.250+02:00']],
      // `Z` beside numeric offsets (a column of only `Z` keeps the `…Z` format: next test); `Z` is written `Z`.
      ['YYYY-MM-DDTHH:mm:ssxxx', ['2023-01-05T10:20:30Z', '2023-07-05T10:20:30+02:00'], ['2023-01-05T10:20:30Z', '2023-07-05T08:20:30Z']],
      ['YYYY-MM-DDTHH:mm:ss.SSSxxx', ['2023-01-05T10:20:30.500Z', '2023-01-05T10:20:30.250-01:00'], ['2023-01-05T10:20:30.500Z', '2023-01-05T11:20:30.250Z']],
      ['YYYY-MM-DD HH:mm:ssxx', ['2023-01-05 10:20:30+0200'], ['2023-01-05 10:20:30+0200']],
      ['YYYY-MM-DDTHH:mm:ssxx', ['2023-01-05T10:20:30-0100'], ['2023-01-05T10:20:30-0100']],
      ['YYYY-MM-DD HH:mm:ssx', ['2023-01-05 10:20:30+02', '2023-01-05 10:20:30-03'], ['2023-01-05 10:20:30+02', '2023-01-05 15:20:30+02']],
    ];
    for (const [format, values, written] of cases) {
      const { table, info, column } = await read(csv('when', values));
      expect(info, values[0]).toMatchObject({ type: 'datetime', format });
      expect(datetimes(column)).toEqual(values.map((v) => Date.parse(v.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2').replace(/([+-]\d\d)$/, '$1:00'))));
      expect(writeCsv(table)).toBe(csv('when', written));
      // Written at one offset, the values read back as the same instants.
      expect(datetimes((await read(writeCsv(table))).column)).toEqual(datetimes(column));
    }
  });

  it('keeps the Z spelling of a column that has no other offset', async () => {
    const values = ['2023-01-05T10:20:30Z', '2023-07-05T10:20:30Z'];
    const { table, info } = await read(csv('when', values));
    expect(info).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ' });
    expect(writeCsv(table)).toBe(csv('when', values));
  });

  it('decides day and month order deterministically, padded before unpadded', async () => {
    const format = async (values: string[]) => (await read(csv('d', values))).info;
    // Nothing tells them apart: month first, as for MM/DD/YYYY, and the reason says so.
    expect(await format(['1/5/2023', '2/6/2023'])).toMatchObject({ format: 'M/D/YYYY', reason: expect.stringContaining('ambiguous') });
    expect((await format(['1/5/2023 9:05', '2/6/2023 10:00'])).format).toBe('M/D/YYYY H:mm');
    // A first part above 12 can only be a day.
    expect((await format(['1/5/2023', '13/6/2023'])).format).toBe('D/M/YYYY');
    expect((await format(['1/5/2023 9:05', '25/6/2023 10:00'])).format).toBe('D/M/YYYY H:mm');
    // Padded values are the padded format's, which writes them back padded.
    expect((await format(['01/05/2023', '12/31/2023'])).format).toBe('MM/DD/YYYY');
    // Padding mixed: only the unpadded format reads both; it writes every value unpadded.
    const mixed = await read(csv('d', ['01/05/2023', '1/6/2023']));
    expect(mixed.info.format).toBe('M/D/YYYY');
    expect(writeCsv(mixed.table)).toBe(csv('d', ['1/5/2023', '1/6/2023']));
  });

  it('finds the same format for a datetime type set by the user', async () => {
    const padded = await readCsvTable(csv('d', ['01/05/2023', '12/31/2023']), { d: { type: 'datetime' } });
    expect(padded.columns[0]?.format).toBe('MM/DD/YYYY');
    const offsets = await readCsvTable(csv('d', ['2023-01-05 10:20:30+0200']), { d: { type: 'datetime' } });
    expect(offsets.columns[0]?.format).toBe('YYYY-MM-DD HH:mm:ssxx');
    expect(offsets.columns[0]?.utc_offset).toBe('+02:00');
    expect(writeCsv(offsets.table)).toBe(csv('d', ['2023-01-05 10:20:30+0200']));
  });

  it('decides past the distinct-value cap as before it', async () => {
    const start = Date.UTC(2023, 0, 1);
    const minutes = Array.from({ length: 10_050 }, (_, i) => {
      const d = new Date(start + i * 60_000 * 7);
      // Days 1–12 only, so nothing tells day and month apart until the last row.
      return `${d.getUTCMonth() + 1}/${(d.getUTCDate() % 12) + 1}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    });
    expect((await read(csv('t', minutes))).info.format).toBe('M/D/YYYY H:mm');
    expect((await read(csv('t', [...minutes, '13/1/2024 0:00']))).info.format).toBe('D/M/YYYY H:mm');
    expect((await read(csv('t', [...minutes, '1/13/2024 0:00']))).info.format).toBe('M/D/YYYY H:mm');
    expect((await read(csv('t', [...minutes, '1/1/2024 24:00']))).info.type).toBe('text');
  });
});
