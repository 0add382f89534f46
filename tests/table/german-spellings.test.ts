/**
 * German spreadsheet exports: unpadded dotted dates (`21.6.2022`, `18.8.2022 17:30`, datetime.ts
 * D.M.YYYY and its times) and money with the symbol first and a decimal comma (`€552,56`,
 * `€2.631,93`, `-€12,50`, numbers.ts readAffixed). Each is inferred, read to the right value,
 * accepted as a schema override and written back in the same spelling.
 */
import { describe, expect, it } from 'vitest';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { DATETIME_FORMATS, datetimeFormat, formatDatetime, parseDatetime } from '../../core/table/datetime.js';
import { byteTemplate, parseDatetimeBytes } from '../../core/table/date-bytes.js';
import { AffixedShape, affixedNumberOf, readAffixed } from '../../core/table/numbers.js';
import { cellDecoder } from '../../core/table/cell.js';
import { toStrftime } from '../../core/schema/sdv.js';
import type { NumberColumn } from '../../core/table/model.js';

const read = async (csv: string, overrides?: Parameters<typeof readCsvTable>[1]) => {
  const { table, columns } = await readCsvTable(csv, overrides);
  const column = (name: string) => table.columns.find((c) => c.name === name) as NumberColumn;
  // Inference's summary, with the spelling the table column keeps (affix, fixedDecimals).
  const col = (name: string) => {
    const { affix, fixedDecimals } = column(name);
    return { ...columns.find((c) => c.name === name)!, ...(affix ? { affix } : {}), ...(fixedDecimals !== undefined ? { fixedDecimals } : {}) };
  };
  return { table, col, values: (name: string) => [...column(name).values] };
};
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('unpadded dotted dates (D.M.YYYY)', () => {
  it('parse day first, refuse impossible dates and write back unpadded', () => {
    const cases: [string, string, string][] = [
      ['D.M.YYYY', '21.6.2022', '2022-06-21T00:00:00'],
      ['D.M.YYYY', '01.12.2022', '2022-12-01T00:00:00'],
      ['D.M.YYYY HH:mm', '18.8.2022 17:30', '2022-08-18T17:30:00'],
      ['D.M.YYYY HH:mm', '18.8.2022 07:30', '2022-08-18T07:30:00'],
      ['D.M.YYYY H:mm', '18.8.2022 7:30', '2022-08-18T07:30:00'],
      ['D.M.YYYY HH:mm:ss', '1.1.2022 07:30:05', '2022-01-01T07:30:05'],
      ['D.M.YYYY H:mm:ss', '1.1.2022 7:30:05', '2022-01-01T07:30:05'],
    ];
    for (const [name, text, iso] of cases) {
      const format = datetimeFormat(name);
      expect(parseDatetime(format, text), text).toBe(utc(iso));
      expect(formatDatetime(format, utc(iso)), text).toBe(text.replace(/^0/, ''));
    }
    for (const text of ['31.2.2022', '13.13.2022', '1.1.2022 24:00', '1.1.22', '1.1.2022 7:5']) {
      expect(parseDatetime(datetimeFormat('D.M.YYYY'), text.split(' ')[0]!) || NaN, text).toSatisfy((v: number) => text.includes(' ') || Number.isNaN(v));
      for (const name of ['D.M.YYYY HH:mm', 'D.M.YYYY H:mm']) if (text.includes(' ')) expect(parseDatetime(datetimeFormat(name), text), `${name} ${text}`).toBeNaN();
    }
    expect(toStrftime('D.M.YYYY H:mm')).toBe('%-d.%-m.%Y %-H:%M');
  });

  it('read from bytes exactly as from text', () => {
    const dotted = DATETIME_FORMATS.filter((f) => f.name.startsWith('D.M.YYYY'));
    expect(dotted.map((f) => f.name).sort()).toEqual(['D.M.YYYY', 'D.M.YYYY H:mm', 'D.M.YYYY H:mm:ss', 'D.M.YYYY HH:mm', 'D.M.YYYY HH:mm:ss']);
    const texts = ['21.6.2022', '1.1.2022 7:30', '01.01.2022 07:30', '31.12.1999 23:59:59', '31.2.2022 7:30', '1.1.2022 7:30:5', '111.1.2022', '1.1.2022  7:30'];
    for (const f of dotted) {
      const template = byteTemplate(f)!;
      expect(template, f.name).toBeDefined();
      for (const t of texts) {
        const bytes = Buffer.from(`;${t};`);
        expect(parseDatetimeBytes(template, bytes, 1, bytes.length - 1), `${f.name} ${t}`).toEqual(parseDatetime(f, t));
      }
    }
  });

  it('are inferred (a padded hour kept padded), read, and written back as the source spells them', async () => {
    const csv = ['d;t;u;s;padded', '21.6.2022;18.8.2022 17:30;18.8.2022 7:30;1.1.2022 07:30:05;21.06.2022', '1.12.2022;1.1.2022 07:05;1.1.2022 17:05;2.1.2022 17:00:00;01.12.2022', ''].join('\n');
    const { table, col, values } = await read(csv);
    expect([col('d'), col('t'), col('u'), col('s'), col('padded')].map((c) => [c.type, c.format])).toEqual([
      ['datetime', 'D.M.YYYY'],
      ['datetime', 'D.M.YYYY HH:mm'],
      ['datetime', 'D.M.YYYY H:mm'],
      ['datetime', 'D.M.YYYY HH:mm:ss'],
      ['datetime', 'DD.MM.YYYY'],
    ]);
    expect(values('t')).toEqual([utc('2022-08-18T17:30:00'), utc('2022-01-01T07:05:00')]);
    expect(writeCsv(table, { delimiter: ';' })).toBe(csv);
  });

  it('is a schema override the values fit', async () => {
    const csv = 'when\n21.6.2022\n1.12.2022\n';
    const { col, values } = await read(csv, { when: { type: 'datetime', format: 'D.M.YYYY' } });
    expect(col('when')).toMatchObject({ type: 'datetime', format: 'D.M.YYYY' });
    expect(values('when')).toEqual([utc('2022-06-21T00:00:00'), utc('2022-12-01T00:00:00')]);
  });
});

