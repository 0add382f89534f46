import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readCsvTable, writeCsv } from '../../core/table/csv.js';
import { dataset } from '../helpers/stack.js';

/** Hand-checked schemas of the shared tables (type of every column). */
const EXPECTED: Record<string, Record<string, string>> = {
  airquality: { Ozone: 'integer', 'Solar.R': 'integer', Wind: 'float', Temp: 'integer', Month: 'integer', Day: 'integer' },
  cars: {
    Name: 'text', Miles_per_Gallon: 'float', Cylinders: 'integer', Displacement: 'float', Horsepower: 'integer',
    Weight_in_lbs: 'integer', Acceleration: 'float', Year: 'datetime', Origin: 'categorical',
  },
  credit: {
    Status: 'categorical', Seniority: 'integer', Home: 'categorical', Time: 'integer', Age: 'integer', Marital: 'categorical',
    Records: 'boolean', Job: 'categorical', Expenses: 'integer', Income: 'integer', Assets: 'integer', Debt: 'integer', Amount: 'integer', Price: 'integer',
  },
  diamonds: { carat: 'float', cut: 'categorical', color: 'categorical', clarity: 'categorical', depth: 'float', table: 'float', price: 'integer', x: 'float', y: 'float', z: 'float' },
  penguins: {
    species: 'categorical', island: 'categorical', bill_length_mm: 'float', bill_depth_mm: 'float',
    flipper_length_mm: 'integer', body_mass_g: 'integer', sex: 'categorical', year: 'integer',
  },
  seattle_weather: { date: 'datetime', precipitation: 'float', temp_max: 'float', temp_min: 'float', wind: 'float', weather: 'categorical' },
  titanic: { name: 'text', survived: 'boolean', sex: 'categorical', age: 'float', passengerClass: 'categorical' },
};
const ROWS: Record<string, number> = { airquality: 153, cars: 406, credit: 4454, diamonds: 53940, penguins: 344, seattle_weather: 1461, titanic: 1309 };

describe('inference on the shared tables', () => {
  for (const [name, types] of Object.entries(EXPECTED)) {
    it(`${name}: hand-checked types, exact row count, byte-exact CSV round trip`, async () => {
      const text = await readFile(dataset(`${name}.csv`), 'utf8');
      const { table, columns } = await readCsvTable(text);
      expect(table.rowCount).toBe(ROWS[name]);
      expect(Object.fromEntries(columns.map((c) => [c.name, c.type]))).toEqual(types);
      for (const c of columns) expect(c.reason?.length).toBeGreaterThan(5);
      expect(writeCsv(table)).toBe(text);
    });
  }

  it('keeps source formats and counts missing cells', async () => {
    const { columns } = await readCsvTable(await readFile(dataset('airquality.csv')));
    expect(columns.find((c) => c.name === 'Ozone')?.missing).toBe(37);
    expect(columns.find((c) => c.name === 'Solar.R')?.missing).toBe(7);
    const cars = await readCsvTable(await readFile(dataset('cars.csv')));
    expect(cars.columns.find((c) => c.name === 'Year')?.format).toBe('YYYY-MM-DD');
  });
});

