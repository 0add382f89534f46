/**
 * Conditions of a generate or sample request, checked against the source file and the generator
 * before a job starts: anything a generator would refuse at its sample step is a 422 here instead
 * (a failed job minutes later is the same mistake, found late).
 *
 * Generate and a stored model's sample run these same checks (service.ts, checkedRequest). Only a
 * fitted model can judge values that no group of a copula mixture (or no lookup) holds together:
 * the groups are chosen by the fit. A stored model's sample request probes its model for them up
 * front; a generation's request fits the model its job would fit and probes that, when the source
 * is small enough to fit quickly, else its job fails with the model's 422, which names the
 * conditions (tests/api/generate-conditions-s26.test.ts).
 */
import type { ColumnInfo } from '../files/model.js';
import { unprocessable } from '../errors.js';
import { setOwn } from '../records.js';
import { leftOutProblem } from './left-out.js';
import type { Capabilities } from '../synth/synthesizer.js';
import type { Conditions } from './model.js';
import { datetimeFormat, formatDatetime, parseDatetime } from '../table/datetime.js';
import { roundsTo } from '../table/numbers.js';

type ConditionValue = Conditions[string];

/** What the generator can condition on, as it was (or will be) fitted. */
export interface ConditionSupport {
  readonly generator: string;
  readonly capabilities: Pick<Capabilities, 'conditional' | 'numericConditions'>;
  /** Numbers are kept within the source range (`enforce_min_max_values`), so a value outside it cannot be met. */
  readonly enforcesBounds: boolean;
  /**
   * Number and datetime columns of at most this many distinct values are modelled by their values
   * (the copula's `discrete_threshold`): a condition must name one of them.
   */
  readonly discreteThreshold?: number;
  /**
   * Number columns a stored model meets a condition on by what it computes, whatever its generator
   * conditions on (a calendar part, by drawing dates; a one-hot flag, as its group's level).
   */
  readonly computedByModel?: ReadonlySet<string>;
}

/** A number column's source range, and its values when the generator models it by them. */
export interface SourceRange {
  readonly min: number;
  readonly max: number;
  readonly values?: ReadonlySet<number>;
}

export type Ranges = ReadonlyMap<string, SourceRange>;

/** Longest text of a value or name quoted in a problem: a 500 KB value echoed back helps nobody. */
const QUOTE_MAX = 200;

/** `text` as given when short, else its first QUOTE_MAX characters and an ellipsis. */
function clip(text: string): string {
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
}

/** A condition value as JSON, clipped (strings keep their opening quote, so a clipped one still reads as a string). */
const quoted = (v: ConditionValue) => clip(JSON.stringify(v));

/** Spellings of a boolean column's true value; the other category is false. */
const TRUE_SPELLINGS = new Set(['true', 't', 'yes', 'y', '1', 'on']);

/**
 * The conditions as the generator takes them (JSON true/false on a boolean column become its
 * spelling), or a 422 listing every condition it cannot meet, each naming its column. `ranges`
 * holds the source range of the number columns conditioned on (see numberColumnsConditioned).
 */
export function validateConditions(conditions: Conditions, columns: readonly ColumnInfo[], support: ConditionSupport, ranges: Ranges = new Map()): Conditions {
  const out: Record<string, ConditionValue> = {};
  const problems: string[] = [];
  const names = Object.keys(conditions);
  // The conditioned columns the refusal is about (all of them when the generator cannot condition), not the file's.
  const offending = new Set<string>();
  if (names.length && !support.capabilities.conditional) {
    // One true thing: the per-column checks below would add "conditions on … columns only", which contradicts it.
    // A misspelt column is still named: it would be the next refusal once the generator is changed.
    const unknownColumns = names.filter((n) => !columns.some((c) => c.name === n)).map((n) => `no column ${clip(n)}`);
    const refusal = [`the ${support.generator} generator does not sample conditionally, on any column; drop the conditions or use a generator that does (capabilities.conditional in GET /synth/models)`, ...unknownColumns];
    throw unprocessable(`Invalid conditions: ${refusal.join('; ')}.`, { problems: refusal, columns: names });
  }
  for (const name of names) {
    const checked = checkOne(clip(name), conditions[name]!, columns.find((c) => c.name === name), support, ranges.get(name));
    if (typeof checked === 'string') {
      problems.push(checked);
      offending.add(name);
    } else setOwn(out, name, checked.value);
  }
  if (problems.length) throw unprocessable(`Invalid conditions: ${problems.join('; ')}.`, { problems, columns: [...offending] });
  return out;
}

