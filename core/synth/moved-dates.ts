import type { Table } from '../table/model.js';

/**
 * `body` with each datetime column a rule names moved instant by instant: the day-of-week and
 * day-of-month rules' one loop. A missing value stays missing, and a move past JavaScript's dates
 * (±8.64e15 ms, where there is no day to move to) leaves the value as it was.
 */
export function movedDates<R extends { readonly column: string }>(rules: readonly R[], body: Table, move: (rule: R, ms: number, row: number) => number): Table {
  if (!rules.length) return body;
  const byName = new Map(rules.map((rule) => [rule.column, rule]));
  return {
    rowCount: body.rowCount,
    columns: body.columns.map((c) => {
      const rule = byName.get(c.name);
      if (!rule || c.type !== 'datetime') return c;
      const values = Float64Array.from(c.values, (ms, r) => {
        if (Number.isNaN(ms)) return ms;
        const to = move(rule, ms, r);
        return Number.isFinite(to) ? to : ms;
      });
      return { ...c, values };
    }),
  };
}
