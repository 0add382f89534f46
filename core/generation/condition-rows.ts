/**
 * The source rows a conditioned generation is like: every generated row holds the conditioned
 * values, so scoring it against the whole source counts the conditions as faults (a column fixed to
 * one category scores as far from the source's mix). Its quality is measured against these rows.
 */
import { MISSING_CODE, takeRows, type Column, type Table } from '../table/model.js';
import type { Conditions } from './model.js';
import { agrees, plural } from '../plural.js';

/** Fewer matching source rows than this are too few to score against: the whole source is used, and the summary says so. */
export const MIN_MATCHING_ROWS = 20;

/** What a generated file's quality summary was measured against. */
export type ComparedWith =
  | { readonly rows: number; readonly conditions?: Conditions }
  | { readonly rows: number; readonly whole_source: { readonly reason: string; readonly conditions: Conditions; readonly matching_rows?: number } };

/** A test of one row of `c` against a condition value; undefined when the column's type has no equality here, or the value is a category it lacks. */
function rowTest(c: Column, value: Conditions[string]): ((row: number) => boolean) | undefined {
  switch (c.type) {
    case 'categorical':
    case 'boolean': {
      // Conditions reach the job as the column's spelling (validateConditions); null is a missing value.
      if (value === null) return (row) => c.codes[row] === MISSING_CODE;
      // A level the source lacks cannot be matched, so the whole source is used; its indexOf, -1, is
      // MISSING_CODE and would match the rows where the column is missing.
      const code = c.categories.indexOf(String(value));
      return code === -1 ? undefined : (row) => c.codes[row] === code;
    }
    case 'integer':
    case 'float':
    case 'datetime': {
      if (value === null) return (row) => Number.isNaN(c.values[row]!);
      if (typeof value !== 'number') return undefined;
      return (row) => c.values[row] === value;
    }
    case 'text':
    case 'id':
      return typeof value === 'string' || value === null ? (row) => c.values[row] === value : undefined;
  }
}

/**
 * The rows of `real` meeting every condition, with what they are for the summary; the whole of
 * `real` (and why) when a condition names a column it lacks or cannot be tested, or fewer than
 * MIN_MATCHING_ROWS rows match. `rowsOf` names `real` in the reasons: the validation routes pass
 * other real files than the source (a holdout, say).
 */
export function comparisonRows(real: Table, conditions: Conditions | undefined, rowsOf = 'source'): { table: Table; compared_with: ComparedWith } {
  const names = Object.keys(conditions ?? {});
  if (!conditions || !names.length) return { table: real, compared_with: { rows: real.rowCount } };
  const whole = (reason: string, matching_rows?: number) => ({
    table: real,
    compared_with: { rows: real.rowCount, whole_source: { reason, conditions, ...(matching_rows !== undefined ? { matching_rows } : {}) } },
  });
  const tests: ((row: number) => boolean)[] = [];
  for (const name of names) {
    const column = real.columns.find((c) => c.name === name);
    const test = column && rowTest(column, conditions[name]!);
    if (!test) return whole(`the condition on ${name} cannot be matched against the ${rowsOf} rows`);
    tests.push(test);
  }
  const rows: number[] = [];
  for (let r = 0; r < real.rowCount; r++) if (tests.every((t) => t(r))) rows.push(r);
  if (rows.length < MIN_MATCHING_ROWS) return whole(`only ${plural(rows.length, `${rowsOf} row`)} ${agrees(rows.length, 'meets', 'meet')} the conditions, too few to compare with`, rows.length);
  return { table: takeRows(real, rows), compared_with: { rows: rows.length, conditions } };
}
