/**
 * What a fitted feature step learned, in words: the value an impute fills with, a scale's centre and
 * spread, the level each ordinal code stands for, a target encoding's means. Read from a file's
 * lineage (`{ spec, fitted }`, core/features/transforms.ts fitParams), so a user can see how a
 * holdout will be transformed. Unknown or malformed parameters give no text rather than a wrong one.
 */
import { dateText, type DateSpelling } from './dates.js';

/** Levels (or level: value pairs) listed before "and N more": a 300-level column would fill the page. */
export const LISTED_LEVELS = 20;

/** A number as the column statistics write it (explore.ts): four significant digits, whole part never cut, exponents only at the extremes. */
export function fittedNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (!Number.isFinite(v) || Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4) return v.toPrecision(4);
  if (Math.abs(v) >= 1000) return String(Math.round(v));
  return v.toLocaleString('en-US', { maximumSignificantDigits: 4, useGrouping: false });
}

const num = (v: unknown): string | undefined => (typeof v === 'number' ? fittedNumber(v) : undefined);
const quoted = (s: string) => `“${s}”`;
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : undefined);
const record = (v: unknown): [string, number][] | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number') ? (Object.entries(v) as [string, number][]) : undefined;

/** The first LISTED_LEVELS items, then how many more. */
function listed(items: readonly string[]): string {
  const more = items.length - LISTED_LEVELS;
  return items.slice(0, LISTED_LEVELS).join(', ') + (more > 0 ? `, and ${more} more` : '');
}

/** "min 1, max 2": each pair whose value is a number; undefined if any is not. */
function pairs(...items: [string, unknown][]): string | undefined {
  const parts = items.map(([label, v]) => (num(v) === undefined ? undefined : `${label} ${num(v)}`));
  return parts.every((p) => p !== undefined) ? parts.join(', ') : undefined;
}

/** Largest |ms| a JavaScript Date holds. */
const DATE_MS_MAX = 8.64e15;

/**
 * A fill as the column holds it: a datetime column's fill (constant, mean or median) is recorded as
 * epoch milliseconds, which nobody reads as a date, so it is written as `column` writes dates.
 */
function fillText(value: unknown, column: DateSpelling | undefined): string | undefined {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' && column?.type === 'datetime' && Math.abs(value) <= DATE_MS_MAX) return dateText(value, column);
  return num(value);
}

/**
 * The fitted values of one step, or undefined when the step learns nothing (log1p, ratio, drop…).
 * `column`: the file's column the step reads, as the file describes it (its type and date format),
 * when known: the recorded step carries neither.
 */
export function fittedText(spec: Record<string, unknown>, fitted: Record<string, unknown>, column?: DateSpelling): string | undefined {
  const text = paramsText(spec, fitted, column);
  // A column added under another name than the default (a clash with one the file had) is said too.
  const names = strings(fitted.names);
  const renamed = names?.length ? `writes ${listed(names)}` : undefined;
  return [text, renamed].filter((t) => t !== undefined).join('; ') || undefined;
}

function paramsText(spec: Record<string, unknown>, fitted: Record<string, unknown>, column: DateSpelling | undefined): string | undefined {
  switch (spec.kind) {
    case 'impute': {
      if (fitted.value === null) return 'nothing to fill with (the column had no value)';
      const fill = fillText(fitted.value, column);
      return fill && `fills with ${fill}`;
    }
    case 'box_cox':
    case 'yeo_johnson':
      return num(fitted.lambda) && `λ = ${num(fitted.lambda)}`;
    case 'scale':
      if (spec.method === 'minmax') return pairs(['min', fitted.min], ['max', fitted.max]) && `${pairs(['min', fitted.min], ['max', fitted.max])} (to 0…1)`;
      if (spec.method === 'robust') return pairs(['median', fitted.center], ['interquartile range', fitted.scale]);
      return pairs(['mean', fitted.center], ['sd', fitted.scale]);
    case 'clip':
      return num(fitted.lower) && num(fitted.upper) && `keeps values within ${num(fitted.lower)} to ${num(fitted.upper)}`;
    case 'bin': {
      const edges = numbers(fitted.edges);
      return edges && `edges ${edges.map(fittedNumber).join(', ')}`;
    }
    case 'one_hot': {
      const levels = strings(fitted.levels);
      return levels && `a 0/1 column for each of ${listed(levels.map(quoted))}`;
    }
    case 'ordinal': {
      const levels = strings(fitted.levels);
      return levels && listed(levels.map((l, i) => `${i} = ${quoted(l)}`));
    }
    case 'frequency': {
      const shares = record(fitted.frequencies);
      return shares && `share of rows: ${listed(shares.map(([l, v]) => `${quoted(l)} ${fittedNumber(v)}`))}`;
    }
    case 'target_encode': {
      const means = record(fitted.means);
      const overall = num(fitted.global);
      return means && overall && `smoothed mean of ${String(spec.target)}: ${listed(means.map(([l, v]) => `${quoted(l)} ${fittedNumber(v)}`))}; other levels and missing values ${overall}`;
    }
    case 'datetime_parts': {
      const parts = strings(spec.parts);
      if (!parts?.includes('elapsed_days') || typeof fitted.origin !== 'number' || !Number.isFinite(fitted.origin)) return undefined;
      return `elapsed days counted from ${new Date(fitted.origin).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z')}`;
    }
    default:
      return undefined;
  }
}
