/**
 * What a generated file's scores were measured against (the API's `compared_with`), in a sentence:
 * the stored quality summary and the validation routes (quality, privacy, utility) say it alike.
 */
import type { QualitySummary } from './api.js';
import { formatCount } from './dom.js';
import { shownConditions, type DateSpelling } from './dates.js';

export type ComparedWith = NonNullable<QualitySummary['compared_with']>;

/** "species = Adelie and island = Biscoe". */
export const conditionsText = (conditions: Readonly<Record<string, unknown>>) =>
  Object.entries(conditions)
    .map(([name, value]) => `${name} = ${value === null ? '(missing)' : String(value)}`)
    .join(' and ');

/**
 * The rows meeting the conditions, or the whole file and why; undefined without conditions (an
 * unconditioned file is compared with every row, nothing to say). `rowsOf` names the real file:
 * the source, or a holdout.
 */
export function comparedWithText(basis: ComparedWith | undefined, columns: readonly DateSpelling[], rowsOf = 'source'): string | undefined {
  if (basis?.conditions) return `Compared with the ${formatCount(basis.rows)} ${rowsOf} rows where ${conditionsText(shownConditions(basis.conditions, columns))}: the rows the conditions ask for, not the whole ${rowsOf}.`;
  if (basis?.whole_source)
    return `Compared with the whole ${rowsOf} (${formatCount(basis.rows)} rows), not only the rows where ${conditionsText(shownConditions(basis.whole_source.conditions, columns))}: ${basis.whole_source.reason}.`;
  return undefined;
}
