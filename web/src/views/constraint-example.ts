/**
 * The example shown in an empty Constraints field (generate and sample forms alike): a constraint
 * the source's data keeps, so pasting it is never refused, or a neutral one naming no column.
 */
import { api, type ColumnInfo } from '../api.js';

/** A constraints example naming no real column, for when none can be named that the data keeps. */
export const NEUTRAL_CONSTRAINT = 'e.g. [{"type": "positive", "column": "<a numeric column>"}]';
/** Numeric columns whose minimum is looked up for the example: enough to find one, few enough to be quick. */
const EXAMPLE_CANDIDATES = 6;

/**
 * A constraint the source's data keeps, as the example: `positive` on a numeric column whose smallest
 * value is above 0. An inequality between two columns cannot be told to hold on every row from their
 * ranges, and one the data breaks is refused (422) when pasted. Undefined when no column is known positive.
 */
async function constraintExample(sourceId: string, columns: readonly ColumnInfo[], rows: number | undefined): Promise<string | undefined> {
  const numbers = columns.filter((c) => (c.type === 'integer' || c.type === 'float') && !c.pii && !c.primary_key && c.missing < (rows ?? Infinity)).slice(0, EXAMPLE_CANDIDATES);
  if (!numbers.length) return undefined;
  const described = await api.describe(sourceId, numbers.map((c) => c.name)).catch(() => undefined);
  const positive = described?.columns.find((d) => typeof d.min === 'number' && d.min > 0 && typeof d.name === 'string');
  return positive ? `e.g. [{"type": "positive", "column": ${JSON.stringify(positive.name)}}]` : undefined;
}

/** Shows the neutral example at once, and one naming a column of the source when the data has one. */
export function showConstraintExample(field: HTMLTextAreaElement, sourceId: string, columns: readonly ColumnInfo[], rows: number | undefined): void {
  field.placeholder = NEUTRAL_CONSTRAINT;
  void constraintExample(sourceId, columns, rows).then((hint) => hint && (field.placeholder = hint));
}