describe('tricky columns', () => {
  const infer = async (csv: string) => Object.fromEntries((await readCsvTable(csv)).columns.map((c) => [c.name, c]));

  it('reads zip codes with leading zeros as categories, not numbers', async () => {
    const cols = await infer('zip,n\n02134,1\n10001,2\n02134,3\n94105,4\n');
    expect(cols.zip!.type).toBe('categorical');
    expect(cols.zip!.categories).toEqual(['02134', '10001', '94105']);
  });

  it('reads times of day as datetimes on 1970-01-01, and minutes:seconds past 23 as text', async () => {
    const cols = await infer('open,close,lap\n08:00,17:30:00,75:10\n09:45,23:59:59,81:02\n');
    expect(cols.open).toMatchObject({ type: 'datetime', format: 'HH:mm' });
    expect(cols.close).toMatchObject({ type: 'datetime', format: 'HH:mm:ss' });
    const { table } = await readCsvTable('close\n17:30:00\n23:59:59\n');
    expect(Array.from((table.columns[0] as { values: Float64Array }).values)).toEqual([(17 * 3600 + 30 * 60) * 1000, (24 * 3600 - 1) * 1000]);
    expect(cols.lap!.type).not.toBe('datetime');
  });

  it('reads a line of just "" as a missing value of a one-column file, skips blank lines, and writes it back', async () => {
    const { table } = await readCsvTable('a\n1\n""\n3\n\n4\n');
    expect(Array.from((table.columns[0] as { values: Float64Array }).values)).toEqual([1, NaN, 3, 4]);
    expect(writeCsv(table)).toBe('a\n1\n""\n3\n4\n');
  });

  it('reads the datetimes of Python, spreadsheets and HTML forms, and writes them back as spelled', async () => {
    const p2 = (n: number) => String(n).padStart(2, '0');
    const columns: [string, (i: number) => string][] = [
      ['YYYY-MM-DDTHH:mm:ss.SSSSSSxxx', (i) => `2022-01-${p2(1 + (i % 28))}T${p2(i % 24)}:${p2(i % 60)}:00.${String(123 + i).padStart(6, '0')}+00:00`],
      ['YYYY-MM-DDTHH:mm:ss.SSSSSSZ', (i) => `2022-01-${p2(1 + (i % 28))}T${p2(i % 24)}:${p2(i % 60)}:00.${String(456 + i).padStart(6, '0')}Z`],
      ['YYYY-MM-DD HH:mm:ss.SSSxxx', (i) => `2022-01-${p2(1 + (i % 28))} ${p2(i % 24)}:${p2(i % 60)}:00.${String(45 + i).padStart(3, '0')}+00:00`],
      ['YYYY-MM-DDTHH:mm', (i) => `2022-01-${p2(1 + (i % 28))}T${p2(i % 24)}:${p2(i % 60)}`],
      ['DD/MM/YYYY HH:mm:ss', (i) => `${p2(1 + (i % 28))}/${p2(1 + (i % 12))}/2022 ${p2(i % 24)}:${p2(i % 60)}:15`],
      ['MM/DD/YYYY HH:mm', (i) => `${p2(1 + (i % 12))}/${p2(1 + (i % 28))}/2022 ${p2(i % 24)}:${p2(i % 60)}`],
      ['YYYY/MM/DD HH:mm:ss', (i) => `2022/${p2(1 + (i % 12))}/${p2(1 + (i % 28))} ${p2(i % 24)}:${p2(i % 60)}:15`],
      ['DD.MM.YYYY HH:mm:ss', (i) => `${p2(1 + (i % 28))}.${p2(1 + (i % 12))}.2022 ${p2(i % 24)}:${p2(i % 60)}:15`],
      ['HH:mm:ss.SSS', (i) => `${p2(i % 24)}:${p2(i % 60)}:15.${String(100 + i).padStart(3, '0')}`],
    ];
    for (const [format, value] of columns) {
      const csv = 'v\n' + Array.from({ length: 40 }, (_, i) => value(i) + '\n').join('');
      const { table } = await readCsvTable(csv);
      expect(table.columns[0], format).toMatchObject({ type: 'datetime', format });
      // Offsets are written at zero, which these values already are: the bytes come back as they went in.
      expect(writeCsv(table), format).toBe(csv);
    }
  });

  it('tells dd/mm/yyyy from mm/dd/yyyy by values above 12', async () => {
    expect((await infer('d\n01/02/2024\n25/12/2023\n'))['d']).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY' });
    expect((await infer('d\n01/02/2024\n12/25/2023\n'))['d']).toMatchObject({ type: 'datetime', format: 'MM/DD/YYYY' });
    expect((await infer('d\n01/02/2024\n03/04/2023\n'))['d']!.reason).toContain('ambiguous');
  });

  it('treats N/A, null, empty and friends as missing', async () => {
    const cols = await infer('x,y\n1,a\nN/A,b\nnull,\n,c\nNA,a\n4,b\n');
    expect(cols.x).toMatchObject({ type: 'integer', missing: 4 });
    expect(cols.y).toMatchObject({ type: 'categorical', missing: 1 });
  });

  it('reads Y/N as boolean and keeps 0/1 numeric', async () => {
    const cols = await infer('flag,bit\nY,0\nN,1\nY,1\n');
    expect(cols.flag).toMatchObject({ type: 'boolean', categories: ['N', 'Y'] });
    expect(cols.bit!.type).toBe('integer');
  });

  it('recognises unique keys as ids', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `u${1000 + i},${i % 3}`).join('\n');
    expect((await infer(`key,g\n${rows}\n`)).key!.type).toBe('id');
  });

  it('sniffs semicolons, tabs, CRLF, a BOM and Latin-1', async () => {
    expect((await readCsvTable('a;b\n1,5;x\n2,5;y\n')).dialect.delimiter).toBe(';');
    expect((await readCsvTable('a\tb\r\n1\tx\r\n2\ty\r\n')).dialect).toMatchObject({ delimiter: '\t', lineEnding: '\r\n' });
    const bom = await readCsvTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,n\nx,1\n')]));
    expect(bom.dialect.encoding).toBe('utf-8-bom');
    expect(bom.table.columns[0]!.name).toBe('name');
    const latin = await readCsvTable(Buffer.from('name,n\nMüller,1\nJosé,2\n', 'latin1'));
    expect(latin.dialect.encoding).toBe('windows-1252');
    expect(writeCsv(latin.table)).toBe('name,n\nMüller,1\nJosé,2\n');
  });

  it('reads a file separated by single spaces, and only where every line splits alike', async () => {
    const spaced = await readCsvTable('OBS GPA GRADE\n1 2.66 0\n2 2.89 1\n3 3.28 0\n');
    expect(spaced.dialect.delimiter).toBe(' ');
    expect(spaced.table.columns.map((c) => [c.name, c.type])).toEqual([['OBS', 'integer'], ['GPA', 'float'], ['GRADE', 'integer']]);
    expect(writeCsv(spaced.table, { delimiter: ' ' })).toBe('OBS GPA GRADE\n1 2.66 0\n2 2.89 1\n3 3.28 0\n');
    // Names of one or two words stay one column; so does a comma file whose fields hold spaces.
    expect((await readCsvTable('name\nAda Lovelace\nAlan Turing\nGrace\n')).table.columns).toHaveLength(1);
    expect((await readCsvTable('city,person\nNew York,Ada Lovelace\nSan Jose,Alan Turing\n')).dialect.delimiter).toBe(',');
    // A one-column file whose values hold semicolons is one column of text.
    const notes = await readCsvTable('note\nitem 0; qty 0\nitem 1; qty 2\nitem 2; qty 4\n');
    expect(notes.table.columns.map((c) => c.name)).toEqual(['note']);
    expect(writeCsv(notes.table)).toBe('note\nitem 0; qty 0\nitem 1; qty 2\nitem 2; qty 4\n');
  });

  it("reads R's row names, which the header does not name, as an unnamed first column", async () => {
    const r = await readCsvTable('"Weight","Feed"\n"1",26.5,NA\n"2",27.6,5.2\n"3",28.1,6\n');
    expect(r.dialect.row_names).toBe(true);
    expect(r.table.columns.map((c) => [c.name, c.type])).toEqual([['column_1', 'integer'], ['Weight', 'float'], ['Feed', 'float']]);
    expect(writeCsv(r.table)).toBe('column_1,Weight,Feed\n1,26.5,\n2,27.6,5.2\n3,28.1,6\n');
    // A header as long as its rows has none; where only some rows are longer, they are refused.
    expect((await readCsvTable('a,b\n1,2\n3,4\n')).dialect.row_names).toBeUndefined();
    await expect(readCsvTable('a,b\n1,2,3\n4,5\n')).rejects.toThrow(/Line 2 has 3 fields but the header has 2/);
  });

  it('keeps quoted delimiters and newlines inside fields', async () => {
    const csv = 'note,n\n"a, b",1\n"line1\nline2",2\n"say ""hi""",3\n';
    const { table } = await readCsvTable(csv);
    expect(writeCsv(table)).toBe(csv);
  });

  it('invents names for a headerless file and dedupes header names', async () => {
    expect((await readCsvTable('1,2\n3,4\n5,6\n')).columns.map((c) => c.name)).toEqual(['column_1', 'column_2']);
    expect((await readCsvTable('a,a,\n1,2,3\n')).columns.map((c) => c.name)).toEqual(['a', 'a_2', 'column_3']);
  });
});

describe('bad files', () => {
  const problem = async (input: string | Buffer) => {
    try {
      await readCsvTable(input);
    } catch (e) {
      return e as { status: number; detail: string; extensions: { line?: number } };
    }
    throw new Error('expected a failure');
  };

  it.each([
    ['empty', '', 1],
    ['blank lines only', '\n\n  \n', 1],
    ['header without rows', 'a,b\n', 2],
    ['a short row', 'a,b,c\n1,2,3\n4,5\n', 3],
    ['a long row', 'a,b\n1,2\n3,4\n5,6,7\n', 4],
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n', undefined],
  ])('%s → 422 with the line', async (_name, input, line) => {
    const e = await problem(input);
    expect(e.status).toBe(422);
    if (line !== undefined) expect(e.extensions.line).toBe(line);
  });

  it('refuses binary data', async () => {
    const e = await problem(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]));
    expect(e.status).toBe(422);
    expect(e.detail).toContain('binary');
  });
});
