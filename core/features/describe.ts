/**
 * Feature steps in words: what made each column of a derived file ("ratio of bill_length_mm to
 * body_mass_g"), so the schema of that file reads like an uploaded one's.
 */
import type { ColumnInfo } from '../files/model.js';
import { getColumn, type Column, type Table } from '../table/model.js';
import { valueText } from '../table/csv.js';
import { applySteps, requireAColumn, type Pipeline } from './pipeline.js';
import { addedNames, fittedNames, type FittedStep } from './transforms.js';

const num = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v));

/**
 * A recorded fill as the file shows it: a datetime's instant (epoch ms) in the column's own format,
 * not 1.578e+12, and a number with the column's decimals and affix (517.91, €517,91), not 517.9.
 */
function fillText(value: unknown, c: Column | undefined): string {
  return typeof value === 'number' && (c?.type === 'datetime' || c?.type === 'integer' || c?.type === 'float') ? valueText(c, value) : num(value);
}

/**
 * What one step made `column` (a column it produced or rewrote) from. `column` is named as the step
 * names it by default (`c=x`, `d_year`): one renamed for a clash (`c=x_2`) is passed by that name.
 */
export function stepReason(step: FittedStep, column: string, input?: Table): string {
  const { spec, fitted } = step;
  switch (spec.kind) {
    case 'impute': {
      if (column !== spec.column) return `1 where ${spec.column} was missing, else 0`;
      const fill = fillText(fitted.value, input && getColumn(input, spec.column));
      return spec.strategy === 'constant' ? `${spec.column} with missing values set to ${fill}` : `${spec.column} with missing values filled by its ${spec.strategy} (${fill})`;
    }
    case 'log1p':
      return `log(1 + ${spec.column})`;
    case 'box_cox':
      return `Box–Cox transform of ${spec.column} (λ = ${num(fitted.lambda)})`;
    case 'yeo_johnson':
      return `Yeo–Johnson transform of ${spec.column} (λ = ${num(fitted.lambda)})`;
    case 'scale':
      return spec.method === 'standard'
        ? `${spec.column} standardised to mean 0, standard deviation 1`
        : spec.method === 'robust'
          ? `${spec.column} centred on its median, scaled by its interquartile range`
          : `${spec.column} scaled to 0–1 (min ${num(fitted.min)}, max ${num(fitted.max)})`;
    case 'clip':
      return `${spec.column} clipped to [${num(fitted.lower)}, ${num(fitted.upper)}] (Tukey fences)`;
    case 'bin':
      return `${spec.column} cut into ${spec.bins} ${spec.method === 'quantile' ? 'equal-count' : 'equal-width'} bins`;
    case 'one_hot':
      return `1 where ${spec.column} is ${column.slice(spec.column.length + 1)}, else 0 (one-hot encoding of ${spec.column})`;
    case 'ordinal':
      return `${spec.column} as the position of its value in sorted order (ordinal encoding)`;
    case 'frequency':
      return `share of rows with the same ${spec.column} (frequency encoding)`;
    case 'target_encode':
      return `mean ${spec.target} of rows with the same ${spec.column} (target encoding)`;
    case 'datetime_parts':
      return column === spec.column ? `${spec.column}, unchanged` : `${column.slice(spec.column.length + 1).replaceAll('_', ' ')} of ${spec.column}`;
    case 'text_length':
      return column.endsWith('_tokens') ? `words in ${spec.column}` : `characters in ${spec.column}`;
    case 'ratio':
      return `ratio of ${spec.numerator} to ${spec.denominator}`;
    case 'interaction':
      return `product of ${spec.left} and ${spec.right}`;
    case 'drop':
      return `dropped ${spec.column}`;
  }
}

/**
 * Applies a pipeline as applyPipeline does, and says for each output column the steps that made
 * it, in order ("…; then …"). A column is a step's when the step returned a new column object for
 * it: untouched ones are the same object, so they are left out and keep their source's reason.
 */
export function applyExplained(table: Table, pipeline: Pipeline, training = false): { output: Table; reasons: Map<string, string> } {
  const reasons = new Map<string, string>();
  const output = applySteps(table, pipeline.steps, training, (step, input, result, asFitted, added) => {
    const before = new Set<Column>(input.columns);
    // What stepReason reads (`c=x`: the level x); the names the pipeline gives; the step's own.
    const own = addedNames(step.spec, step.fitted);
    const wanted = fittedNames(asFitted);
    const defaults = addedNames(asFitted.spec, asFitted.fitted);
    for (const c of result.columns) {
      if (before.has(c)) continue;
      const i = added.indexOf(c.name);
      // A column renamed for a clash says so, naming the column that had the name: here, or in the
      // file the pipeline was fitted on (then recorded). Its reader would otherwise look for that name.
      const clash = i < 0 ? undefined : added[i] !== wanted[i] ? wanted[i] : wanted[i] !== defaults[i] && getColumn(input, defaults[i]!) ? defaults[i] : undefined;
      const reason = stepReason(step, i < 0 ? c.name : own[i]!, input) + (clash ? ` (named ${c.name}, as a column ${clash} was already there)` : '');
      const earlier = reasons.get(c.name);
      reasons.set(c.name, earlier ? `${earlier}; then ${reason}` : reason);
    }
  });
  return { output: requireAColumn(table, output), reasons };
}

/**
 * The column records of a pipeline's output (describeColumns': types, missing and distinct counted as
 * an upload's are), each with a reason naming the step that made it; a column passed through keeps
 * the source's reason (why it has its type).
 */
export function describeDerived(columns: readonly ColumnInfo[], reasons: ReadonlyMap<string, string>, source: readonly ColumnInfo[]): ColumnInfo[] {
  return columns.map((info) => {
    const kept = source.find((s) => s.name === info.name && s.type === info.type)?.reason;
    return { ...info, reason: reasons.get(info.name) ?? kept ?? 'unchanged from the source' };
  });
}
