/**
 * Datetimes with 12-hour clocks (`1/5/2020 3:45:07 PM`) and English month names (`Jan 1 2000`):
 * read by inference through the real ingest path, written back byte for byte, bad values refused,
 * and generated values written in the column's own format.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DATETIME_FORMATS, datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { byteTemplate, datetimeReader } from '../../core/table/date-bytes.js';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { Rng } from '../../core/random.js';
import type { DatetimeColumn } from '../../core/table/model.js';

const NEW_FORMATS = ['M/D/YYYY h:mm:ss A', 'M/D/YYYY h:mm A', 'YYYY-MM-DD hh:mm:ss A', 'h:mm A', 'MMM D YYYY', 'MMM D, YYYY', 'DD-MMM-YYYY', 'MMMM D, YYYY', 'DD-MON-YYYY'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');
const utc = (Y: number, M: number, D: number, h = 0, m = 0, s = 0) => Date.UTC(Y, M - 1, D, h, m, s);

/** Values of each new format as sources spell them, i = 0…39. */
const SPELLINGS: Record<string, (i: number) => string> = {
  'M/D/YYYY h:mm:ss A': (i) => `${1 + (i % 12)}/${1 + ((i * 3) % 28)}/2020 ${1 + (i % 12)}:${p2((i * 7) % 60)}:${p2((i * 13) % 60)} ${i % 3 ? 'PM' : 'AM'}`,
  'M/D/YYYY h:mm A': (i) => `${1 + ((i * 5) % 12)}/${1 + (i % 28)}/2019 ${1 + ((i * 7) % 12)}:${p2((i * 11) % 60)} ${i % 2 ? 'PM' : 'AM'}`,
  'YYYY-MM-DD hh:mm:ss A': (i) => `2020-${p2(1 + (i % 12))}-${p2(1 + (i % 28))} ${p2(1 + ((i * 5) % 12))}:${p2((i * 7) % 60)}:${p2(i % 60)} ${i % 2 ? 'PM' : 'AM'}`,
  'h:mm A': (i) => `${1 + (i % 12)}:${p2((i * 17) % 60)} ${i % 4 < 2 ? 'AM' : 'PM'}`,
  'MMM D YYYY': (i) => `${MONTHS[i % 12]} ${1 + ((i * 3) % 28)} ${2000 + Math.floor(i / 12)}`,
  'MMM D, YYYY': (i) => `"${MONTHS[(i * 5) % 12]} ${1 + (i % 31 % 28)}, ${1999 + (i % 5)}"`,
  'DD-MMM-YYYY': (i) => `${p2(1 + ((i * 7) % 28))}-${MONTHS[i % 12]}-${2010 + (i % 9)}`,
  'MMMM D, YYYY': (i) => `"${LONG[i % 12]} ${1 + ((i * 11) % 28)}, ${2015 + (i % 7)}"`,
  'DD-MON-YYYY': (i) => `${p2(1 + ((i * 5) % 28))}-${MONTHS[i % 12]!.toUpperCase()}-${2012 + (i % 7)}`,
};

describe('12-hour clocks and month names: inference through ingest', () => {
  it('has nine new formats, together (then only D.M.YYYY and its times), with no byte template (the regex reads them)', () => {
    expect(DATETIME_FORMATS.slice(45, 54).map((f) => f.name)).toEqual(NEW_FORMATS);
    expect(DATETIME_FORMATS.slice(54, 59).every((f) => f.name.startsWith('D.M.YYYY'))).toBe(true);
    for (const name of NEW_FORMATS) expect(byteTemplate(datetimeFormat(name)), name).toBeUndefined();
  });

  it.each(NEW_FORMATS)('reads a column of %s as datetime and writes its bytes back', async (format) => {
    const csv = 'when,n\n' + Array.from({ length: 40 }, (_, i) => `${SPELLINGS[format]!(i)},${i}\n`).join('');
    const { table, columns } = await readCsvTable(csv);
    expect(columns[0], format).toMatchObject({ type: 'datetime', format });
    expect(writeCsv(table)).toBe(csv);
  });

  it("reads vega's stocks.csv dates (`Jan 1 2000`) as MMM D YYYY", async () => {
    const csv = 'symbol,date,price\nMSFT,Jan 1 2000,39.81\nMSFT,Feb 1 2000,36.35\nMSFT,Mar 1 2000,43.22\nAMZN,Jan 1 2000,64.56\nAMZN,Dec 1 2009,134.52\nIBM,Mar 1 2010,125.55\n';
    const { table, columns } = await readCsvTable(csv);
    expect(columns.find((c) => c.name === 'date')).toMatchObject({ type: 'datetime', format: 'MMM D YYYY' });
    expect(Array.from((table.columns[1] as DatetimeColumn).values.slice(0, 2))).toEqual([utc(2000, 1, 1), utc(2000, 2, 1)]);
    expect(writeCsv(table)).toBe(csv);
  });

  it('reads am/pm in lower case and writes them upper case (a value keeps no spelling)', async () => {
    const { table, columns } = await readCsvTable('t\n9:05 am\n12:30 pm\n11:59 PM\n');
    expect(columns[0]).toMatchObject({ type: 'datetime', format: 'h:mm A' });
    expect(writeCsv(table)).toBe('t\n9:05 AM\n12:30 PM\n11:59 PM\n');
  });

  it('leaves columns with a bad value, or no known month name, to the other rules', async () => {
    for (const bad of ['13:00 PM', '0:30 AM', 'Foo 1 2000', 'Feb 30 2020', 'jan 1 2000']) {
      const first = bad.includes(':') ? '9:05 AM' : 'Jan 1 2000';
      const { columns } = await readCsvTable(`v\n${first}\n${bad}\n`);
      expect(columns[0]!.type, bad).not.toBe('datetime');
    }
  });
});

