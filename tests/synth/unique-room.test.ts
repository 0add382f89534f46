/** A unique constraint's room (distinct rows its columns allow) against the rows asked for. */
import { describe, expect, it } from 'vitest';
import { checkUniqueRoom, uniqueRoom } from '../../core/synth/unique-room.js';
import { MISSING_CODE, type Table } from '../../core/table/model.js';
import type { Constraint } from '../../core/synth/constraints.js';

const table: Table = {
  rowCount: 4,
  columns: [
    { type: 'categorical', name: 'species', categories: ['a', 'b', 'c'], codes: Int32Array.from([0, 1, 2, 0]) },
    { type: 'boolean', name: 'sex', categories: ['female', 'male'], codes: Int32Array.from([0, 1, MISSING_CODE, 1]) },
    { type: 'float', name: 'mass', values: Float64Array.from([1, 2, 3, 4]) },
  ],
};
const unique = (...columns: string[]) => ({ type: 'unique', columns }) as const satisfies Constraint;
const none = () => false;

describe('uniqueRoom', () => {
  it('multiplies the labels of categorical columns, counting a missing value where the data has one', () => {
    expect(uniqueRoom(table, unique('species'), none)).toBe(3);
    expect(uniqueRoom(table, unique('species', 'sex'), none)).toBe(9);
  });
  it('counts a conditioned column as one value, and a number column as room without end', () => {
    expect(uniqueRoom(table, unique('species', 'sex'), (n) => n === 'species')).toBe(3);
    expect(uniqueRoom(table, unique('species', 'mass'), none)).toBe(Infinity);
    expect(uniqueRoom(table, unique('species', 'mass'), () => true)).toBe(1);
  });
});

describe('checkUniqueRoom', () => {
  it('refuses more rows than the room, naming the most it takes', () => {
    expect(() => checkUniqueRoom(table, [unique('species', 'mass')], { species: 'a', mass: 2 }, 5)).toThrow(/room for at most 1 distinct row \(the conditions fix every one of its columns\); ask for at most 1/);
    expect(() => checkUniqueRoom(table, [unique('species', 'sex')], { species: 'a' }, 4)).toThrow(/at most 3 distinct rows \(its columns' values, with species fixed by the conditions, make 3 combinations\)/);
  });
  it('lets through what fits', () => {
    expect(() => checkUniqueRoom(table, [unique('species', 'sex')], {}, 9)).not.toThrow();
    expect(() => checkUniqueRoom(table, [unique('species', 'mass')], { species: 'a' }, 1000)).not.toThrow();
  });
});
