/**
 * A request whose every column is left out of the model — dropped or faked as PII, or the primary
 * key — leaves every generator nothing to learn: the copula, PrivBayes and the autoregressive model
 * had written a file of rows with no columns, and the networks refused with a message about unique
 * text. One 422 for all of them, when the request arrives, naming each column and why it is out.
 */
import { unprocessable } from '../errors.js';
import { leftOutOfModel, type ColumnMarks } from './left-out.js';

const why = (c: ColumnMarks): string => (c.primary_key ? `${c.name} (the primary key)` : c.pii?.action === 'fake' ? `${c.name} (faked as PII)` : `${c.name} (dropped as PII)`);

/** 422 when the source has columns but none of them reaches the model. */
export function checkSomethingModelled(columns: readonly ColumnMarks[]): void {
  if (!columns.length || !columns.every(leftOutOfModel)) return;
  throw unprocessable(
    `Every column is left out of the model: ${columns.map(why).join(', ')}. Nothing is left to model; set pii_action to keep (or unmark the primary key) on at least one column in the schema.`,
    { columns: columns.map((c) => c.name) },
  );
}