describe('money with the symbol first and a decimal comma', () => {
  it('reads each spelling as the number written', () => {
    expect(readAffixed('€552,56')).toMatchObject({ prefix: '€', suffix: '', value: 552.56, decimals: 2, decimalComma: true, separated: false });
    expect(readAffixed('€2.631,93')).toMatchObject({ value: 2631.93, decimals: 2, decimalComma: true, separated: true, group: '.' });
    expect(readAffixed('-€12,50')).toMatchObject({ value: -12.5, signInside: false, decimalComma: true });
    expect(readAffixed('€-12,50')).toMatchObject({ value: -12.5, signInside: true, decimalComma: true });
    expect(readAffixed('(€12,50)')).toMatchObject({ value: -12.5, parentheses: true, decimalComma: true });
    expect(readAffixed('€0,5')).toMatchObject({ value: 0.5, decimals: 1 });
    // One comma before three digits reads either way: the column decides.
    expect(readAffixed('€1,234')).toMatchObject({ value: 1234, commaValue: 1.234, separated: true });
    expect(readAffixed('(€1,234)')).toMatchObject({ value: -1234, commaValue: -1.234 });
    expect(readAffixed('€1,234,567')?.commaValue).toBeUndefined();
    for (const v of ['€1.234', '€12']) expect(readAffixed(v)?.decimalComma, v).toBeUndefined();
    for (const v of ['€01,5', '€1.23,4', '€1,', '€,5', '€1.234.5', '-€-1,5', '€1,5€']) expect(readAffixed(v), v).toBeUndefined();
    expect(affixedNumberOf('€1,234', { prefix: '€', suffix: '', decimalComma: true })).toBe(1.234);
    expect(affixedNumberOf('€1,234', { prefix: '€', suffix: '', thousands: true })).toBe(1234);
  });

  it('reads `€1,234` from bytes with the same readings as from text', () => {
    const shape = AffixedShape.of({ prefix: '€', suffix: '' }, cellDecoder('utf-8'))!;
    for (const v of ['€1,234', '-€1,234', '€-12,345', '€1,234,567', '€1,234.50', '€1234']) {
      const bytes = Buffer.from(v);
      expect(shape.read(bytes, 0, bytes.length), v).toBe(true);
      expect({ value: shape.value, commaValue: shape.commaValue }, v).toEqual({ value: readAffixed(v)!.value, commaValue: readAffixed(v)!.commaValue });
    }
  });

  it('is inferred as a float with its affix and written back in the same spelling', async () => {
    const csv = ['price;neg;inside', '€552,56;-€12,50;€-1,5', '€2.631,93;€3,00;€2,0', '€12,00;-€1.000,00;€-0,5', ''].join('\n');
    const { table, col, values } = await read(csv);
    expect(col('price')).toMatchObject({ type: 'float', decimals: 2, fixedDecimals: true, affix: { prefix: '€', suffix: '', decimalComma: true, thousands: true, group: '.' } });
    expect(col('price').reason).toContain('€1.234,50');
    expect(values('price')).toEqual([552.56, 2631.93, 12]);
    expect(col('neg')).toMatchObject({ type: 'float', affix: { prefix: '€', decimalComma: true } });
    expect(values('neg')).toEqual([-12.5, 3, -1000]);
    expect(col('inside')).toMatchObject({ type: 'float', decimals: 1, affix: { prefix: '€', signInside: true, decimalComma: true } });
    expect(values('inside')).toEqual([-1.5, 2, -0.5]);
    expect(writeCsv(table, { delimiter: ';' })).toBe(csv);
    // In a comma file the cells are quoted, and read back alike.
    const comma = writeCsv(table);
    expect(comma.split('\n')[1]).toBe('"€552,56","-€12,50","€-1,5"');
    expect(writeCsv((await readCsvTable(comma)).table)).toBe(comma);
  });

  it('reads `€1,234` as the other values show: a decimal comma with `€5,25`, thousands alone or with `€1.50`', async () => {
    const { col, values } = await read('a;b;c\n€1,234;€1,234;€1,234\n€5,25;€12,500;€1.50\n');
    expect(col('a')).toMatchObject({ type: 'float', decimals: 3, fixedDecimals: false, affix: { prefix: '€', decimalComma: true } });
    expect(col('a').affix?.thousands).toBeUndefined();
    expect(values('a')).toEqual([1.234, 5.25]);
    expect(col('b')).toMatchObject({ type: 'integer', affix: { prefix: '€', thousands: true } });
    expect(values('b')).toEqual([1234, 12500]);
    expect(col('c')).toMatchObject({ type: 'float', affix: { prefix: '€', thousands: true } });
    expect(values('c')).toEqual([1234, 1.5]);
    // A decimal point and a decimal comma in one column are not one spelling.
    expect((await read('d;e\n€1.50;x\n€1,50;y\n')).col('d').type).not.toBe('float');
  });

  it('reads `€1,234` past the distinct cap, from bytes, as the column reads it', async () => {
    // Distinct ambiguous values first (read from bytes past the cap), then one only a decimal comma reads.
    const rows = Array.from({ length: 12_000 }, (_, i) => `€${1 + Math.floor(i / 1000)},${String(i % 1000).padStart(3, '0')}`);
    const { col, values } = await read(`v;w\n${rows.map((r) => `${r};x`).join('\n')}\n€5,5;x\n`);
    expect(col('v')).toMatchObject({ type: 'float', decimals: 3, affix: { prefix: '€', decimalComma: true } });
    const v = values('v');
    expect(v[0]).toBe(1);
    expect(v[11_999]).toBe(12.999);
    expect(v.at(-1)).toBe(5.5);
  });

  it('takes a float override', async () => {
    const { col, values } = await read('v;w\n€552,56;a\n€1,234;b\n', { v: { type: 'float' } });
    expect(col('v')).toMatchObject({ type: 'float', decimals: 3, affix: { prefix: '€', decimalComma: true } });
    expect(values('v')).toEqual([552.56, 1.234]);
  });
});
