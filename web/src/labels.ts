/**
 * Words for ids the API speaks in: feature steps ("one_hot" → "One-hot encode island") and PII
 * kinds ("person_name" → "person name"), so the page never shows an internal name.
 */

/** A PII kind as a person reads it; the same words in the badge and the dropdown. */
export const piiLabel = (kind: string): string => kind.replaceAll('_', ' ');

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

const SCALE: Record<string, string> = { standard: 'to mean 0, sd 1', robust: 'by median and IQR', minmax: 'to 0–1' };

/** A feature step (its spec: `kind` and the fields of that kind) as a short imperative title. */
export function stepTitle(step: Record<string, unknown>): string {
  const col = str(step.column);
  switch (step.kind) {
    case 'impute':
      return `Fill missing ${col} (${step.strategy === 'constant' ? `with ${str(step.value)}` : str(step.strategy)}${step.indicator ? ', flag the rows' : ''})`;
    case 'log1p':
      return `Log-transform ${col}`;
    case 'box_cox':
      return `Box–Cox transform ${col}`;
    case 'yeo_johnson':
      return `Yeo–Johnson transform ${col}`;
    case 'scale':
      return `Scale ${col} ${SCALE[str(step.method)] ?? ''}`.trim();
    case 'clip':
      return `Clip outliers of ${col}`;
    case 'bin':
      return `Bin ${col} into ${str(step.bins ?? 5)} ${step.method === 'uniform' ? 'equal-width' : 'equal-count'} ranges`;
    case 'one_hot':
      return `One-hot encode ${col}`;
    case 'ordinal':
      return `Ordinal encode ${col}`;
    case 'frequency':
      return `Frequency encode ${col}`;
    case 'target_encode':
      return `Target encode ${col} by ${str(step.target)}`;
    case 'datetime_parts':
      return `Split ${col} into ${Array.isArray(step.parts) ? step.parts.map((p) => str(p).replaceAll('_', ' ')).join(', ') : 'date parts'}`;
    case 'text_length':
      return `Count characters and words of ${col}`;
    case 'ratio':
      return `Ratio ${str(step.numerator)} ÷ ${str(step.denominator)}`;
    case 'interaction':
      return `Product ${str(step.left)} × ${str(step.right)}`;
    case 'drop':
      return `Drop ${col}`;
    default:
      return `${str(step.kind).replaceAll('_', ' ')} ${col}`.trim();
  }
}

/** A loss series of a model's history ("critic") in words ("discriminator loss"), as the API's progress messages name it. */
export { lossName as lossLabel } from '../../core/synth/loss-names.js';
