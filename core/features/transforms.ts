/**
 * Feature transforms. Each step is fitted once on a table (its parameters recorded in the
 * pipeline JSON) and then applied as recorded, so a saved pipeline gives identical results on any
 * file with the same columns. Estimators: Yeo–Johnson and Box–Cox λ by maximum likelihood
 * (golden-section search on [−5, 5], as scipy's `boxcox`/`yeojohnson` maximise the same
 * log-likelihood); standard scaling uses the population std (as scikit-learn's StandardScaler).
 */
import { calendarPart } from '../table/calendar.js';
import { keptOffsetMinutes } from '../table/utc-offset.js';
import { z } from 'zod';
import { MISSING_CODE, cellLabel, columnLength, getColumn, type Column, type NumberColumn, type Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import { columnRecord, own, setOwn } from '../records.js';
import { quantileSorted } from '../eda/columns.js';
import { codePoints } from '../table/code-points.js';
import { fillColumn, fillFor, onGrid, type FillValue } from './fill.js';
import { headerNames } from '../table/ingest.js';
import { MAX_NAMES_BYTES, boundedName, namesBytes } from '../table/names.js';
import { specificIssues } from '../zod-issues.js';
import { upperBound } from '../stats/sort.js';

/** The parts a datetime_parts step can split a date into; all but elapsed_days on the column's clock. */
export const DATETIME_PARTS = ['year', 'month', 'day', 'day_of_week', 'hour', 'minute', 'second', 'elapsed_days'] as const;
export type DatetimePart = (typeof DATETIME_PARTS)[number];

/**
 * A calendar part of the wall-clock instant `ms` (elapsed_days is not one: it needs the fitted
 * origin). The second is taken here, not from calendar.ts: its parts are also what synthesis
 * detects in tables, which a second is not meant to be.
 */
export function datetimePart(ms: number, part: Exclude<DatetimePart, 'elapsed_days'>): number {
  return part === 'second' ? (Number.isNaN(ms) ? NaN : new Date(ms).getUTCSeconds()) : calendarPart(ms, part);
}

// Strict: an unknown key is a typo (`columns` for `column`), which would otherwise be ignored.
export const StepSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('impute'), column: z.string(), strategy: z.enum(['mean', 'median', 'mode', 'constant']), value: z.union([z.number(), z.string(), z.boolean()]).optional(), indicator: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('log1p'), column: z.string() }).strict(),
  z.object({ kind: z.literal('box_cox'), column: z.string() }).strict(),
  z.object({ kind: z.literal('yeo_johnson'), column: z.string() }).strict(),
  z.object({ kind: z.literal('scale'), column: z.string(), method: z.enum(['standard', 'robust', 'minmax']) }).strict(),
  z.object({ kind: z.literal('clip'), column: z.string(), method: z.enum(['iqr']).default('iqr') }).strict(),
  z.object({ kind: z.literal('bin'), column: z.string(), method: z.enum(['quantile', 'uniform']), bins: z.number().int().min(2).max(100).default(5) }).strict(),
  z.object({ kind: z.literal('one_hot'), column: z.string(), max_levels: z.number().int().min(2).max(200).default(20) }).strict(),
  z.object({ kind: z.literal('ordinal'), column: z.string() }).strict(),
  z.object({ kind: z.literal('frequency'), column: z.string() }).strict(),
  z
    .object({ kind: z.literal('target_encode'), column: z.string(), target: z.string(), folds: z.number().int().min(2).max(20).default(5), smoothing: z.number().min(0).default(10) })
    .strict()
    // Encoding the target by itself replaces it with its own means: the target is lost and the encoding is a copy of it.
    .refine((s) => s.column !== s.target, { message: 'must name another column than column: a column cannot be encoded by itself', path: ['target'] }),
  z.object({ kind: z.literal('datetime_parts'), column: z.string(), parts: z.array(z.enum(DATETIME_PARTS)).min(1) }).strict(),
  z.object({ kind: z.literal('text_length'), column: z.string() }).strict(),
  z.object({ kind: z.literal('ratio'), numerator: z.string(), denominator: z.string() }).strict(),
  z.object({ kind: z.literal('interaction'), left: z.string(), right: z.string() }).strict().describe('the product of two numeric columns'),
  z.object({ kind: z.literal('drop'), column: z.string() }).strict(),
]);
export type StepSpec = z.infer<typeof StepSpec>;

/** A fitted step: the spec plus what fitting learned. */
export const FittedStep = z.object({ spec: StepSpec, fitted: z.record(z.string(), z.unknown()) }).strict();
export type FittedStep = z.infer<typeof FittedStep>;

const DAY = 86_400_000;

