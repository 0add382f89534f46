/**
 * How many rows a `unique` constraint has room for: a column a condition fixes holds one value, a
 * categorical or boolean one its labels, a number column the generator models by its values those
 * values, and a whole-number column kept within its source range the whole numbers in it (each with
 * a missing value where the data has one), so a request for more rows than their combinations could
 * only fail after the fit, at 0 % acceptance.
 */
import { unprocessable } from '../errors.js';
import { MISSING_CODE, getColumn, isCategorical, type Column, type Table } from '../table/model.js';
import type { Constraint } from './constraints.js';
import { valuesModelled } from './copula.js';

type Unique = Extract<Constraint, { type: 'unique' }>;

/** What a generator's params say of the numbers it draws (a condition's support reads them from here too). */
export interface NumberRoom {
  /** `enforce_min_max_values`: numbers stay within the source range. */
  readonly enforcesBounds: boolean;
  /** The copula's `discrete_threshold`: a number column of at most this many distinct values is drawn from them. */
  readonly discreteThreshold?: number;
}

/** NumberRoom from a generator's parsed params (generators without these fields draw numbers without end). */
export function numberRoomOf(params: unknown): NumberRoom {
  const field = (key: string): unknown => (typeof params === 'object' && params !== null ? Object.entries(params).find(([k]) => k === key)?.[1] : undefined);
  const threshold = field('discrete_threshold');
  return { enforcesBounds: field('enforce_min_max_values') === true, ...(typeof threshold === 'number' ? { discreteThreshold: threshold } : {}) };
}

const UNBOUNDED: NumberRoom = { enforcesBounds: false };

/** Distinct values a generated `column` can hold, missing counted as one; Infinity when not a finite set. */
function columnRoom(column: Column, numbers: NumberRoom): number {
  if (isCategorical(column)) return column.categories.length + (column.codes.includes(MISSING_CODE) ? 1 : 0);
  if (column.type !== 'integer' && column.type !== 'float') return Infinity;
  const missing = column.values.some(Number.isNaN) ? 1 : 0;
  const { discreteThreshold } = numbers;
  // The copula draws a column of few values by their frequencies: those values are its room.
  const distinct = discreteThreshold === undefined ? undefined : valuesModelled(column.values, discreteThreshold);
  if (distinct !== undefined) return distinct + missing;
  if (column.type !== 'integer' || !numbers.enforcesBounds) return Infinity;
  // Whole numbers (column-rules.ts: step 1) clamped to min..max: at most max − min + 1 of them.
  let [min, max] = [Infinity, -Infinity];
  for (const v of column.values) if (!Number.isNaN(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return (min <= max ? max - min + 1 : 0) + missing;
}

/** The most distinct rows `c` allows under `fixed` conditions; Infinity when a column is not a finite set of values. */
export function uniqueRoom(real: Table, c: Unique, fixed: (name: string) => boolean, numbers: NumberRoom = UNBOUNDED): number {
  let room = 1;
  for (const name of c.columns) {
    if (fixed(name)) continue;
    const column = getColumn(real, name);
    room *= column ? columnRoom(column, numbers) : Infinity;
  }
  return room;
}

/** 422 when a unique constraint has room for fewer than `rows` rows (uniqueRoom). */
export function checkUniqueRoom(real: Table, constraints: readonly Constraint[], conditions: Readonly<Record<string, unknown>>, rows: number, numbers: NumberRoom = UNBOUNDED): void {
  const fixed = (name: string) => Object.hasOwn(conditions, name);
  for (const c of constraints) {
    if (c.type !== 'unique') continue;
    const room = uniqueRoom(real, c, fixed, numbers);
    if (rows <= room) continue;
    const held = c.columns.filter(fixed);
    const why = held.length === c.columns.length ? 'the conditions fix every one of its columns' : `its columns' values${held.length ? `, with ${held.join(', ')} fixed by the conditions,` : ''} make ${room} combinations`;
    throw unprocessable(`The constraint ${JSON.stringify(c)} has room for at most ${room} distinct row${room === 1 ? '' : 's'} (${why}); ask for at most ${room}, or condition on fewer of its columns.`, { constraint: c, rows, most: room });
  }
}
