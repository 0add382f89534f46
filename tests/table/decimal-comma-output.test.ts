/**
 * Columns read with a decimal comma (infer.ts rule 4c, `0,33`, `1.234,56`) are written back so: the
 * spelling travels as an affix (numbers.ts decimalCommaAffix), CSV is `;`-delimited for it (csv.ts
 * csvDelimiter) and reads back to the same numbers and type; JSON keeps numbers; columns saved
 * without the spelling keep the point.
 */
import { describe, expect, it } from 'vitest';
import { csvDelimiter, readCsvTable, toRecords, writeCsv } from '../../core/table/csv.js';
import { affixNumber, decimalCommaAffix, isBareDecimalComma } from '../../core/table/numbers.js';
import { decodeTable, encodeTable } from '../../core/table/arrow.js';
import type { Column, Table } from '../../core/table/model.js';

const numbers = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return c.type === 'float' || c.type === 'integer' ? [...c.values] : undefined;
};

describe('decimal comma: the spelling', () => {
  it('writes a decimal comma, `.` groups only before a comma, and no exponent', () => {
    const grouped = decimalCommaAffix(true);
    const plain = decimalCommaAffix(false);
    expect(grouped).toEqual({ prefix: '', suffix: '', decimalComma: true, thousands: true });
    expect(affixNumber('-1234567.5', grouped)).toBe('-1.234.567,5');
    expect(affixNumber('-1234567.5', plain)).toBe('-1234567,5');
    // `1.234` alone would read back as 1.234 (DECIMAL_COMMA has groups only before a comma).
    expect(affixNumber('1234', grouped)).toBe('1234');
    expect(affixNumber('0.50', grouped)).toBe('0,50');
    expect(affixNumber('-0.00', plain)).toBe('0,00');
    expect(affixNumber('1.5e-7', plain)).toBe('0,00000015');
    // A currency's spelling still groups whole numbers (`1.234 €` reads back as 1234).
    expect(affixNumber('1234', { prefix: '', suffix: ' €', decimalComma: true, thousands: true })).toBe('1.234 €');
    expect(isBareDecimalComma(plain)).toBe(true);
    expect(isBareDecimalComma({ prefix: '', suffix: ' €', decimalComma: true })).toBe(false);
    expect(isBareDecimalComma({ prefix: '', suffix: '', thousands: true })).toBe(false);
  });

  it('is inferred with its grouping, and kept by a float override', async () => {
    const { table } = await readCsvTable('a;b;c\n0,33;1.234,5;0,5\n7;2,25;1.234,5\n', { c: { type: 'float' } });
    const affixes = table.columns.map((c) => (c.type === 'float' ? c.affix : undefined));
    // With the file's delimiter, which output keeps (decimal-comma-s22.test.ts).
    const semicolon = { delimiter: ';' };
    expect(affixes).toEqual([{ ...decimalCommaAffix(false), ...semicolon }, { ...decimalCommaAffix(true), ...semicolon }, { ...decimalCommaAffix(true), ...semicolon }]);
  });
});

describe('decimal comma: CSV and JSON output', () => {
  const source = 'price;label;when;n\n0,33;a,b;2023-01-05;1,234\n-1.234,5;"x;y";2023-01-06;12,500\n12;c;;7\n;d;2023-01-07;\n';

  it('writes `;`-delimited CSV with decimal commas that reads back to the same numbers and types', async () => {
    const first = await readCsvTable(source);
    expect(first.dialect.delimiter).toBe(';');
    expect(csvDelimiter(first.table)).toBe(';');
    const csv = writeCsv(first.table);
    // Thousands stay thousands beside it (`1,234` cannot be a decimal comma's), `;` in a label is quoted.
    expect(csv).toBe('price;label;when;n\n0,33;a,b;2023-01-05;1,234\n-1.234,5;"x;y";2023-01-06;12,500\n12;c;;7\n;d;2023-01-07;\n');
    const again = await readCsvTable(csv);
    expect(again.dialect.delimiter).toBe(';');
    expect(again.columns.map((c) => c.type)).toEqual(first.columns.map((c) => c.type));
    expect(numbers(again.table, 'price')).toEqual([0.33, -1234.5, 12, NaN]);
    expect(numbers(again.table, 'n')).toEqual([1234, 12500, 7, NaN]);
    expect(writeCsv(again.table)).toBe(csv);
  });

  it('quotes a decimal comma when a comma delimiter is asked for', async () => {
    const { table } = await readCsvTable(source);
    expect(writeCsv(table, { delimiter: ',' }).split('\n')[1]).toBe('"0,33","a,b",2023-01-05,"1,234"');
  });

  it('keeps JSON numbers, and the chunk metadata keeps the spelling', async () => {
    const { table } = await readCsvTable(source);
    expect(toRecords(table, 0, 2).map((r) => r.price)).toEqual([0.33, -1234.5]);
    expect(writeCsv(decodeTable(encodeTable(table)))).toBe(writeCsv(table));
  });

  it('writes a column saved without the spelling (an older file or model) with a point, comma-delimited', async () => {
    const { table } = await readCsvTable('price;name\n0,33;a\n1.234,5;b\n');
    const older: Table = { ...table, columns: table.columns.map((c): Column => (c.type === 'float' ? { ...c, affix: undefined } : c)) };
    expect(csvDelimiter(older)).toBe(',');
    expect(writeCsv(older)).toBe('price,name\n0.33,a\n1234.5,b\n');
  });

  it('keeps a comma delimiter for the European currency spelling, which a comma file reads (quoted)', async () => {
    const { table } = await readCsvTable('p,q\n"1.234,56 €",1\n"12,5 €",2\n');
    expect(csvDelimiter(table)).toBe(',');
    expect(writeCsv(table)).toBe('p,q\n"1.234,56 €",1\n"12,5 €",2\n');
  });
});