function numbers(t: Table, name: string): NumberColumn | Extract<Column, { type: 'datetime' }> {
  const c = getColumn(t, name);
  if (!c) throw unprocessable(`Unknown column ${name}.`);
  if (c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') throw unprocessable(`Column ${name} is ${c.type}; this step needs numbers.`);
  return c;
}

function datetimes(t: Table, name: string): Extract<Column, { type: 'datetime' }> {
  const c = getColumn(t, name);
  if (!c) throw unprocessable(`Unknown column ${name}.`);
  if (c.type !== 'datetime') throw unprocessable(`Column ${name} is ${c.type}; this step needs a datetime column.`);
  return c;
}

/** A column whose cells are written text (labels too); numbers and datetimes are not: their text is a spelling, not data. */
function texts(t: Table, name: string): Column {
  const c = getColumn(t, name);
  if (!c) throw unprocessable(`Unknown column ${name}.`);
  if (c.type === 'integer' || c.type === 'float' || c.type === 'datetime') throw unprocessable(`Column ${name} is ${c.type}; text_length needs a text, id or categorical column.`);
  return c;
}

/**
 * Population mean and std, summed over the values divided by a power of two near the largest
 * magnitude: exact for ordinary values (a power of two only moves the exponent), and finite for
 * values near 1e300, whose squares and sums would overflow.
 */
function meanAndStd(xs: Float64Array): { center: number; scale: number } {
  const largest = xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const k = largest > 0 ? 2 ** Math.floor(Math.log2(largest)) : 1;
  let mean = 0;
  for (const x of xs) mean += x / k;
  mean /= xs.length;
  let v = 0;
  for (const x of xs) v += (x / k - mean) ** 2;
  return { center: mean * k, scale: Math.sqrt(v / xs.length) * k || 1 };
}

/**
 * (x − min) / (max − min); where the span overflows (min and max of opposite sign near the largest
 * double), both are taken of halves, which are exact there and keep the fitted values in [0, 1].
 */
function unitScaled(x: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  const span = max - min;
  return Number.isFinite(span) ? (x - min) / span : (x / 2 - min / 2) / (max / 2 - min / 2);
}

/** (x − center) / scale; where the difference overflows (values of opposite sign near the largest double), each term is divided first. */
function centred(x: number, center: number, scale: number): number {
  const d = x - center;
  return Number.isFinite(d) ? d / scale : x / scale - center / scale;
}

function present(values: Float64Array): Float64Array {
  return values.filter((v) => v === v);
}

/** Significant digits a derived number is written with: 0.0482667, not 0.048266666666666666. */
export const DERIVED_DIGITS = 6;

/** More decimals than this make a column unreadable: it is then written unrounded instead. */
const MAX_DERIVED_DECIMALS = 12;

/**
 * The decimals that give the column's smallest nonzero magnitude DERIVED_DIGITS significant digits:
 * a ratio near 0.05 gets 7, a product near 5000 gets 2. The CSV and JSON writers round every value
 * of a column to one `decimals`, so it is taken from the smallest value, not the typical one: a
 * 0.004 among thousands would otherwise be written 0. Past MAX_DERIVED_DECIMALS the column is
 * written unrounded (undefined), never as zeros. Only the written spelling is rounded; the values
 * kept for later steps are exact.
 */
export function derivedDecimals(values: Float64Array): number | undefined {
  let smallest = Infinity;
  for (const v of values) {
    const size = Math.abs(v);
    if (size > 0 && size < smallest) smallest = size;
  }
  if (smallest === Infinity) return undefined;
  const decimals = Math.max(0, DERIVED_DIGITS - 1 - Math.floor(Math.log10(smallest)));
  return decimals <= MAX_DERIVED_DECIMALS ? decimals : undefined;
}

const float = (name: string, values: Float64Array): Column => {
  const decimals = derivedDecimals(values);
  return { type: 'float', name, values, ...(decimals !== undefined ? { decimals } : {}) };
};
const integer = (name: string, values: Float64Array): Column => ({ type: 'integer', name, values });

/** Golden-section maximisation on [lo, hi]. */
function maximise(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let i = 0; i < 80; i++) {
    if (f(c) > f(d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return (a + b) / 2;
}

export const boxCox = (x: number, l: number) => (Math.abs(l) < 1e-12 ? Math.log(x) : (x ** l - 1) / l);
export const yeoJohnson = (x: number, l: number) =>
  x >= 0 ? (Math.abs(l) < 1e-12 ? Math.log1p(x) : ((x + 1) ** l - 1) / l) : Math.abs(l - 2) < 1e-12 ? -Math.log1p(-x) : -((1 - x) ** (2 - l) - 1) / (2 - l);

/** −(n/2)·ln σ̂² of values (population variance), after removing a shift that cannot change it. */
function gaussianLogLikelihood(ys: Float64Array): number {
  let mean = 0;
  for (const y of ys) mean += y;
  mean /= ys.length;
  let v = 0;
  for (const y of ys) v += (y - mean) ** 2;
  v /= ys.length;
  return -(ys.length / 2) * Math.log(v);
}

/**
 * Box & Cox's profile log-likelihood ℓ(λ) = (λ − 1)·Σ ln x − (n/2)·ln σ̂²(λ), as scipy's
 * boxcox_llf defines it. σ̂² is taken of x^λ and divided by λ² (the −1 shift cannot change a
 * variance), so that large |λ| does not lose every digit to 1 − tiny (scipy issue 6873).
 */
export function boxCoxLogLikelihood(xs: Float64Array, l: number): number {
  let logSum = 0;
  for (const x of xs) logSum += Math.log(x);
  const n = xs.length;
  const spread = Math.abs(l) < 1e-12 ? gaussianLogLikelihood(xs.map(Math.log)) : gaussianLogLikelihood(xs.map((x) => x ** l)) + n * Math.log(Math.abs(l));
  return (l - 1) * logSum + spread;
}

/** Yeo & Johnson's (2000) profile log-likelihood: (λ − 1)·Σ sign(x)·ln(1 + |x|) − (n/2)·ln σ̂²(λ). */
export function yeoJohnsonLogLikelihood(xs: Float64Array, l: number): number {
  let jac = 0;
  for (const x of xs) jac += Math.sign(x) * Math.log1p(Math.abs(x));
  return gaussianLogLikelihood(xs.map((x) => yeoJohnson(x, l))) + (l - 1) * jac;
}

/** MLE of the Box–Cox λ (positive data). */
export function fitBoxCox(xs: Float64Array): number {
  return maximise((l) => boxCoxLogLikelihood(xs, l), -5, 5);
}

/** MLE of the Yeo–Johnson λ. */
export function fitYeoJohnson(xs: Float64Array): number {
  return maximise((l) => yeoJohnsonLogLikelihood(xs, l), -5, 5);
}

/** An ordinal step's codes: the levels in sorted order, 0 for the first (a suggestion names which is 1). */
export const ordinalLevels = (c: Column): string[] => levelsOf(c).sort();

function levelsOf(c: Column, max?: number): string[] {
  const counts = new Map<string, number>();
  for (let r = 0; r < columnLength(c); r++) {
    const l = cellLabel(c, r);
    if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (max ? sorted.slice(0, max) : sorted).map(([l]) => l);
}

const rowsOf = columnLength;

/**
 * Fits a step on a table: returns what to record. `later` are the pipeline's steps after this one:
 * a bin whose column one of them reads as numbers is fitted unlabelled (see the bin case). The
 * names of the columns it adds are recorded only where one had to be renamed (see freshNames), so
 * a pipeline with no clash is recorded, and writes, as it always did.
 */
export function fitStep(t: Table, spec: StepSpec, seed: number, later: readonly StepSpec[] = []): Record<string, unknown> {
  const fitted = fitParams(t, spec, seed, later);
  const defaults = addedNames(spec, fitted);
  const names = freshNames(t, defaults);
  return names.some((n, i) => n !== defaults[i]) ? { ...fitted, names } : fitted;
}

function fitParams(t: Table, spec: StepSpec, seed: number, later: readonly StepSpec[]): Record<string, unknown> {
  switch (spec.kind) {
    case 'impute': {
      const c = getColumn(t, spec.column);
      if (!c) throw unprocessable(`Unknown column ${spec.column}.`);
      if (spec.strategy === 'constant') {
        if (spec.value === undefined) throw unprocessable(`Impute ${spec.column} with a constant needs a value.`);
        // Recorded as the column holds it: JSON true as the column's spelling ("yes"), a date as its
        // instant (epoch ms), which a file spelling its dates otherwise is filled with in its own format.
        return { value: fillFor(c, spec.value, true) };
      }
      if (spec.strategy === 'mode') {
        const value = modeOf(c);
        // With no value the fill would be null, which a label column would store as the text "null".
        if (value === null) throw nothingToImpute(spec.column, 'mode');
        return { value };
      }
      const xs = present(numbers(t, spec.column).values).sort();
      if (!xs.length) throw nothingToImpute(spec.column, spec.strategy);
      const value = spec.strategy === 'median' ? quantileSorted(xs, 0.5) : xs.reduce((a, b) => a + b, 0) / xs.length;
      // An integer column keeps whole numbers, a datetime its step (whole days, …): a mean (or a median between two values) is rounded to it.
      return { value: c.type === 'integer' ? Math.round(value) : c.type === 'datetime' ? onGrid(c, value) : value };
    }
    case 'log1p': {
      const xs = present(numbers(t, spec.column).values);
      if (xs.some((x) => x <= -1)) throw unprocessable(`log1p needs values above −1; ${spec.column} has smaller ones. Use yeo_johnson.`);
      return {};
    }
    case 'box_cox': {
      const xs = present(numbers(t, spec.column).values);
      if (!xs.length) throw nothingToFit(spec.column, 'transform', 'λ to fit');
      if (xs.some((x) => x <= 0)) throw unprocessable(`Box–Cox needs positive values; ${spec.column} has others. Use yeo_johnson.`);
      return { lambda: fitBoxCox(xs) };
    }
    case 'yeo_johnson': {
      const xs = present(numbers(t, spec.column).values);
      if (!xs.length) throw nothingToFit(spec.column, 'transform', 'λ to fit');
      return { lambda: fitYeoJohnson(xs) };
    }
    case 'scale': {
      const xs = present(numbers(t, spec.column).values).sort();
      if (!xs.length) throw nothingToFit(spec.column, 'scale', 'center or spread');
      if (spec.method === 'minmax') return { min: xs[0] ?? 0, max: xs[xs.length - 1] ?? 1 };
      if (spec.method === 'robust') return { center: quantileSorted(xs, 0.5), scale: quantileSorted(xs, 0.75) - quantileSorted(xs, 0.25) || 1 };
      // A constant column is centred on its value: its summed mean can be off by an ulp, which for
      // 1e300 squares past the largest number and would be recorded as an overflow.
      if (xs[0] === xs[xs.length - 1]) return { center: xs[0]!, scale: 1 };
      return meanAndStd(xs);
    }
    case 'clip': {
      const xs = present(numbers(t, spec.column).values).sort();
      if (!xs.length) throw nothingToFit(spec.column, 'clip', 'quartiles to clip to');
      const q1 = quantileSorted(xs, 0.25);
      const q3 = quantileSorted(xs, 0.75);
      return { lower: q1 - 1.5 * (q3 - q1), upper: q3 + 1.5 * (q3 - q1) };
    }
    case 'bin': {
      const c = numbers(t, spec.column);
      const xs = present(c.values).sort();
      if (!xs.length) throw nothingToFit(spec.column, 'bin', spec.method === 'quantile' ? 'quantiles to cut at' : 'range to cut');
      const edges = Array.from({ length: spec.bins - 1 }, (_, i) =>
        spec.method === 'quantile' ? quantileSorted(xs, (i + 1) / spec.bins) : xs[0]! + ((xs[xs.length - 1]! - xs[0]!) * (i + 1)) / spec.bins,
      );
      // The labels are recorded, not recomputed when applied: they are spelled against this table's
      // values, and every file the pipeline is applied to must get the same categories. A record
      // without labels (pipelines fitted before labels existed) gives the bin index 0…k−1, as it
      // did then. A later step of this pipeline that needs numbers from the bin column (scale
      // x_bin) gets that index too — the rule old pipelines follow — rather than a 422 on labels.
      const [name] = freshNames(t, [`${spec.column}_bin`]);
      if (later.some((s) => numbersRead(s).includes(name!))) return { edges };
      return { edges, labels: binLabels(edges, xs, c.type === 'datetime') };
    }
    case 'one_hot':
    case 'ordinal': {
      const c = getColumn(t, spec.column);
      if (!c) throw unprocessable(`Unknown column ${spec.column}.`);
      requireLevels(c);
      return { levels: spec.kind === 'one_hot' ? levelsOf(c, spec.max_levels) : ordinalLevels(c) };
    }
    case 'frequency': {
      const c = getColumn(t, spec.column);
      if (!c) throw unprocessable(`Unknown column ${spec.column}.`);
      requireLevels(c);
      const counts: Record<string, number> = {};
      for (let r = 0; r < rowsOf(c); r++) {
        const l = cellLabel(c, r);
        if (l !== null) setOwn(counts, l, (own(counts, l) ?? 0) + 1 / rowsOf(c));
      }
      return { frequencies: counts };
    }
    case 'target_encode': {
      const c = getColumn(t, spec.column);
      const y = getColumn(t, spec.target);
      if (!c) throw unprocessable(`Unknown column ${spec.column}.`);
      if (!y) throw unprocessable(`Target encoding needs the target column ${spec.target}, which this file does not have.`);
      requireLevels(c);
      const target = targetNumbers(y);
      if (!target.some((v) => v === v)) throw nothingToFit(spec.target, 'encode', 'mean to encode by');
      const stats = encodeStats(c, target, () => true);
      return { global: stats.global, means: stats.smoothed(spec.smoothing), seed };
    }
    case 'datetime_parts': {
      let origin = Infinity;
      for (const v of datetimes(t, spec.column).values) if (v < origin) origin = v;
      return { origin: Number.isFinite(origin) ? origin : 0 };
    }
    case 'text_length':
      texts(t, spec.column);
      return {};
    case 'ratio':
      numbers(t, spec.numerator);
      numbers(t, spec.denominator);
      return {};
    case 'interaction':
      numbers(t, spec.left);
      numbers(t, spec.right);
      return {};
    case 'drop':
      if (!getColumn(t, spec.column)) throw unprocessable(`Unknown column ${spec.column}.`);
      return {};
  }
}

/**
 * One label per bin for sorted `edges`: "≤ a", "(a, b]", …, "> z" — right-closed, as a value equal
 * to an edge falls in the lower bin. Numbers are written with the fewest significant digits that
 * keep distinct edges distinct and, given the fitted column's ascending present values `sorted`,
 * put no value on the wrong side of a rounded edge (1234.6 is not "≤ 1235" when the edge is
 * 1234.58): the rounded edge and the true one have the same values at or below them. Datetimes
 * as ISO dates, or times when dates would merge edges or misplace values.
 */
export function binLabels(edges: readonly number[], sorted: Float64Array, datetime = false): string[] {
  if (!edges.length) return ['all'];
  const distinct = new Set(edges).size;
  const spellings: ((v: number) => string)[] = datetime
    ? [(v) => new Date(v).toISOString().slice(0, 10), (v) => new Date(v).toISOString().replace('.000Z', 'Z')]
    : Array.from({ length: 17 }, (_, i) => (v: number) => String(Number(v.toPrecision(i + 1))));
  const read = datetime ? Date.parse : Number;
  const keepsValuesInPlace = (f: (v: number) => string) => edges.every((e) => upperBound(sorted, read(f(e))) === upperBound(sorted, e));
  const spell = spellings.find((f) => new Set(edges.map(f)).size === distinct && keepsValuesInPlace(f)) ?? String;
  return [`≤ ${spell(edges[0]!)}`, ...edges.slice(1).map((e, i) => `(${spell(edges[i]!)}, ${spell(e)}]`), `> ${spell(edges[edges.length - 1]!)}`];
}

/** A 422 for fitting a step on a column with no value (every value missing): its edges, λ or scale would be NaN or made up. */
const nothingToFit = (column: string, kind: string, what: string) =>
  unprocessable(`Column ${column} has no value to ${kind} by: every value is missing, so it has no ${what}. Impute it with a constant first, or drop it.`, { column });

/**
 * An encoding (one_hot, ordinal, frequency, target_encode) learns its levels from the column's
 * values; with none it would silently write a column of zeros or no column at all, so it is a 422
 * as for the other steps that fit on the values (nothingToFit). Missing values in a column that
 * has some are encoded as before (all-zero flags, the global target mean).
 */
function requireLevels(c: Column): void {
  for (let r = 0; r < columnLength(c); r++) if (cellLabel(c, r) !== null) return;
  throw nothingToFit(c.name, 'encode', 'levels');
}

/** A 422 for imputing a column that has no value to impute from (every value missing). */
const nothingToImpute = (column: string, strategy: string) =>
  unprocessable(`Column ${column} has no value to impute from: every value is missing, so it has no ${strategy}. Impute it with a constant, or drop it.`, { column });

/** The most frequent value, as the column holds it (a number for numbers and datetimes, so it fills them). */
function modeOf(c: Column): number | string | null {
  if (c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') return levelsOf(c, 1)[0] ?? null;
  const counts = new Map<number, number>();
  for (const v of c.values) if (v === v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | null = null;
  let most = 0;
  for (const [v, n] of counts) if (n > most || (n === most && best !== null && v < best)) [best, most] = [v, n];
  return best;
}

/** Binary targets as 0/1 (by sorted label), numeric targets as they are. */
function targetNumbers(y: Column): Float64Array {
  if (y.type === 'integer' || y.type === 'float') return y.values;
  const levels = levelsOf(y).sort();
  if (levels.length > 2) throw unprocessable(`Target encoding supports numeric or binary targets; ${y.name} has ${levels.length} classes.`);
  return Float64Array.from({ length: rowsOf(y) }, (_, r) => {
    const l = cellLabel(y, r);
    return l === null ? NaN : levels.indexOf(l);
  });
}

/**
 * Target sums per level of `c`, over the rows `use` keeps that have a target. The global mean (what
 * a missing or unseen level is encoded as, and what levels are smoothed towards) is over every such
 * row, whether or not `c` has a value there: it is the target's mean, not that of the labelled rows.
 */
function encodeStats(c: Column, y: Float64Array, use: (r: number) => boolean) {
  const sums = new Map<string, { s: number; n: number }>();
  let total = 0;
  let n = 0;
  for (let r = 0; r < y.length; r++) {
    if (!use(r) || y[r] !== y[r]) continue;
    total += y[r]!;
    n++;
    const l = cellLabel(c, r);
    if (l === null) continue;
    const e = sums.get(l) ?? { s: 0, n: 0 };
    e.s += y[r]!;
    e.n++;
    sums.set(l, e);
  }
  const global = n ? total / n : 0;
  return {
    global,
    smoothed: (m: number): Record<string, number> => Object.fromEntries([...sums.entries()].map(([l, { s, n: k }]) => [l, (s + m * global) / (k + m)])),
  };
}

/** The names a step gives the columns it adds, unless one clashes: `b_missing`, `c=x`, `a/b`, …, in the order it adds them. */
export function addedNames(spec: StepSpec, fitted: Record<string, unknown>): string[] {
  switch (spec.kind) {
    case 'impute':
      return spec.indicator ? [`${spec.column}_missing`] : [];
    case 'bin':
      return [`${spec.column}_bin`];
    case 'one_hot':
      return (fitted.levels as string[]).map((l) => `${spec.column}=${levelName(l)}`);
    case 'frequency':
      return [`${spec.column}_frequency`];
    case 'target_encode':
      return [`${spec.column}_target_mean`];
    case 'datetime_parts':
      return spec.parts.map((p) => `${spec.column}_${p}`);
    case 'text_length':
      return [`${spec.column}_length`, `${spec.column}_tokens`];
    case 'ratio':
      return [`${spec.numerator}/${spec.denominator}`];
    case 'interaction':
      return [`${spec.left}*${spec.right}`];
    default:
      return [];
  }
}

/**
 * A value as part of a column name: a run of whitespace or control characters holding any but a
 * plain space (a newline, a tab) becomes one space, and the ends are trimmed, as ingest trims a
 * header — a name with a line break breaks CSV headers and every list that shows it. Two levels
 * that then read alike are kept apart by freshNames (`c=a b`, `c=a b_2`).
 */
function levelName(level: string): string {
  return level.replace(/[\s\p{Cc}]+/gu, (run) => (/^ +$/.test(run) ? run : ' ')).trim();
}

/**
 * `names` for columns added to `t`, where one that `t` already has (or an earlier one of `names`)
 * takes the next free suffix, by the rule ingest gives a repeated header (`b_missing_2`): two
 * columns of one name would make one of them unreadable, its values lost.
 */
export function freshNames(t: Table, defaults: readonly string[]): string[] {
  // A name made from a value (`c=<2 MB label>`) is shortened, deterministically, to the bound ingest holds names to (boundedName).
  const names = defaults.map(boundedName);
  const existing = t.columns.map((c) => c.name);
  const renamed = headerNames([...existing, ...names]).slice(existing.length);
  // Only a clashing name is renamed: headerNames also trims, which must not respell one that does not clash.
  const seen = new Set(existing);
  return names.map((name, i) => {
    const clash = seen.has(name);
    seen.add(name);
    return clash ? boundedName(renamed[i]!) : name;
  });
}

/** The names a fitted step gives its added columns: as recorded when fitted (a clash then), else its defaults. */
export function fittedNames(step: FittedStep): string[] {
  return (step.fitted.names as string[] | undefined) ?? addedNames(step.spec, step.fitted);
}

/** The names a fitted step gives its added columns in `t`: fittedNames, renamed where `t` has them. */
export function outputNames(t: Table, step: FittedStep): string[] {
  return freshNames(t, fittedNames(step));
}

/**
 * The step reading each column by its name in this file, where an earlier step's column is named
 * otherwise than when fitted (`renamed`: fitted name → name here, as freshNames renamed it for a
 * clash): a pipeline that reads `b_missing` after making it means the column it made, not one the
 * file has of that name. The same object when no name it reads was renamed.
 */
export function followRenames(spec: StepSpec, renamed: ReadonlyMap<string, string>): StepSpec {
  const reads = spec.kind === 'target_encode' ? [spec.column, spec.target] : columnsRead(spec);
  if (!reads.some((name) => renamed.has(name))) return spec;
  const to = (name: string) => renamed.get(name) ?? name;
  switch (spec.kind) {
    case 'ratio':
      return { ...spec, numerator: to(spec.numerator), denominator: to(spec.denominator) };
    case 'interaction':
      return { ...spec, left: to(spec.left), right: to(spec.right) };
    case 'target_encode':
      return { ...spec, column: to(spec.column), target: to(spec.target) };
    default:
      return { ...spec, column: to(spec.column) };
  }
}

function replaceColumn(t: Table, name: string, next: Column[]): Table {
  const i = t.columns.findIndex((c) => c.name === name);
  const columns = [...t.columns];
  columns.splice(i, 1, ...next);
  return { rowCount: t.rowCount, columns };
}

function mapNumbers(t: Table, name: string, f: (x: number) => number): Table {
  const c = numbers(t, name);
  return replaceColumn(t, name, [float(name, Float64Array.from(c.values, (v) => (v === v ? f(v) : NaN)))]);
}

/**
 * Applies a fitted step. `training` enables out-of-fold target encoding on the table it was fitted
 * on; `index` is its place in the pipeline, for messages; `names` its added columns' (outputNames,
 * given when the caller has them). Every column the step writes passes here, so this is where an
 * overflow is caught: a file holds no infinite number.
 */
export function applyStep(t: Table, step: FittedStep, training: boolean, index?: number, names = outputNames(t, step)): Table {
  const out = applyColumns(t, step, training, names);
  const before = new Set(t.columns);
  for (const c of out.columns) if (!before.has(c)) requireFinite(c, step.spec, index);
  requireNamesFit(t, out, step.spec, index);
  return out;
}

/** Names a step adds keep within the bytes ingest allows all of a file's names (MAX_NAMES_BYTES): many long one-hot names could pass it. */
function requireNamesFit(input: Table, output: Table, spec: StepSpec, index?: number): void {
  const bytes = namesBytes(output.columns.map((c) => c.name));
  if (bytes <= MAX_NAMES_BYTES || bytes <= namesBytes(input.columns.map((c) => c.name))) return;
  throw unprocessable(
    `${stepLabel(spec, index)} would make the column names take ${bytes} bytes together; the limit is ${MAX_NAMES_BYTES} (${MAX_NAMES_BYTES / 1024} KiB). Encode fewer levels (max_levels), or fewer columns.`,
    { ...(index !== undefined ? { step: index } : {}), names_bytes: bytes, max_names_bytes: MAX_NAMES_BYTES },
  );
}

/** How messages name a step: by its place in the pipeline when known. */
export const stepLabel = (spec: StepSpec, index?: number) => (index === undefined ? `The ${spec.kind} step` : `Step ${index} (${spec.kind})`);

function requireFinite(c: Column, spec: StepSpec, index?: number): void {
  if (c.type !== 'integer' && c.type !== 'float' && c.type !== 'datetime') return;
  const row = c.values.findIndex((v) => v === Infinity || v === -Infinity);
  if (row < 0) return;
  throw unprocessable(
    `${stepLabel(spec, index)} overflows: it would write ${c.values[row]! > 0 ? '' : '−'}infinity into ${c.name} (row ${row + 1}), which no file can hold. The values are too large for this step: scale them down first, or leave the step out.`,
    { ...(index !== undefined ? { step: index } : {}), column: c.name, row: row + 1 },
  );
}

function applyColumns(t: Table, step: FittedStep, training: boolean, names: readonly string[]): Table {
  const { spec, fitted } = step;
  switch (spec.kind) {
    case 'impute': {
      const c = getColumn(t, spec.column)!;
      // null: recorded for a column with no value to impute from (pipelines fitted before that was a
      // 422): its values stay missing, rather than becoming the text "null" or the number 0.
      const filled = fitted.value === null ? c : fillColumn(c, fitted.value as FillValue);
      const indicator = spec.indicator ? [integer(names[0]!, Float64Array.from({ length: t.rowCount }, (_, r) => (cellLabel(c, r) === null ? 1 : 0)))] : [];
      return replaceColumn(t, spec.column, [filled, ...indicator]);
    }
    case 'log1p':
      return mapNumbers(t, spec.column, Math.log1p);
    case 'box_cox':
      return mapNumbers(t, spec.column, (x) => (x > 0 ? boxCox(x, fitted.lambda as number) : NaN));
    case 'yeo_johnson':
      return mapNumbers(t, spec.column, (x) => yeoJohnson(x, fitted.lambda as number));
    case 'scale':
      if (spec.method === 'minmax') {
        const { min, max } = fitted as { min: number; max: number };
        return mapNumbers(t, spec.column, (x) => unitScaled(x, min, max));
      }
      return mapNumbers(t, spec.column, (x) => centred(x, fitted.center as number, fitted.scale as number));
    case 'clip': {
      const { lower, upper } = fitted as { lower: number; upper: number };
      const c = numbers(t, spec.column);
      return replaceColumn(t, spec.column, [{ ...c, values: Float64Array.from(c.values, (v) => (v === v ? Math.min(upper, Math.max(lower, v)) : NaN)) }]);
    }
    case 'bin': {
      const edges = fitted.edges as number[];
      const c = numbers(t, spec.column);
      const name = names[0]!;
      const bin = (v: number) => edges.filter((e) => v > e).length;
      const labels = fitted.labels as string[] | undefined;
      // No recorded labels: fitted before bins were labelled, or a later step needs numbers — the index 0…k−1.
      if (!labels) return replaceColumn(t, spec.column, [integer(name, Float64Array.from(c.values, (v) => (v === v ? bin(v) : NaN)))]);
      // Labelled by interval ("(38.5, 42.1]"), in bin order, so a reader sees the range, not a bare 0–4.
      const categories = [...new Set(labels)];
      const codeOfBin = labels.map((l) => categories.indexOf(l));
      const codes = Int32Array.from(c.values, (v) => (v === v ? codeOfBin[bin(v)]! : MISSING_CODE));
      return replaceColumn(t, spec.column, [{ type: 'categorical', name, categories, codes }]);
    }
    case 'one_hot': {
      const c = getColumn(t, spec.column)!;
      const levels = fitted.levels as string[];
      const cols = levels.map((l, i) => integer(names[i]!, Float64Array.from({ length: t.rowCount }, (_, r) => (cellLabel(c, r) === l ? 1 : 0))));
      return replaceColumn(t, spec.column, cols);
    }
    case 'ordinal': {
      const c = getColumn(t, spec.column)!;
      const levels = fitted.levels as string[];
      return replaceColumn(t, spec.column, [integer(spec.column, Float64Array.from({ length: t.rowCount }, (_, r) => {
        const l = cellLabel(c, r);
        const i = l === null ? -1 : levels.indexOf(l);
        return i < 0 ? NaN : i;
      }))]);
    }
    case 'frequency': {
      const c = getColumn(t, spec.column)!;
      const f = fitted.frequencies as Record<string, number>;
      return replaceColumn(t, spec.column, [float(names[0]!, Float64Array.from({ length: t.rowCount }, (_, r) => own(f, cellLabel(c, r) ?? '') ?? 0))]);
    }
    case 'target_encode': {
      const c = getColumn(t, spec.column)!;
      const global = fitted.global as number;
      const means = fitted.means as Record<string, number>;
      const out = new Float64Array(t.rowCount);
      const y = getColumn(t, spec.target);
      if (training && y) {
        // Out of fold: each row is encoded by means fitted on the other folds, so it never sees its own target.
        const target = targetNumbers(y);
        for (let fold = 0; fold < spec.folds; fold++) {
          const foldMeans = encodeStats(c, target, (r) => r % spec.folds !== fold).smoothed(spec.smoothing);
          for (let r = fold; r < t.rowCount; r += spec.folds) out[r] = own(foldMeans, cellLabel(c, r) ?? '') ?? global;
        }
      } else for (let r = 0; r < t.rowCount; r++) out[r] = own(means, cellLabel(c, r) ?? '') ?? global;
      return replaceColumn(t, spec.column, [float(names[0]!, out)]);
    }
    case 'datetime_parts': {
      const c = datetimes(t, spec.column);
      // A column at +02:00 has its hours, days and weekdays on that clock, as its values are written.
      const ahead = keptOffsetMinutes(c.utcOffset) * 60_000;
      const part = (p: (typeof spec.parts)[number], i: number) =>
        integer(names[i]!, Float64Array.from(c.values, (v) => (p === 'elapsed_days' ? Math.floor((v - (fitted.origin as number)) / DAY) : datetimePart(v + ahead, p))));
      return replaceColumn(t, spec.column, [c, ...spec.parts.map(part)]);
    }
    case 'text_length': {
      const c = texts(t, spec.column);
      // Characters as EDA counts them (code points: "😀" is 1), not UTF-16 units.
      const lengths = integer(names[0]!, Float64Array.from({ length: t.rowCount }, (_, r) => {
        const text = cellLabel(c, r);
        return text === null ? NaN : codePoints(text);
      }));
      const tokens = integer(names[1]!, Float64Array.from({ length: t.rowCount }, (_, r) => cellLabel(c, r)?.split(/\s+/).filter(Boolean).length ?? NaN));
      return replaceColumn(t, spec.column, [c, lengths, tokens]);
    }
    case 'ratio': {
      const a = numbers(t, spec.numerator).values;
      const b = numbers(t, spec.denominator).values;
      return { rowCount: t.rowCount, columns: [...t.columns, float(names[0]!, Float64Array.from(a, (v, i) => (b[i] ? v / b[i]! : NaN)))] };
    }
    case 'interaction': {
      const a = numbers(t, spec.left).values;
      const b = numbers(t, spec.right).values;
      return { rowCount: t.rowCount, columns: [...t.columns, float(names[0]!, Float64Array.from(a, (v, i) => v * b[i]!))] };
    }
    case 'drop':
      return { rowCount: t.rowCount, columns: t.columns.filter((c) => c.name !== spec.column) };
  }
}

const finite = z.number();
const none = z.object({}).strict();
const scaleBy = z.object({ center: finite, scale: finite.refine((v) => v > 0, 'must be above 0') }).strict();
const sortedEdges = z.array(finite).refine((e) => e.every((v, i) => i === 0 || e[i - 1]! <= v), 'must be in increasing order');
const means = columnRecord(finite);
// Shares of the fitted file's rows: each within 0–1, together at most all of them (a little over, for rounding).
const frequencies = columnRecord(z.number().min(0, 'must be a share of rows, 0 to 1').max(1, 'must be a share of rows, 0 to 1')).refine(
  (f) => Object.values(f).reduce((a, b) => a + b, 0) <= 1 + 1e-9,
  'must add up to at most 1: they are shares of the rows',
);
const distinct = (xs: readonly string[]) => new Set(xs).size === xs.length;
// Fitting lists each level once: a repeat would make two columns of one name (one-hot) or a level with two codes.
// Fitting refuses a column with no level (requireLevels), so a list is never empty: none would drop the column silently.
const distinctLevels = z.array(z.string()).min(1, 'must list at least one level').refine(distinct, 'must not repeat a level');

/** What fitting records for each kind of step: a pipeline brought by a user is checked against it. */
const FITTED: { readonly [K in StepSpec['kind']]: (spec: Extract<StepSpec, { kind: K }>) => z.ZodType } = {
  impute: () => z.object({ value: z.union([finite, z.string(), z.boolean(), z.null()]) }).strict(),
  log1p: () => none,
  box_cox: () => z.object({ lambda: finite }).strict(),
  yeo_johnson: () => z.object({ lambda: finite }).strict(),
  scale: (spec) =>
    spec.method === 'minmax'
      ? z.object({ min: finite, max: finite }).strict().refine((f) => f.min <= f.max, 'min must not exceed max')
      : scaleBy,
  clip: () => z.object({ lower: finite, upper: finite }).strict().refine((f) => f.lower <= f.upper, 'lower must not exceed upper'),
  bin: (spec) =>
    z
      .object({ edges: sortedEdges.length(spec.bins - 1, `must have bins − 1 (${spec.bins - 1}) edges`), labels: z.array(z.string()).optional() })
      .strict()
      .refine((f) => !f.labels || f.labels.length === f.edges.length + 1, { message: 'must have one label per bin (one more than edges)', path: ['labels'] }),
  one_hot: (spec) => z.object({ levels: distinctLevels.max(spec.max_levels, `must have at most max_levels (${spec.max_levels}) levels`) }).strict(),
  ordinal: () => z.object({ levels: distinctLevels }).strict(),
  frequency: () => z.object({ frequencies }).strict(),
  target_encode: () => z.object({ global: finite, means, seed: z.number().int() }).strict(),
  datetime_parts: () => z.object({ origin: finite }).strict(),
  text_length: () => none,
  ratio: () => none,
  interaction: () => none,
  drop: () => none,
};

/** The fitted parameters of a step brought from outside, as fitting would have recorded them; a 422 naming the step otherwise. */
export function checkFitted(step: FittedStep, index: number): FittedStep {
  // `names` (recorded where an added column was renamed) is any step's, so it is checked apart.
  const { names, ...params } = step.fitted;
  const schema = (FITTED[step.spec.kind] as (spec: StepSpec) => z.ZodType)(step.spec);
  const fitted = parseFitted(schema, params, step, index, []) as Record<string, unknown>;
  if (names === undefined) return { spec: step.spec, fitted };
  const count = addedNames(step.spec, fitted).length;
  // Fitting records names only for columns a step adds, and never an empty one.
  const named = count
    ? z.array(z.string().min(1, 'must not be empty')).length(count, `must name each of the ${count} column(s) the step adds`).refine(distinct, 'must not repeat a name')
    : z.undefined({ error: 'must be left out: the step adds no columns' });
  return { spec: step.spec, fitted: { ...fitted, names: parseFitted(named, names, step, index, ['names']) } };
}

function parseFitted(schema: z.ZodType, value: unknown, step: FittedStep, index: number, at: string[]): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = specificIssues(parsed.error.issues, value).map((i) => `${['fitted', ...at, ...i.path].join('.')}: ${i.message}`);
  throw unprocessable(`Pipeline step ${index} (${step.spec.kind}): ${issues.join('; ')}.`, { step: index, issues });
}

/** The columns a step needs numbers from (a 422 on any other type). */
export function numbersRead(spec: StepSpec): string[] {
  switch (spec.kind) {
    case 'impute':
      return spec.strategy === 'mean' || spec.strategy === 'median' ? [spec.column] : [];
    case 'log1p':
    case 'box_cox':
    case 'yeo_johnson':
    case 'scale':
    case 'clip':
    case 'bin':
      return [spec.column];
    case 'ratio':
      return [spec.numerator, spec.denominator];
    case 'interaction':
      return [spec.left, spec.right];
    default:
      return [];
  }
}

/** The columns a step reads from the table it is applied to (a target encoding's target only while fitting). */
export function columnsRead(spec: StepSpec): string[] {
  switch (spec.kind) {
    case 'ratio':
      return [spec.numerator, spec.denominator];
    case 'interaction':
      return [spec.left, spec.right];
    default:
      return [spec.column];
  }
}