describe('12-hour clocks and month names: parse and format', () => {
  const parse = (format: string, text: string) => parseDatetime(datetimeFormat(format), text);

  it('reads 12 AM as 00h and 12 PM as 12h, and writes them back so', () => {
    const cases: [string, string, number][] = [
      ['M/D/YYYY h:mm:ss A', '1/5/2020 12:00:00 AM', utc(2020, 1, 5, 0)],
      ['M/D/YYYY h:mm:ss A', '1/5/2020 12:00:00 PM', utc(2020, 1, 5, 12)],
      ['M/D/YYYY h:mm:ss A', '1/5/2020 3:45:07 PM', utc(2020, 1, 5, 15, 45, 7)],
      ['M/D/YYYY h:mm:ss A', '12/31/1999 11:59:59 PM', utc(1999, 12, 31, 23, 59, 59)],
      ['M/D/YYYY h:mm A', '2/29/2020 12:01 AM', utc(2020, 2, 29, 0, 1)],
      ['M/D/YYYY h:mm A', '10/10/2010 1:00 PM', utc(2010, 10, 10, 13)],
      ['YYYY-MM-DD hh:mm:ss A', '2020-01-05 03:45:07 PM', utc(2020, 1, 5, 15, 45, 7)],
      ['YYYY-MM-DD hh:mm:ss A', '2020-01-05 12:00:00 AM', utc(2020, 1, 5, 0)],
      ['YYYY-MM-DD hh:mm:ss A', '2020-01-05 12:59:59 PM', utc(2020, 1, 5, 12, 59, 59)],
      ['h:mm A', '9:05 AM', utc(1970, 1, 1, 9, 5)],
      ['h:mm A', '12:00 AM', 0],
      ['h:mm A', '12:30 PM', utc(1970, 1, 1, 12, 30)],
      ['h:mm A', '11:59 PM', utc(1970, 1, 1, 23, 59)],
      ['MMM D YYYY', 'Jan 1 2000', utc(2000, 1, 1)],
      ['MMM D, YYYY', 'Jan 5, 2020', utc(2020, 1, 5)],
      ['MMM D, YYYY', 'Feb 29, 2024', utc(2024, 2, 29)],
      ['DD-MMM-YYYY', '05-Jan-2020', utc(2020, 1, 5)],
      ['DD-MMM-YYYY', '31-Dec-1999', utc(1999, 12, 31)],
      ['MMMM D, YYYY', 'September 25, 2021', utc(2021, 9, 25)],
      ['MMMM D, YYYY', 'May 1, 2020', utc(2020, 5, 1)],
      ['DD-MON-YYYY', '05-JAN-2020', utc(2020, 1, 5)],
      ['DD-MON-YYYY', '31-DEC-1999', utc(1999, 12, 31)],
    ];
    for (const [format, text, ms] of cases) {
      expect(parse(format, text), text).toBe(ms);
      expect(formatDatetime(datetimeFormat(format), ms), text).toBe(text);
    }
  });

  it('writes any instant so that it reads back to itself at the format’s precision, byte for byte', () => {
    const precision: Record<string, number> = { 'M/D/YYYY h:mm:ss A': 1000, 'YYYY-MM-DD hh:mm:ss A': 1000, 'M/D/YYYY h:mm A': 60_000, 'h:mm A': 60_000 };
    const day = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: utc(1900, 1, 1), max: utc(2100, 1, 1) }), fc.constantFrom(...NEW_FORMATS), (ms, name) => {
        const format = datetimeFormat(name);
        const step = precision[name] ?? day;
        // Times of day are read on 1970-01-01.
        const expected = name === 'h:mm A' ? (ms - Math.floor(ms / day) * day) - ((ms - Math.floor(ms / day) * day) % step) : ms - (((ms % step) + step) % step);
        const text = formatDatetime(format, ms);
        expect(parseDatetime(format, text), text).toBe(expected);
        expect(formatDatetime(format, parseDatetime(format, text))).toBe(text);
      }),
      { numRuns: 4000 },
    );
  });

  it('refuses hours 0 and above 12, unknown months and impossible dates', () => {
    const bad: [string, string][] = [
      ['h:mm A', '13:00 PM'], ['h:mm A', '0:30 AM'], ['h:mm A', '00:30 AM'], ['h:mm A', '9:60 AM'], ['h:mm A', '9:05AM'], ['h:mm A', '9:05 A.M.'], ['h:mm A', '9:05'],
      ['M/D/YYYY h:mm:ss A', '1/5/2020 13:45:07 PM'], ['M/D/YYYY h:mm:ss A', '1/5/2020 0:45:07 AM'], ['M/D/YYYY h:mm:ss A', '13/5/2020 3:45:07 PM'], ['M/D/YYYY h:mm:ss A', '1/5/2020 3:45:07'],
      ['M/D/YYYY h:mm A', '2/30/2020 1:00 PM'], ['YYYY-MM-DD hh:mm:ss A', '2020-01-05 00:45:07 AM'], ['YYYY-MM-DD hh:mm:ss A', '2020-01-05 3:45:07 PM'],
      ['MMM D YYYY', 'Foo 1 2000'], ['MMM D YYYY', 'jan 1 2000'], ['MMM D YYYY', 'Jan 0 2000'], ['MMM D YYYY', 'Feb 30 2020'], ['MMM D YYYY', 'January 1 2000'], ['MMM D YYYY', 'Jan 1, 2000'],
      ['MMM D, YYYY', 'Sept 5, 2020'], ['MMM D, YYYY', 'Jan 5 2020'], ['DD-MMM-YYYY', '5-Jan-2020'], ['DD-MMM-YYYY', '05-JAN-2020'], ['DD-MMM-YYYY', '31-Apr-2020'],
      ['DD-MON-YYYY', '05-Jan-2020'], ['DD-MON-YYYY', '05-jan-2020'], ['DD-MON-YYYY', '5-JAN-2020'], ['DD-MON-YYYY', '31-APR-2020'], ['DD-MON-YYYY', '05-JANUARY-2020'],
      ['MMMM D, YYYY', 'Jan 5, 2020'], ['MMMM D, YYYY', 'Septembre 5, 2020'], ['MMMM D, YYYY', 'February 29, 2023'],
    ]; // prettier-ignore
    for (const [format, text] of bad) expect(parse(format, text), `${format} ${text}`).toBeNaN();
  });

  it('reads from bytes (the regex fallback) exactly as from text', () => {
    const decode = (b: Buffer, s: number, e: number) => b.toString('utf8', s, e);
    for (const name of NEW_FORMATS) {
      const read = datetimeReader(datetimeFormat(name));
      for (let i = 0; i < 40; i++) {
        const text = SPELLINGS[name]!(i).replaceAll('"', '');
        const bytes = Buffer.from(`,${text},`);
        expect(read(bytes, 1, bytes.length - 1, decode), text).toBe(parseDatetime(datetimeFormat(name), text));
      }
    }
  });

  it('reads no value of an older format, nor lets an older format read one of these (inference of old columns is unchanged)', () => {
    const older = DATETIME_FORMATS.filter((f) => !NEW_FORMATS.includes(f.name) && f.epochUnit === undefined);
    const newer = NEW_FORMATS.map(datetimeFormat);
    fc.assert(
      fc.property(fc.integer({ min: utc(1950, 1, 1), max: utc(2050, 1, 1) }), (ms) => {
        for (const f of older) for (const g of newer) expect(parseDatetime(g, formatDatetime(f, ms)), `${g.name} of ${f.name}`).toBeNaN();
        for (const g of newer) for (const f of older) expect(parseDatetime(f, formatDatetime(g, ms)), `${f.name} of ${g.name}`).toBeNaN();
      }),
      { numRuns: 300 },
    );
  });
});

