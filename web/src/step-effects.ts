/**
 * What a feature step does to the column it works on, said beside its suggestion: a bin or one-hot
 * step takes the original column out of the new dataset, which its title alone does not tell.
 * Mirrors core/features/transforms.ts applyColumns (which columns each kind replaces).
 */

/** Steps whose output takes the column's place under new names: the column itself is gone. */
const REPLACED = new Set(['bin', 'one_hot', 'frequency', 'target_encode']);
/** Steps that rewrite the column's values under its own name: the original values are gone. */
const REWRITTEN = new Set(['log1p', 'box_cox', 'yeo_johnson', 'scale', 'clip', 'ordinal']);

/** "replaces body_mass_g", "rewrites … in place", "removes …", or undefined for steps that keep the column (added columns, filled gaps). */
export function columnEffect(step: Readonly<Record<string, unknown>>): string | undefined {
  const column = typeof step.column === 'string' ? step.column : undefined;
  if (column === undefined || typeof step.kind !== 'string') return undefined;
  if (REPLACED.has(step.kind)) return `replaces ${column}`;
  if (REWRITTEN.has(step.kind)) return `replaces ${column}'s values in place`;
  if (step.kind === 'drop') return `removes ${column}`;
  return undefined;
}

/**
 * The column a step takes for itself: one that replaces, rewrites or removes it. Two such steps on one
 * column do not compose — one_hot after bin finds the column gone, log1p after scale meets negative
 * values — so a column gets one of them at a time.
 */
export function exclusiveColumn(step: Readonly<Record<string, unknown>>): string | undefined {
  return typeof step.column === 'string' && typeof step.kind === 'string' && (REPLACED.has(step.kind) || REWRITTEN.has(step.kind) || step.kind === 'drop') ? step.column : undefined;
}

/**
 * Rank of a step in the apply order. Gaps are filled first, so later steps see whole columns; then
 * steps that add columns from others and keep their inputs (ratio, interaction, text_length,
 * datetime_parts: transforms.ts applyColumns), so they read the values as they came, before a scale
 * rewrites them (a ratio of z-scores) or a bin or drop takes them away (a 422); then rewrites in
 * place, then replacements, then drops. Kinds outside these sets rank with the adding steps.
 */
function rank(kind: unknown): number {
  if (kind === 'impute') return 0;
  if (typeof kind === 'string' && REWRITTEN.has(kind)) return 2;
  if (typeof kind === 'string' && REPLACED.has(kind)) return 3;
  if (kind === 'drop') return 4;
  return 1;
}

/** The steps in the order to apply them (see rank); as listed within each group. */
export const applyOrder = <S extends Readonly<Record<string, unknown>>>(steps: readonly S[]): S[] =>
  steps
    .map((step, i) => ({ step, i, r: rank(step.kind) }))
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .map((x) => x.step);
