/**
 * Conditions and PII: a column replaced by fakes (or left out) is not in the fitted model, so a
 * condition on it cannot be met. Say so when the request arrives, not as "unknown column" from a
 * failed job.
 */
/** A column the fitted model never sees: replaced by fakes or dropped as PII. */
export const leftOutOfModel = (col: { readonly pii?: { readonly action: string } }): boolean => col.pii?.action === 'fake' || col.pii?.action === 'drop';

/** Why a condition on this column cannot be honoured, or undefined when it can. */
export function piiConditionProblem(col: { readonly name: string; readonly pii?: { readonly action: string; readonly kind: string } }): string | undefined {
  const action = col.pii?.action;
  if (action === 'fake') {
    return `Column ${col.name} is replaced by fakes as PII (${col.pii!.kind}), so it cannot be conditioned on; set its pii_action to keep in the schema to model its values.`;
  }
  if (action === 'drop') return `Column ${col.name} is left out as PII (pii_action drop), so it cannot be conditioned on.`;
  return undefined;
}
