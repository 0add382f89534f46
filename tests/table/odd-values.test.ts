import { describe, expect, it } from 'vitest';
import { readCsvTable, toRecords, writeCsv } from '../../core/table/csv.js';
import { decimalsOf } from '../../core/table/value-facts.js';
import { NumberShape } from '../../core/table/numbers.js';
import { own, setOwn } from '../../core/records.js';

describe('numbers in exponent notation', () => {
  it('count the decimal places of their value', () => {
    for (const [v, d] of [['10.90', 2], ['1e5', 0], ['1.5e-3', 4], ['1e-300', 300], ['1.25E1', 1], ['2.5e+2', 0]] as const) {
      expect(decimalsOf(v), v).toBe(d);
      const shape = new NumberShape();
      expect(shape.read(Buffer.from(v), 0, v.length)).toBe(true);
      expect(shape.decimals, v).toBe(d);
    }
  });

  it('keep tiny values through ingest and CSV/JSON output', async () => {
    const { table, columns } = await readCsvTable('tiny,small\n1e-300,1.5e-3\n2e-300,2.5e-3\n');
    expect(columns.map((c) => c.type)).toEqual(['float', 'float']);
    expect(toRecords(table, 0, 2)).toEqual([{ tiny: 1e-300, small: 0.0015 }, { tiny: 2e-300, small: 0.0025 }]);
    expect(writeCsv(table)).toBe('tiny,small\n1e-300,0.0015\n2e-300,0.0025\n');
  });
});

describe('column names that are Object.prototype members', () => {
  const csv = '__proto__,constructor,toString,hasOwnProperty\n1,a,2,x\n3,b,4,y\n';

  it('ingest as ordinary columns and come back as own keys', async () => {
    const { table, columns } = await readCsvTable(csv);
    expect(columns.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    const [first] = toRecords(table, 0, 1);
    expect(Object.keys(first!)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse('{"__proto__":1,"constructor":"a","toString":2,"hasOwnProperty":"x"}'));
  });

  it('own() and setOwn() see own keys only', () => {
    const record: Record<string, number> = {};
    expect(own(record, 'constructor')).toBeUndefined();
    setOwn(record, '__proto__', 1);
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect(own(record, '__proto__')).toBe(1);
  });
});
