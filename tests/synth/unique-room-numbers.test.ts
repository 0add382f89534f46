/** A unique constraint's room on number columns, as the generator's params bound them. */
import { describe, expect, it } from 'vitest';
import { checkUniqueRoom, numberRoomOf, uniqueRoom } from '../../core/synth/unique-room.js';
import { type Table } from '../../core/table/model.js';
import type { Constraint } from '../../core/synth/constraints.js';

const ints = (n: number, from = 0) => Float64Array.from({ length: n }, (_, i) => from + i);
const table: Table = {
  rowCount: 80,
  columns: [
    { type: 'integer', name: 'u', values: ints(80) },
    { type: 'integer', name: 'gappy', values: Float64Array.from({ length: 80 }, (_, i) => (i % 2 ? NaN : i * 10)) },
    { type: 'float', name: 'f', values: Float64Array.from({ length: 80 }, (_, i) => (i % 3) / 2) },
    { type: 'float', name: 'x', values: Float64Array.from({ length: 80 }, (_, i) => i / 7) },
    { type: 'categorical', name: 'c', categories: ['a', 'b'], codes: Int32Array.from({ length: 80 }, (_, i) => i % 2) },
  ],
};
const unique = (...columns: string[]) => ({ type: 'unique', columns }) as const satisfies Constraint;
const none = () => false;
const copula = numberRoomOf({ enforce_min_max_values: true, discrete_threshold: 20 });

describe('uniqueRoom on number columns', () => {
  it('counts the whole numbers of the range an integer column is kept within', () => {
    expect(uniqueRoom(table, unique('u'), none, copula)).toBe(80);
    // 0..780 in tens with missing values: 781 whole numbers and the missing value.
    expect(uniqueRoom(table, unique('gappy'), none, copula)).toBe(782);
    expect(uniqueRoom(table, unique('u', 'c'), none, copula)).toBe(160);
  });
  it('counts the values of a column the copula draws by their frequencies', () => {
    expect(uniqueRoom(table, unique('f'), none, copula)).toBe(3);
    expect(uniqueRoom(table, unique('f'), none, numberRoomOf({ enforce_min_max_values: true, discrete_threshold: 2 }))).toBe(Infinity);
  });
  it('keeps room without end where the generator does not bound the column', () => {
    expect(uniqueRoom(table, unique('u'), none, numberRoomOf({ enforce_min_max_values: false }))).toBe(Infinity);
    expect(uniqueRoom(table, unique('u'), none, numberRoomOf({}))).toBe(Infinity);
    expect(uniqueRoom(table, unique('x'), none, copula)).toBe(Infinity);
  });
  it('refuses 81 rows of 80 whole numbers', () => {
    expect(() => checkUniqueRoom(table, [unique('u')], {}, 81, copula)).toThrow(/at most 80 distinct rows \(its columns' values make 80 combinations\)/);
    expect(() => checkUniqueRoom(table, [unique('u')], {}, 80, copula)).not.toThrow();
  });
});
