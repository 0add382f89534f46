/**
 * How many rows a `unique` constraint has room for: a column a condition fixes holds one value, a
 * categorical or boolean one its labels (and a missing value where the data has one), so a request
 * for more rows than their combinations could only fail after the fit, at 0 % acceptance.
 */
import { unprocessable } from '../errors.js';
import { MISSING_CODE, getColumn, isCategorical, type Table } from '../table/model.js';
import type { Constraint } from './constraints.js';

type Unique = Extract<Constraint, { type: 'unique' }>;

/** The most distinct rows `c` allows under `fixed` conditions; Infinity when a column is not a finite set of labels. */
export function uniqueRoom(real: Table, c: Unique, fixed: (name: string) => boolean): number {
  let room = 1;
  for (const name of c.columns) {
    if (fixed(name)) continue;
    const column = getColumn(real, name);
    if (!column || !isCategorical(column)) return Infinity;
    room *= column.categories.length + (column.codes.includes(MISSING_CODE) ? 1 : 0);
  }
  return room;
}

/** 422 when a unique constraint has room for fewer than `rows` rows (uniqueRoom). */
export function checkUniqueRoom(real: Table, constraints: readonly Constraint[], conditions: Readonly<Record<string, unknown>>, rows: number): void {
  const fixed = (name: string) => Object.hasOwn(conditions, name);
  for (const c of constraints) {
    if (c.type !== 'unique') continue;
    const room = uniqueRoom(real, c, fixed);
    if (rows <= room) continue;
    const held = c.columns.filter(fixed);
    const why = held.length === c.columns.length ? 'the conditions fix every one of its columns' : `its columns' labels${held.length ? `, with ${held.join(', ')} fixed by the conditions,` : ''} make ${room} combinations`;
    throw unprocessable(`The constraint ${JSON.stringify(c)} has room for at most ${room} distinct row${room === 1 ? '' : 's'} (${why}); ask for at most ${room}, or condition on fewer of its columns.`, { constraint: c, rows, most: room });
  }
}
