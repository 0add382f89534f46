/**
 * Session 22's decimal-comma defects, at the table level:
 * 1. a float override in a comma-delimited file reads quoted decimal commas (`1,"3,5"`), and CSV
 *    output writes them back so, quoted in the source's `,`;
 * 2. CSV output of a decimal-comma column keeps the source's delimiter (tab, `;`, `|`, `,`), not
 *    always `;`, and reads back to the same values through our own ingest.
 */
import { describe, expect, it } from 'vitest';
import { csvDelimiter, readCsvTable, writeCsv } from '../../core/table/csv.js';
import { NumberAffixSchema, decodeTable, encodeTable } from '../../core/table/arrow.js';
import { decimalCommaAffix } from '../../core/table/numbers.js';
import { numbersColumn, spellingOf, type Column, type Table } from '../../core/table/model.js';
import type { ColumnOverrides } from '../../core/table/override.js';

const numbers = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return c.type === 'float' || c.type === 'integer' ? [...c.values] : undefined;
};
const affixOf = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return c.type === 'float' || c.type === 'integer' ? c.affix : undefined;
};

describe('a float override reads quoted decimal commas in a comma file', () => {
  const source = 'id,price\n1,"3,5"\n2,"4,25"\n';
  const asFloat: ColumnOverrides = { price: { type: 'float' } };

  it('accepts the retype, reads 3.5 and 4.25, and records the comma delimiter', async () => {
    const { table, columns, dialect } = await readCsvTable(source, asFloat);
    expect(dialect.delimiter).toBe(',');
    expect(columns[1]).toMatchObject({ name: 'price', type: 'float', decimals: 2 });
    expect(columns[1]!.reason).toContain('decimal comma');
    expect(numbers(table, 'price')).toEqual([3.5, 4.25]);
    expect(affixOf(table, 'price')).toEqual({ ...decimalCommaAffix(false), delimiter: ',' });
  });

  it('writes them back as decimal commas quoted in `,`, which read back to the same values under the same type', async () => {
    const { table } = await readCsvTable(source, asFloat);
    expect(csvDelimiter(table)).toBe(',');
    const csv = writeCsv(table);
    expect(csv).toBe(source);
    const again = await readCsvTable(csv, asFloat);
    expect(numbers(again.table, 'price')).toEqual([3.5, 4.25]);
    expect(writeCsv(again.table)).toBe(csv);
    // Chunk metadata keeps the delimiter too (a file's typed copy is read from it).
    expect(writeCsv(decodeTable(encodeTable(table)))).toBe(csv);
  });

  it('still reads values that are all thousands-shaped as thousands, and refuses a mix', async () => {
    const thousands = await readCsvTable('id,n\n1,"1,234"\n2,5\n', { n: { type: 'float' } });
    expect(numbers(thousands.table, 'n')).toEqual([1234, 5]);
    const mixed = await readCsvTable('id,n\n1,"1,234.5"\n2,"0,5"\n3,"0,25"\n', { n: { type: 'float' } }).catch((e: unknown) => e);
    expect(mixed).toMatchObject({ status: 422 });
  });

  it('leaves inference in a comma file alone: quoted decimal commas stay text without the retype', async () => {
    const { columns } = await readCsvTable(source);
    expect(['text', 'categorical']).toContain(columns[1]!.type);
  });
});

describe('CSV output keeps the source delimiter of a decimal-comma column', () => {
  const rows = (d: string) => `price${d}label${d}n\n0,33${d}a${d}1\n-1.234,5${d}"x${d}y"${d}2\n12${d}c${d}3\n${d}d${d}4\n`;

  for (const [name, d] of [['tab', '\t'], ['pipe', '|'], ['semicolon', ';']] as const) {
    it(`a ${name}-delimited source is written ${name}-delimited and reads back to the same values and types`, async () => {
      const first = await readCsvTable(rows(d));
      expect(first.dialect.delimiter).toBe(d);
      expect(csvDelimiter(first.table)).toBe(d);
      const csv = writeCsv(first.table);
      expect(csv).toBe(rows(d));
      const again = await readCsvTable(csv);
      expect(again.dialect.delimiter).toBe(d);
      expect(again.columns.map((c) => c.type)).toEqual(first.columns.map((c) => c.type));
      expect(numbers(again.table, 'price')).toEqual([0.33, -1234.5, 12, NaN]);
      expect(writeCsv(again.table)).toBe(csv);
    });
  }

  it('a generated column keeps it: the spelling a model saves carries the delimiter', async () => {
    const { table } = await readCsvTable('a\tb\n0,25\tx\n1,5\ty\n');
    const source = table.columns[0]!;
    if (source.type !== 'float') throw new Error('a float column expected');
    // As a model records a column and a generator builds one from the record.
    const saved = { name: 'a', type: 'float', ...spellingOf(source), affix: NumberAffixSchema.parse(JSON.parse(JSON.stringify(source.affix))) };
    const generated: Table = { rowCount: 2, columns: [numbersColumn(saved, Float64Array.from([2.5, 0.75])) as Column, table.columns[1]!] };
    expect(writeCsv(generated)).toBe('a\tb\n2,5\tx\n0,75\ty\n');
  });

  it('writes `;` for a spelling saved without its delimiter, or when columns disagree', async () => {
    const { table } = await readCsvTable('a\tb\n0,25\t1,5\n');
    const strip = (c: Column, delimiter?: string): Column =>
      c.type === 'float' && c.affix ? { ...c, affix: { ...decimalCommaAffix(false), ...(delimiter ? { delimiter } : {}) } } : c;
    expect(csvDelimiter({ ...table, columns: table.columns.map((c) => strip(c)) })).toBe(';');
    expect(csvDelimiter({ ...table, columns: [strip(table.columns[0]!, '|'), strip(table.columns[1]!, '\t')] })).toBe(';');
    // A space-delimited source's rows would not sniff back as such.
    expect(csvDelimiter({ ...table, columns: table.columns.map((c) => strip(c, ' ')) })).toBe(';');
  });
});