/**
 * The number columns whose source range (and, for a generator that models few-valued columns by
 * their values, those values) validateConditions needs, read from the source table: the metadata's
 * distinct count is of written spellings (`1` and `1.0` are two), not of numbers.
 */
export function numberColumnsConditioned(conditions: Conditions, columns: readonly ColumnInfo[], support: ConditionSupport): string[] {
  if (!support.capabilities.numericConditions || !(support.enforcesBounds || support.discreteThreshold !== undefined)) return [];
  return Object.keys(conditions).filter((name) => {
    const c = columns.find((col) => col.name === name);
    return c?.type === 'integer' || c?.type === 'float' || c?.type === 'datetime';
  });
}

/** Whether a column of `distinct` numbers is modelled by its values (the copula's discrete rule). */
export function modelledByValues(distinct: number, support: ConditionSupport): boolean {
  return support.discreteThreshold !== undefined && (distinct <= support.discreteThreshold || distinct < 2);
}

/** A value outside the values a column is modelled by, or undefined. */
function unseen(name: string, v: number, label: string, range: SourceRange | undefined): string | undefined {
  if (!range?.values || range.values.has(v)) return undefined;
  return `${name} = ${label}: the generator models this column by its ${range.values.size} values seen and can condition on those only`;
}

function checkOne(name: string, v: ConditionValue, column: ColumnInfo | undefined, support: ConditionSupport, range: SourceRange | undefined): { value: ConditionValue } | string {
  if (!column) return `no column ${name}`;
  const pii = leftOutProblem(column);
  if (pii) return pii;
  if (v === null) {
    // Missingness of a number or date is conditioned on where numbers are: a generator of categories only refuses it too.
    const numberLike = column.type === 'integer' || column.type === 'float' || column.type === 'datetime';
    if (numberLike && !support.capabilities.numericConditions) return categoriesOnly(name, column, support);
    return column.missing > 0 ? { value: null } : `${name} = null: the column has no missing values`;
  }
  switch (column.type) {
    case 'text':
    case 'id':
      return `${name}: conditions on ${column.type} columns are not supported`;
    case 'boolean':
      return booleanValue(name, v, column);
    case 'categorical':
      // As the label it matches: a category `1` asked for as the number 1 is the label '1' to every generator.
      return column.categories?.includes(String(v)) ? { value: String(v) } : `${name} = ${quoted(v)}: the data has no such category; ${categoriesText(column.categories ?? [])}`;
    case 'integer':
    case 'float':
      return numberValue(name, v, column, support, range);
    case 'datetime':
      return datetimeValue(name, v, column, support, range);
  }
}

/** Categories listed whole in a problem up to this many; past it, how many and the first few. */
const CATEGORIES_LISTED = 20;
const CATEGORIES_SAMPLED = 5;

/** The values a condition on a categorical column may take, so the user can pick one without looking them up. */
function categoriesText(categories: readonly string[]): string {
  const listed = (values: readonly string[]) => values.map((c) => clip(JSON.stringify(c))).join(', ');
  if (!categories.length) return 'it has none';
  if (categories.length <= CATEGORIES_LISTED) return `valid values: ${listed(categories)}`;
  return `it has ${categories.length}, e.g. ${listed(categories.slice(0, CATEGORIES_SAMPLED))}`;
}

/**
 * The generator's condition vector holds categories only, and equality on a generated number or date is met by
 * chance at best (SDV's reject sampling of a float seldom ends): said so, with where to go instead.
 */
