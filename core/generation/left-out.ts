/**
 * Columns the fitted model never sees: PII replaced by fakes or dropped, and the primary key, which
 * is made anew for every synthetic row (keys.ts). A condition or constraint on one cannot be met;
 * say so when the request arrives, not as "unknown column" from a failed job.
 */
/** What a column's schema says of its place in the model. */
export interface ColumnMarks {
  readonly name: string;
  readonly pii?: { readonly action: string; readonly kind: string };
  readonly primary_key?: boolean;
}

/** Replaced by fakes or dropped as PII. */
export const piiLeftOut = (col: Pick<ColumnMarks, 'pii'>): boolean => col.pii?.action === 'fake' || col.pii?.action === 'drop';

/** Not in the fitted model: PII faked or dropped, or the primary key. */
export const leftOutOfModel = (col: Pick<ColumnMarks, 'pii' | 'primary_key'>): boolean => piiLeftOut(col) || col.primary_key === true;

/** Why a condition on this column cannot be honoured, or undefined when it can: a clause, with no closing period (validateConditions joins them into one sentence). */
export function leftOutProblem(col: ColumnMarks): string | undefined {
  const action = col.pii?.action;
  if (action === 'fake') {
    return `Column ${col.name} is replaced by fakes as PII (${col.pii!.kind}), so it cannot be conditioned on; set its pii_action to keep in the schema to model its values`;
  }
  if (action === 'drop') return `Column ${col.name} is left out as PII (pii_action drop), so it cannot be conditioned on`;
  if (col.primary_key) return `Column ${col.name} is the primary key: every synthetic row gets a new key, so it cannot be conditioned on`;
  return undefined;
}
