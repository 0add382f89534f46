/** Column infos of a table built in memory (a generated file's) count distinct values, as ingest does. */
import { describe, expect, it } from 'vitest';
import { describeColumns } from '../../core/files/service.js';
import { distinctCount } from '../../core/table/distinct.js';
import { DISTINCT_CAP } from '../../core/table/infer.js';
import { MISSING_CODE, type Table } from '../../core/table/model.js';

describe('distinct counts of a table built in memory', () => {
  it('counts each column’s present values: numbers, categories by code, text', () => {
    const table: Table = {
      rowCount: 5,
      columns: [
        { type: 'integer', name: 'year', values: Float64Array.from([2007, 2008, 2007, NaN, 2009]) },
        { type: 'float', name: 'zero', values: Float64Array.from([0, -0, 0.5, 0.5, 1]) },
        { type: 'categorical', name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'], codes: Int32Array.from([0, 1, 0, MISSING_CODE, 0]) },
        { type: 'id', name: 'key', values: ['a', 'b', 'c', 'd', null] },
      ],
    };
    expect(describeColumns(table).map((c) => [c.name, c.distinct])).toEqual([
      ['year', 3],
      ['zero', 3],
      ['island', 2],
      ['key', 4],
    ]);
  });

  it('stops one past the cap, as ingest does (a floor, shown as "> 10,000")', () => {
    const many = { type: 'integer' as const, name: 'n', values: Float64Array.from({ length: DISTINCT_CAP + 50 }, (_, i) => i) };
    expect(distinctCount(many)).toBe(DISTINCT_CAP + 1);
  });
});

describe('PII marks of a table built in memory', () => {
  it('keeps the PII mark of the column it was made like (same name and type): fake names are still names', () => {
    const table: Table = { rowCount: 2, columns: [{ type: 'text', name: 'name', values: ['Ann Lee', 'Ann Lee'] }, { type: 'text', name: 'note', values: ['a', 'b'] }] };
    const pii = { kind: 'person_name', confidence: 0.99, action: 'fake' as const };
    const like = [
      { name: 'name', type: 'text' as const, missing: 0, pii },
      { name: 'note', type: 'categorical' as const, missing: 0, pii },
    ];
    const [name, note] = describeColumns(table, like);
    expect(name?.pii).toEqual(pii);
    expect(note?.pii).toBeUndefined();
  });
});
