import { describe, expect, it } from 'vitest';
import { readCsvTable, toRecords, writeCsv } from '../../core/table/csv.js';
import { ProblemError } from '../../core/errors.js';
import type { OverrideFailure } from '../../core/table/override.js';

const refusal = async (csv: string, overrides: Parameters<typeof readCsvTable>[1]): Promise<{ detail: string; columns: OverrideFailure[] }> => {
  const e = await readCsvTable(csv, overrides).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ProblemError)) throw new Error('expected the types to be refused');
  expect(e.status).toBe(422);
  return { detail: e.detail, columns: e.extensions.columns as OverrideFailure[] };
};

describe('column types set by the user', () => {
  it('reads numbers as categories, keeping their spelling', async () => {
    const csv = 'year,n\n2008,1\n2007,2\n2009,3\n2007,4\n';
    const { table, columns } = await readCsvTable(csv, { year: { type: 'categorical' } });
    expect(columns[0]).toMatchObject({ type: 'categorical', categories: ['2007', '2008', '2009'], reason: 'type set by the user', distinct: 3, missing: 0 });
    expect(columns[1]?.type).toBe('integer');
    expect(toRecords(table, 0, 2)).toEqual([{ year: '2008', n: 1 }, { year: '2007', n: 2 }]);
    expect(writeCsv(table)).toBe(csv);
  });

  it('switches day and month order with the format', async () => {
    const csv = 'd\n01/02/2020\n03/04/2021\n';
    const monthFirst = await readCsvTable(csv);
    expect(monthFirst.columns[0]?.format).toBe('MM/DD/YYYY');
    const dayFirst = await readCsvTable(csv, { d: { type: 'datetime', format: 'DD/MM/YYYY' } });
    expect(dayFirst.columns[0]).toMatchObject({ type: 'datetime', format: 'DD/MM/YYYY' });
    expect(dayFirst.table.columns[0]?.type === 'datetime' && dayFirst.table.columns[0].values[0]).toBe(Date.UTC(2020, 1, 1));
    expect(writeCsv(dayFirst.table)).toBe(csv);
  });

  it('finds the date format that fits when none is given', async () => {
    const { columns } = await readCsvTable('d\n2020-01-02\n2020-03-04\n', { d: { type: 'datetime' } });
    expect(columns[0]).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DD' });
  });

  it('reads 0/1 as booleans and keeps float decimals', async () => {
    const { table, columns } = await readCsvTable('b,x\n0,1\n1,2\n1,3\n', { b: { type: 'boolean' }, x: { type: 'float' } });
    expect(columns[0]).toMatchObject({ type: 'boolean', categories: ['0', '1'] });
    expect(columns[1]).toMatchObject({ type: 'float' });
    expect(writeCsv(table)).toBe('b,x\n0,1\n1,2\n1,3\n');
  });

  it('refuses values that do not parse, naming the column, the count and the first rows', async () => {
    const csv = ['code,n', 'abc,1', '12,2', 'NA,3', 'x y,4', '1.5,5', ...Array.from({ length: 10 }, (_, i) => `q${i},${i}`)].join('\n');
    const { detail, columns } = await refusal(csv, { code: { type: 'integer' } });
    expect(columns).toHaveLength(1);
    expect(columns[0]).toMatchObject({ column: 'code', type: 'integer', bad_count: 13 });
    expect(columns[0]!.bad_values).toEqual([
      { row: 1, line: 2, value: 'abc' },
      { row: 4, line: 5, value: 'x y' },
      { row: 5, line: 6, value: '1.5' },
      { row: 6, line: 7, value: 'q0' },
      { row: 7, line: 8, value: 'q1' },
    ]);
    expect(detail).toContain('code cannot be integer');
    expect(detail).toContain('13 values do not fit, e.g. row 1 "abc"');
  });

  it('refuses dates in another format and a third boolean spelling', async () => {
    const dates = await refusal('d\n01/02/2020\n2020-01-02\n', { d: { type: 'datetime', format: 'DD/MM/YYYY' } });
    expect(dates.columns[0]).toMatchObject({ bad_count: 1, bad_values: [{ row: 2, value: '2020-01-02' }] });
    const flags = await refusal('b\nyes\nno\nYes\n', { b: { type: 'boolean' } });
    expect(flags.columns[0]).toMatchObject({ bad_count: 1, bad_values: [{ row: 3, value: 'Yes' }] });
  });

  it('refuses a type for a column the file does not have', async () => {
    await expect(readCsvTable('a\n1\n', { b: { type: 'text' } })).rejects.toThrow(/does not have: b/);
  });
});