describe('12-hour clocks and month names: generated values', () => {
  it('the Gaussian copula writes values that read back in each column’s format', async () => {
    const header = NEW_FORMATS.map((_, k) => `c${k}`).join(',') + ',n';
    const rows = Array.from({ length: 200 }, (_, i) => NEW_FORMATS.map((f) => SPELLINGS[f]!(i % 40 + Math.floor(i / 40))).join(',') + `,${i % 9}`);
    const { table, columns } = await readCsvTable([header, ...rows].join('\n') + '\n');
    expect(columns.slice(0, NEW_FORMATS.length).map((c) => c.format)).toEqual(NEW_FORMATS);
    const synthetic = (await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(7))).sample(300, Rng.seeded(8));
    const out = writeCsv(synthetic);
    const again = await readCsvTable(out);
    expect(again.columns.slice(0, NEW_FORMATS.length).map((c) => [c.type, c.format])).toEqual(NEW_FORMATS.map((f) => ['datetime', f]));
    for (let k = 0; k < NEW_FORMATS.length; k++) {
      const format = datetimeFormat(NEW_FORMATS[k]!);
      const values = (again.table.columns[k] as DatetimeColumn).values;
      expect(values.every((v) => !Number.isNaN(v)), format.name).toBe(true);
      // And they are written back exactly as generated.
      expect(Array.from(values, (v) => formatDatetime(format, v))).toEqual(Array.from((synthetic.columns[k] as DatetimeColumn).values, (v) => formatDatetime(format, v)));
    }
  });
});
