/**
 * The constraint helper offers only columns a constraint type takes (web/src/views/constraints-help.ts),
 * checked against what the API refuses (core/synth/constraints.ts) so the two cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { columnsFor, rangeText } from '../../web/src/views/constraints-help.js';
import { sizeText } from '../../web/src/views/generate.js';
import { checkAgainstReal, type Constraint } from '../../core/synth/constraints.js';
import type { Table } from '../../core/table/model.js';

const day = (d: number) => Date.UTC(2024, 0, d);
const real: Table = {
  rowCount: 3,
  columns: [
    { type: 'integer', name: 'age', values: Float64Array.from([20, 30, 40]) },
    { type: 'float', name: 'fare', values: Float64Array.from([1.5, 2, 3]) },
    { type: 'datetime', name: 'day', format: 'YYYY-MM-DD', values: Float64Array.from([day(1), day(2), day(3)]) },
    { type: 'categorical', name: 'passengerClass', categories: ['1', '2', '3'], codes: Int32Array.from([0, 1, 2]) },
    { type: 'boolean', name: 'alive', categories: ['false', 'true'], codes: Int32Array.from([0, 1, 1]) },
    { type: 'text', name: 'name', values: ['Ann', 'Bo', 'Cy'] },
  ],
};
const infos = real.columns.map((c) => ({ name: c.name, type: c.type }));

/** Whether the API refuses `c` for its column's type (not for rows that break it). */
function refusedForType(c: Constraint): boolean {
  try {
    checkAgainstReal(real, [c]);
    return false;
  } catch (e) {
    return /numeric|applies to/i.test(e instanceof Error ? e.message : String(e));
  }
}

describe('columnsFor', () => {
  it('offers positive and range only numeric columns, as the review found them mis-offered', () => {
    expect(columnsFor('positive', infos)).toEqual(['age', 'fare']);
    expect(columnsFor('range', infos)).not.toContain('passengerClass');
    expect(columnsFor('unique', infos)).toEqual(infos.map((c) => c.name));
  });

  it.each(['positive', 'negative', 'range', 'formula'])('offers for %s exactly the columns the API takes', (type) => {
    for (const { name } of infos) {
      const c = (type === 'range' ? { type, column: name, min: -1e15, max: 1e15 } : type === 'formula' ? { type, column: name, expression: 'age' } : { type, column: name }) as Constraint;
      expect(columnsFor(type, infos).includes(name), `${type} on ${name}`).toBe(!refusedForType(c));
    }
  });

  it('offers for inequality exactly the columns the API takes', () => {
    for (const { name } of infos) {
      expect(columnsFor('inequality', infos).includes(name), name).toBe(!refusedForType({ type: 'inequality', low: name, high: name, strict: false }));
    }
  });
});

describe('rangeText', () => {
  it('pre-fills a range with the observed bounds, or nothing when unknown', () => {
    expect(rangeText({ min: 0.42, max: 80 })).toBe('0.42, 80');
    expect(rangeText({ min: '2024-01-01', max: '2024-02-01' })).toBe('');
    expect(rangeText(undefined)).toBe('');
  });
});

describe('sizeText', () => {
  it('says which of Rows and Ratio applies', () => {
    expect(sizeText('', 891)).toMatch(/^Rows applies/);
    expect(sizeText('2', 891)).toMatch(/^Ratio applies: 2 × the source rows \(about 1,782 rows\); Rows is ignored/);
  });
});