const categoriesOnly = (name: string, column: ColumnInfo, support: ConditionSupport) =>
  `${name}: the ${support.generator} generator conditions on categorical and boolean columns only, and ${name} is ${column.type}; ` +
  'a generator with capabilities.numericConditions in GET /synth/models (gaussian_copula) conditions on numbers and dates too';

function booleanValue(name: string, v: string | number | boolean, column: ColumnInfo): { value: ConditionValue } | string {
  const categories = column.categories ?? [];
  if (typeof v !== 'boolean')
    return categories.includes(String(v)) ? { value: String(v) } : `${name} = ${quoted(v)}: the data has no such value (it has ${categories.map((c) => JSON.stringify(c)).join(' and ')}; or give JSON true or false, unquoted)`;
  const spelling = categories.find((c) => TRUE_SPELLINGS.has(c.toLowerCase()) === v);
  return spelling !== undefined ? { value: spelling } : `${name} = ${v}: the column has no value meaning ${v} (${categories.join(', ')})`;
}

/** An instant to show a format by: 5 March 2024, 14:30 (day and month told apart). */
const EXAMPLE_INSTANT = Date.UTC(2024, 2, 5, 14, 30, 0);

/**
 * A datetime condition written in the column's format, or a JSON number of epoch milliseconds (the
 * API's own spelling of a date condition, in a generated file's lineage), as the instant the
 * generator takes. A number that lands outside the source's range (20230505 meant as a date is
 * 1970-01-01T05:37Z) is refused with the date's spelling in the column's format.
 */
function datetimeValue(name: string, v: string | number | boolean, column: ColumnInfo, support: ConditionSupport, range: SourceRange | undefined): { value: ConditionValue } | string {
  if (!support.capabilities.numericConditions) return categoriesOnly(name, column, support);
  const format = datetimeFormat(column.format ?? 'YYYY-MM-DD');
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? parseDatetime(format, v) : NaN;
  const writeAsDate = `write a date in the column's format, ${format.name} (e.g. ${quoted(formatDatetime(format, EXAMPLE_INSTANT, column.utc_offset))})`;
  if (!Number.isFinite(ms)) return `${name} = ${quoted(v)}: ${writeAsDate}`;
  const outside = range !== undefined && (ms < range.min || ms > range.max);
  if (typeof v === 'number' && outside) {
    return `${name} = ${v} is read as epoch milliseconds, ${new Date(ms).toISOString()}, outside the source's dates; ${writeAsDate}, or epoch milliseconds within its range`;
  }
  if (support.enforcesBounds && outside) {
    return `${name} = ${quoted(v)} is outside the source range, which this generator keeps to (enforce_min_max_values)`;
  }
  return unseen(name, ms, quoted(v), range) ?? { value: ms };
}

/** The fewest decimals that write `v` exactly (up to 17). */
function decimalsOf(v: number): number {
  for (let d = 0; d < 17; d++) if (Number(v.toFixed(d)) === v) return d;
  return 17;
}

function numberValue(name: string, v: string | number | boolean, column: ColumnInfo, support: ConditionSupport, range: SourceRange | undefined): { value: ConditionValue } | string {
  if (!support.capabilities.numericConditions && !support.computedByModel?.has(name)) return categoriesOnly(name, column, support);
  if (typeof v !== 'number') return `${name} must be a number`;
  if (column.type === 'integer' && !Number.isInteger(v)) return `${name} = ${v}: the column holds whole numbers`;
  if (column.type === 'float' && roundsTo(column.decimals) && decimalsOf(v) > column.decimals) {
    return `${name} = ${v} has more decimals than the column's ${column.decimals}, to which values are written rounded`;
  }
  if (support.enforcesBounds && range && (v < range.min || v > range.max)) {
    return `${name} = ${v} is outside the source range ${range.min}–${range.max}, which this generator keeps to (enforce_min_max_values)`;
  }
  return unseen(name, v, String(v), range) ?? { value: v };
}
