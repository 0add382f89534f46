/**
 * Conditions on a date and on a calendar part of it (or a function of one) that the data pairs
 * otherwise are refused when the request arrives (generation/service.ts checkedRequest).
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { checkDatePartConditions, mayContradictDateParts } from '../../core/synth/calendar-parts.js';
import type { Table } from '../../core/table/model.js';

// Over a year: a function of the month (its names) must have seen every month.
const n = 400;
const days = Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 1) + i * 86_400_000);
const NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const table: Table = {
  rowCount: n,
  columns: [
    { type: 'datetime', name: 'd', format: 'YYYY-MM-DD', values: days },
    { type: 'integer', name: 'month', values: Float64Array.from(days, (ms) => new Date(ms).getUTCMonth() + 1) },
    { type: 'categorical', name: 'mon', categories: NAMES, codes: Int32Array.from(days, (ms) => new Date(ms).getUTCMonth()) },
    { type: 'integer', name: 'v', values: Float64Array.from(days, (_, i) => i % 9) },
  ],
};
const march15 = Date.UTC(2023, 2, 15);

describe('checkDatePartConditions', () => {
  it('refuses a part the date does not have, naming both and the rule', () => {
    const e = problemOf(() => checkDatePartConditions(table, { d: march15, month: 7 }));
    expect(e.status).toBe(422);
    expect(e.message).toBe('Conditions d = "2023-03-15" and month = 7 contradict each other: month is the month of d on every row of the data. Condition on one of them, or on values that agree.');
    expect(e.extensions).toEqual({ columns: ['d', 'month'] });
    expect(problemOf(() => checkDatePartConditions(table, { d: march15, mon: 'Jul' })).message).toContain('mon is a function of the month of d');
  });

  it('accepts a part that agrees, and a column that is no part of the date', () => {
    expect(() => checkDatePartConditions(table, { d: march15, month: 3, mon: 'Mar' })).not.toThrow();
    expect(() => checkDatePartConditions(table, { d: march15, v: 8 })).not.toThrow();
    expect(() => checkDatePartConditions(table, { month: 7 })).not.toThrow();
  });

  it('asks for the source only with a date and another value conditioned', () => {
    const typeOf = (name: string) => table.columns.find((c) => c.name === name)?.type;
    expect(mayContradictDateParts({ d: march15, month: 7 }, typeOf)).toBe(true);
    expect(mayContradictDateParts({ d: null, month: 7 }, typeOf)).toBe(false);
    expect(mayContradictDateParts({ month: 7, v: 1 }, typeOf)).toBe(false);
  });
});
