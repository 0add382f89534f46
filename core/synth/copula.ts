/**
 * Gaussian copula, SDV-compatible in spirit: each column is mapped to a normal score through its
 * marginal; the correlation of the scores carries the dependence; sampling draws correlated normals
 * and maps them back.
 *
 * Column models:
 * - continuous (numbers, datetimes with many values): a fitted marginal, min/max enforced, integers
 *   and decimals rounded as in the source; missing values through a separate 0/1 latent;
 * - discrete (categoricals, booleans, numbers with few distinct values, repeating text): SDV's
 *   frequency-uniform encoding — each level owns an interval of (0, 1) as wide as its frequency,
 *   missing being a level of its own;
 * - scrambled (unique text and ids): new values with the shape of real ones (letters → random
 *   letters, digits → random digits), unique for ids — real values are never copied.
 * Conditions are exact: conditioned columns get their latent fixed, the others are drawn from the
 * conditional normal given them, and the conditioned values are written as asked.
 */
import { z } from 'zod';
import { MISSING_CODE, datetimeSpellingOf, numbersColumn, numbersOf, spellingOf, type Column, type Table } from '../table/model.js';
import { numberSpellingFields, utcOffsetField } from '../table/arrow.js';
import type { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { normalCdf, normalPpf } from '../stats/normal.js';
import { cholesky, identity, inverseSpd, recolour } from '../stats/linalg.js';
import { correlationRatio } from '../stats/correlation-ratio.js';
import { presentRange } from '../stats/range.js';
import { discreteScore, latentCorrelationMatrix, numericScore, valueScore, type LatentScore } from '../stats/latent-correlation.js';
import { DISTRIBUTIONS, MarginalSpec, fitMarginal, marginalFrom, type Marginal } from './marginals.js';
import { encodeJson, numericalDistributions, type Conditions, type DateFormats, type FittedModel } from './synthesizer.js';
import { conditionText, dateFormatsOf } from './condition-text.js';
import { Affixes, scrambledValues } from './scramble.js';
import { own } from '../records.js';
import { TEXT_LEVEL_CAP, TextTail, tailSampler, templatesOf, textLevels, textTreatment, valueGrid, gridFields, roundOnto, OffGrid, type ValueGrid } from './column-rules.js';

/** In a text column (whose levels are strings), the number that stands for the tail's rarer values. */
const TAIL_LEVEL = -1;

export const CopulaParams = z
  .object({
    default_distribution: z.enum([...DISTRIBUTIONS, 'auto']).default('auto').describe('Marginal of every numeric column; `auto` picks the best fit by KS distance'),
    numerical_distributions: numericalDistributions(DISTRIBUTIONS).default({}).describe('Per-column marginal, overriding the default'),
    enforce_min_max_values: z.boolean().default(true).describe('Keep numbers within the range seen in the data'),
    enforce_rounding: z.boolean().default(true).describe('Round numbers to the decimals seen in the data'),
    discrete_threshold: z.number().int().min(0).max(1000).default(20).describe('Numeric columns with at most this many distinct values are modelled by their frequencies'),
    lookups: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe('`auto` looks up a column that another determines (a code from its name, a borough from its zone) from that one, so every pair is one the data holds; `off` models it in the copula, as SDV does'),
    strata: z
      .union([z.enum(['auto', 'off']), z.object({ column: z.string() }).strict()])
      .default('auto')
      .describe(
        'One copula per level of a categorical column or a number of few values (a mixture), for tables whose groups differ in shape, correlation and category shares. ' +
          '`auto` picks the column that explains most of the other columns, when one explains enough; `off` fits a single copula',
      ),
  })
  .strict();
export type CopulaParams = z.infer<typeof CopulaParams>;

const U_EPS = 1e-10;
const Level = z.union([z.string(), z.number(), z.null()]);

export const ColumnShape = z.object({
  name: z.string(),
  type: z.enum(['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'id']),
  format: z.string().optional(),
  ...utcOffsetField,
  categories: z.array(z.string()).optional(),
  ...numberSpellingFields,
});
export type ColumnShape = z.infer<typeof ColumnShape>;

const ColumnModel = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('continuous'),
    shape: ColumnShape,
    marginal: MarginalSpec,
    min: z.number(),
    max: z.number(),
    /** Round to this step (1 for integers, 10^-d for d decimals, a day for dates), 0 for none… */
    step: z.number(),
    /** …from this offset (datetimes at one time of day); absent for 0, as in models saved before. */
    phase: z.number().optional(),
    /** The few values the data holds off the grid, with their shares of their cells (column-rules.ts); absent when none, as in models saved before. */
    offGrid: OffGrid.optional(),
    latent: z.number().int(),
    /** Latent of the missing indicator, when the column has missing values. */
    missing: z.object({ latent: z.number().int(), rate: z.number() }).optional(),
  }),
  z.object({
    kind: z.literal('discrete'),
    shape: ColumnShape,
    /** Levels in the order of their latent intervals (numbers by value, others by frequency, or along a continuous column); null is missing. */
    levels: z.array(Level),
    probs: z.array(z.number()),
    latent: z.number().int(),
    /** Text of more values than TEXT_LEVEL_CAP: the level TAIL_LEVEL stands for the rarer ones, drawn from here. */
    tail: TextTail.optional(),
  }),
  z.object({
    kind: z.literal('scrambled'),
    shape: ColumnShape,
    templates: z.array(z.string()),
    affixes: Affixes.optional(),
    missingRate: z.number(),
  }),
]);
export type ColumnModel = z.infer<typeof ColumnModel>;

export const CopulaModel = z.object({
  format: z.literal('tabmimic.gaussian_copula.v1'),
  rows: z.number().int(),
  dims: z.number().int(),
  correlation: z.array(z.number()),
  columns: z.array(ColumnModel),
  params: CopulaParams,
});
export type CopulaModel = z.infer<typeof CopulaModel>;

export function shapeOf(c: Column): ColumnShape {
  const base = { name: c.name, type: c.type };
  switch (c.type) {
    case 'integer':
    case 'float':
      return { ...base, ...spellingOf(c) };
    case 'datetime':
      return { ...base, ...datetimeSpellingOf(c) };
    case 'categorical':
    case 'boolean':
      return { ...base, categories: [...c.categories] };
    default:
      return base;
  }
}

type LevelValue = z.infer<typeof Level>;

/** Each row's level, as a comparable key: numbers, strings, or null for missing. */
export function levelsOf(c: Column): LevelValue[] {
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return Array.from(c.codes, (code) => (code === MISSING_CODE ? null : c.categories[code]!));
    case 'text':
    case 'id':
      return c.values.map((v) => v);
    default:
      return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
  }
}

/**
 * A column's levels per row; text of more than TEXT_LEVEL_CAP values has its rarer ones folded
 * into TAIL_LEVEL, as the other generators do, so a value of one row is never emitted verbatim.
 */
function withTail(c: Column, rng: Rng): { values: LevelValue[]; tail?: TextTail } {
  const values = levelsOf(c);
  if (c.type !== 'text' && c.type !== 'id') return { values };
  const { levels, tail } = textLevels(c.values, TEXT_LEVEL_CAP, rng);
  if (!tail) return { values };
  const kept = new Set(levels);
  return { values: values.map((v) => (v === null || kept.has(v as string) ? v : TAIL_LEVEL)), tail };
}

/**
 * How a column is modelled: mostly unique text is regenerated by shape, never copied (the
 * discrete generators' rule); numbers and dates of many values through a marginal; the rest by
 * their levels' frequencies.
 */
export function columnKind(c: Column, discreteThreshold: number): ColumnModel['kind'] {
  if (c.type === 'text' || c.type === 'id') return textTreatment(c.values) === 'scrambled' ? 'scrambled' : 'discrete';
  const values = numbersOf(c);
  return !values || valuesModelled(values, discreteThreshold) !== undefined ? 'discrete' : 'continuous';
}

/**
 * How many distinct present values a number column has when it is modelled by them (at most
 * `discreteThreshold`, or fewer than 2); undefined when it goes through a marginal.
 */
export function valuesModelled(values: Float64Array, discreteThreshold: number): number | undefined {
  const distinct = distinctUpTo(values, Math.max(discreteThreshold, 1));
  return distinct > discreteThreshold && distinct >= 2 ? undefined : distinct;
}

/**
 * Distinct present values, counted only up to one past `limit`: all the kind needs. Counting a
 * million-row column whole (through boxed levels) had been a third of a big copula fit.
 */
export function distinctUpTo(values: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (let r = 0; r < values.length && seen.size <= limit; r++) if (!Number.isNaN(values[r]!)) seen.add(values[r]!);
  return seen.size;
}

/** Frequency-uniform encoding: levels by decreasing count (ties by first appearance, for determinism). */
function discreteFit(values: LevelValue[]): { levels: LevelValue[]; probs: number[] } {
  const counts = new Map<LevelValue, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { levels: entries.map((e) => e[0]), probs: entries.map((e) => e[1] / values.length) };
}

function cumulative(probs: readonly number[]): Float64Array {
  const cum = new Float64Array(probs.length + 1);
  for (let i = 0; i < probs.length; i++) cum[i + 1] = cum[i]! + probs[i]!;
  cum[probs.length] = 1;
  return cum;
}

/**
 * Levels of a number column in value order (missing last): in frequency order, two counts or
 * scales that rise together lose their link (r = 0.96 came back 0.14), one correlation of scores
 * cannot carry a relation scrambled that way.
 */
function inValueOrder(fitted: Fitted): Fitted {
  const rank = (l: LevelValue) => (l === null ? Infinity : Number(l));
  return reordered(fitted, (a, b) => rank(fitted.levels[a]!) - rank(fitted.levels[b]!));
}

type Fitted = { levels: LevelValue[]; probs: number[] };

/** The levels (and their shares) sorted by `compare` on their indices. */
function reordered(fitted: Fitted, compare: (a: number, b: number) => number): Fitted {
  const order = fitted.levels.map((_, i) => i).sort(compare);
  return { levels: order.map((i) => fitted.levels[i]!), probs: order.map((i) => fitted.probs[i]!) };
}

/**
 * Levels reordered by their mean score on the latent that separates them best (largest
 * correlation ratio η², at least `minEta2`), or `fitted` itself when none separates them.
 */
function orderAlong(values: readonly LevelValue[], fitted: Fitted, candidates: readonly Float64Array[], minEta2: number): Fitted {
  if (fitted.levels.length < 3 || !candidates.length) return fitted;
  const index = new Map(fitted.levels.map((l, i) => [l, i]));
  const groupOf = Int32Array.from(values, (v) => index.get(v)!);
  let best: { eta2: number; means: Float64Array } | undefined;
  for (const z of candidates) {
    const ratio = correlationRatio(z, groupOf, fitted.levels.length);
    // A latent missing on every row of some level cannot place it: its mean would default to the
    // middle (a feed recorded from the second week on had put week 1 between weeks 6 and 7).
    if (ratio && ratio.absent === 0 && (!best || ratio.eta2 > best.eta2)) best = ratio;
  }
  if (!best || best.eta2 < minEta2) return fitted;
  const { means } = best;
  return reordered(fitted, (a, b) => means[a]! - means[b]! || a - b);
}

/**
 * One pass of reciprocal averaging: each free column's levels ordered by their mean score on the
 * discrete column that separates them most, when that is well past chance (η² of k levels over n
 * rows is about (k − 1)/n by chance alone). Two labels linked other than in their frequency order
 * (a party and a stance) then line up where one correlation can carry them: on Pew's global-warming
 * survey the pair's quality went 0.869 → 0.948 over eight splits (the real rows: 0.949).
 */
const BEYOND_CHANCE = 3;
/** The η² an ordering needs: 0.05, and BEYOND_CHANCE times what k levels over n rows reach by chance. */
const beyondChance = (levels: number, rows: number) => Math.max(0.05, (BEYOND_CHANCE * (levels - 1)) / rows);
/**
 * The η² an ordering along a number column needs: 0.05, and well past what k levels over n rows
 * reach by chance (in a group of 70 rows, 4 anxiety levels had followed income by chance, and so
 * not the emotion score that sets them). Where the levels are too many for their rows to tell
 * chance apart (names of cars, ~1 row each), 0.05 alone: there an order by any mean is no worse
 * than by frequency. (Labels ordered along labels always clear chance: orderFreeAlongOthers.)
 */
const beyondChanceAlongNumbers = (levels: number, rows: number) => {
  const bound = beyondChance(levels, rows);
  return bound <= 0.5 ? bound : 0.05;
};
/** η² is judged on every k-th row, at most this many: a few thousand pin it well enough to order by. */
const ORDERING_ROWS = 4096;
/** Column pairs compared in all, at most (each on ORDERING_ROWS rows). */
const ORDERING_PAIRS = 50_000;
function orderFreeAlongOthers(discrete: { values: readonly LevelValue[]; ordered: Fitted; free: boolean }[]): void {
  const isFree = (d: (typeof discrete)[number]) => d.free && d.ordered.levels.length >= 3;
  const free = discrete.filter(isFree).length;
  if (!free || discrete.length < 2) return;
  const n = discrete[0]!.values.length;
  const stride = Math.max(1, Math.ceil(n / ORDERING_ROWS));
  const rows = Array.from({ length: Math.ceil(n / stride) }, (_, i) => i * stride);
  // Each column's level scores on the sampled rows, redone when a column is reordered.
  const scores = new Map<(typeof discrete)[number], Float64Array>();
  const scoresOf = (d: (typeof discrete)[number]) => {
    let z = scores.get(d);
    if (!z) {
      const index = new Map(d.ordered.levels.map((l, i) => [l, i]));
      scores.set(d, (z = discreteScore(cumulative(d.ordered.probs), Int32Array.from(rows, (r) => index.get(d.values[r]!)!)).scores));
    }
    return z;
  };
  // On wide tables each column looks at its nearest columns in table order only (related columns
  // are often neighbours): every pair of 1 200 columns had doubled the fit.
  const reach = Math.max(8, Math.floor(ORDERING_PAIRS / free / 2));
  for (const [i, d] of discrete.entries()) {
    if (!isFree(d)) continue;
    const others = discrete.slice(Math.max(0, i - reach), i + reach + 1).filter((o) => o !== d);
    const ordered = orderAlong(rows.map((r) => d.values[r]!), d.ordered, others.map(scoresOf), beyondChance(d.ordered.levels.length, rows.length));
    if (ordered === d.ordered) continue;
    d.ordered = ordered;
    scores.delete(d);
  }
}

/** Rows pulled in at each end of a column before its values' r is taken: one in a hundred, at least one. */
const WINSORISED_SHARE = 0.01;

const clampU = (u: number) => Math.min(1 - U_EPS, Math.max(U_EPS, u));

/** Options of a fit inside a mixture: each column keeps the kind and grid the whole table gave it. */
export interface CopulaFitOptions {
  readonly kinds?: ReadonlyMap<string, ColumnModel['kind']>;
  /** Each number column's grid, from the whole table: a group whose values happen to be whole stays on the table's. */
  readonly grids?: ReadonlyMap<string, ValueGrid>;
}

export function fitCopula(table: Table, params: CopulaParams, rng: Rng, onProgress?: (f: number, m?: string) => void, options: CopulaFitOptions = {}): CopulaModel {
  const n = table.rowCount;
  // Each latent as observed: normal scores of a continuous column, level scores of a discrete one.
  const latents: LatentScore[] = [];
  const columns: ColumnModel[] = new Array(table.columns.length);
  const deferred: number[] = [];
  const continuousLatents: Float64Array[] = [];
  const valueScores: (LatentScore | undefined)[] = [];
  const missingMasks: { values: Float64Array; latent: number }[] = [];
  const addDiscrete = (values: readonly LevelValue[], levels: readonly LevelValue[], probs: readonly number[]): number => {
    const index = new Map(levels.map((l, i) => [l, i]));
    latents.push(discreteScore(cumulative(probs), Int32Array.from(values, (v) => index.get(v)!)));
    return latents.length - 1;
  };

  table.columns.forEach((col, ci) => {
    onProgress?.(ci / table.columns.length, `fitting column ${col.name}`);
    const shape = shapeOf(col);
    const numbers = numbersOf(col);
    const kind = options.kinds?.get(col.name) ?? columnKind(col, params.discrete_threshold);
    if (kind === 'scrambled' && (col.type === 'text' || col.type === 'id')) {
      const present = col.values.filter((v): v is string => v !== null);
      columns[ci] = { kind: 'scrambled', shape, ...templatesOf(present, rng), missingRate: (n - present.length) / Math.max(1, n) };
      return;
    }
    if (!numbers || kind !== 'continuous') {
      deferred.push(ci);
      return;
    }

    // A mixture's group may hold one value of a column the whole table models as continuous.
    const range = presentRange(numbers);
    if (!range || !(range.min < range.max)) {
      deferred.push(ci);
      return;
    }
    const { min, max } = range;
    const present = numbers.filter((v) => !Number.isNaN(v));
    const choice = own(params.numerical_distributions, col.name) ?? params.default_distribution;
    const { marginal } = fitMarginal(present, choice);
    // Each value's interval of the uniform scale (a point unless many rows share the value); NaN
    // where missing, so its pairs are estimated over the rows that have one. A lone extreme sits
    // at its plotting position 1/2n from the edge: at Φ⁻¹(1e-10) = −6.4 the two extremes of a
    // bounded marginal outweighed hundreds of rows in every correlation.
    const lo = new Float64Array(n).fill(NaN);
    const hi = new Float64Array(n).fill(NaN);
    numbers.forEach((v, r) => {
      if (!Number.isNaN(v)) [lo[r], hi[r]] = marginal.cdfRange(v);
    });
    const score = numericScore(lo, hi, 0.5 / present.length);
    latents.push(score);
    // The column as sampling draws it, so its pairs with other such columns keep the values' r —
    // taken with the outermost rows pulled in (winsorised, and the draws alike): one far-out row
    // must not set a pair's dependence for all the others, nor be written into the model.
    const tail = Math.ceil(WINSORISED_SHARE * present.length) / present.length;
    const [low, high] = [marginal.ppf(tail), marginal.ppf(1 - tail)].map((x) => (params.enforce_min_max_values ? Math.min(max, Math.max(min, x)) : x)) as [number, number];
    const pulledIn = (x: number) => Math.min(high, Math.max(low, x));
    valueScores[latents.length - 1] = valueScore(numbers.map(pulledIn), (t) => pulledIn(marginal.ppf(normalCdf(t))));
    const latent = latents.length - 1;
    const z = score.scores;
    const missingCount = n - present.length;
    let missing: { latent: number; rate: number } | undefined;
    if (missingCount > 0) {
      const rate = missingCount / n;
      // Columns missing on the very same rows (a block of readings absent before some year) share
      // one indicator: as correlated indicators, a third of the rows came back missing only in part.
      const twin = missingMasks.find((m) => sameMissing(m.values, numbers));
      if (twin) missing = { latent: twin.latent, rate };
      else {
        const flags: LevelValue[] = Array.from(numbers, (v) => (Number.isNaN(v) ? 1 : 0));
        const { levels, probs } = indicatorLevels(rate);
        missing = { latent: addDiscrete(flags, levels, probs), rate };
        missingMasks.push({ values: numbers, latent: missing.latent });
      }
    }
    const grid = gridFields(options.grids?.get(col.name) ?? valueGrid(col));
    columns[ci] = { kind: 'continuous', shape, marginal: marginal.spec, min, max, ...grid, latent, ...(missing ? { missing } : {}) };
    continuousLatents.push(z);
  });

  // Discrete columns last, so their levels can be ordered along the continuous column they
  // relate to most: a non-monotone relation (temperature by month) becomes monotone, which a
  // Gaussian copula can carry. Otherwise numbers keep their order and other levels frequency order.
  const discrete = deferred.map((ci) => {
    const col = table.columns[ci]!;
    onProgress?.(ci / table.columns.length, `fitting column ${col.name}`);
    const { values, tail } = withTail(col, rng);
    const fitted = numbersOf(col) ? inValueOrder(discreteFit(values)) : discreteFit(values);
    const ordered = orderAlong(values, fitted, continuousLatents, beyondChanceAlongNumbers(fitted.levels.length, n));
    // Labels no number column orders are free to follow another discrete column.
    return { ci, col, values, tail, ordered, free: ordered === fitted && !numbersOf(col) };
  });
  orderFreeAlongOthers(discrete);
  for (const { ci, col, values, tail, ordered } of discrete) {
    const { levels, probs } = ordered;
    const latent = addDiscrete(values, levels, probs);
    columns[ci] = { kind: 'discrete', shape: shapeOf(col), levels, probs, latent, ...(tail ? { tail } : {}) };
  }

  onProgress?.(0.95, 'estimating correlations');
  const correlation = Array.from(n > 1 ? latentCorrelationMatrix(latents, valueScores) : identity(latents.length));
  return { format: 'tabmimic.gaussian_copula.v1', rows: n, dims: latents.length, correlation, columns, params };
}

/** Where the frequency-uniform interval of a discrete level lies. */
function levelInterval(model: Extract<ColumnModel, { kind: 'discrete' }>, level: LevelValue): [number, number] | undefined {
  const cum = cumulative(model.probs);
  const i = model.levels.findIndex((l) => l === level);
  return i < 0 ? undefined : [cum[i]!, cum[i + 1]!];
}

export class CopulaSampler implements FittedModel {
  private readonly marginals = new Map<number, Marginal>();

  /** `fewestStratified`: draws of fewer rows are left as drawn (STRATIFIED_ROWS_MIN; a mixture's groups take more). */
  constructor(
    private readonly model: CopulaModel,
    private readonly fewestStratified = STRATIFIED_ROWS_MIN,
  ) {
    model.columns.forEach((c, i) => {
      if (c.kind === 'continuous') this.marginals.set(i, marginalFrom(c.marginal));
    });
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }

  dateFormats(): DateFormats {
    return dateFormatsOf(this.model.columns.map((c) => c.shape));
  }

  sample(rows: number, rng: Rng, conditions: Conditions = {}): Table {
    const fixed = this.conditionedLatents(rows, rng, conditions);
    const z = drawLatents(this.model, rows, rng, fixed, this.fewestStratified);
    const columns = this.model.columns.map((c, i) => this.decode(c, i, z, rows, rng, conditions));
    return { rowCount: rows, columns };
  }

  /** Latent values forced by the conditions, per latent index. */
  private conditionedLatents(rows: number, rng: Rng, conditions: Conditions): Map<number, Float64Array> {
    const fixed = new Map<number, Float64Array>();
    // Columns that share a missing indicator are missing together: one condition cannot make one missing and another not.
    const missingAsked = new Map<number, { missing: boolean; name: string }>();
    const fixMissing = (latent: number, missing: boolean, name: string) => {
      const other = missingAsked.get(latent);
      if (other && other.missing !== missing) {
        throw unprocessable(`Conditions on ${other.name} and ${name}: the data has them missing on the same rows, so one cannot be missing without the other.`);
      }
      missingAsked.set(latent, { missing, name });
    };
    for (const [name, raw] of Object.entries(conditions)) {
      const c = this.model.columns.find((m) => m.shape.name === name);
      if (!c) throw unprocessable(`Condition on unknown column ${name}.`);
      const value = typeof raw === 'boolean' ? String(raw) : raw;
      if (c.kind === 'scrambled') throw unprocessable(`Conditions on ${c.shape.type} column ${name} are not supported.`);
      if (c.kind === 'discrete') {
        const level = conditionLevel(c, raw);
        const interval = level === TAIL_LEVEL && c.tail ? undefined : levelInterval(c, level);
        if (!interval && level === null) throw unprocessable(`Condition ${name} = null: the column has no missing values.`);
        if (!interval && c.tail) {
          throw unprocessable(`Condition ${name} = ${conditionText(name, raw, this.dateFormats())}: not one of the column's most frequent values, which are the ones this generator can condition on.`);
        }
        if (!interval) throw unprocessable(`Condition ${name} = ${conditionText(name, raw, this.dateFormats())}: the data has no such value.`);
        const z = new Float64Array(rows);
        for (let r = 0; r < rows; r++) z[r] = normalPpf(clampU(interval[0] + rng.uniform() * (interval[1] - interval[0])));
        fixed.set(c.latent, z);
        continue;
      }
      if (value === null) {
        if (!c.missing) throw unprocessable(`Condition ${name} = null: the column has no missing values.`);
        fixMissing(c.missing.latent, true, name);
        fixed.set(c.missing.latent, indicatorLatent(c.missing.rate, true, rng, rows));
        continue;
      }
      const x = Number(value);
      if (!Number.isFinite(x)) throw unprocessable(`Condition ${name} must be a number.`);
      const u = clampU(this.marginals.get(this.model.columns.indexOf(c))!.cdf(x));
      fixed.set(c.latent, new Float64Array(rows).fill(normalPpf(u)));
      if (c.missing) {
        fixMissing(c.missing.latent, false, name);
        fixed.set(c.missing.latent, indicatorLatent(c.missing.rate, false, rng, rows));
      }
    }
    return fixed;
  }

  /** Whether this model saw the number `x` in `column`: within its range, or as one of its values. */
  holdsNumber(column: string, x: number): boolean {
    const c = this.model.columns.find((m) => m.shape.name === column);
    if (c?.kind === 'continuous') return c.min <= x && x <= c.max;
    return c?.kind === 'discrete' && c.levels.includes(x);
  }

  /**
   * The log-likelihood of the conditions: each column's log-probability (levels, missing values)
   * or log-density (numbers), plus the copula's log-density of their normal scores, so that groups
   * whose columns link differently are told apart. A mixture weighs its groups by it. Columns with a
   * `bandwidth` are scored as densities, their mass taken within ± it (a level of a column modelled
   * by its levels here counts as mass too); past the range seen, the density falls off from the
   * edge as a normal tail of the column's spread, so a value between two groups goes to the nearer.
   */
  logLikelihood(conditions: Conditions, bandwidth: (column: string) => number | undefined = () => undefined): number {
    let logp = 0;
    const scores: { latent: number; z: number }[] = [];
    const score = (latent: number, interval: readonly [number, number]) => scores.push({ latent, z: normalPpf(clampU((interval[0] + interval[1]) / 2)) });
    // A missing indicator shared by columns missing together counts once; asked both ways it is impossible.
    const missingAsked = new Map<number, boolean>();
    const scoreMissing = (latent: number, rate: number, missing: boolean): boolean => {
      const before = missingAsked.get(latent);
      if (before !== undefined) return before === missing;
      missingAsked.set(latent, missing);
      score(latent, missingInterval(rate, missing));
      logp += Math.log(missing ? rate : 1 - rate);
      return true;
    };
    for (const [name, raw] of Object.entries(conditions)) {
      const index = this.model.columns.findIndex((m) => m.shape.name === name);
      const c = this.model.columns[index];
      if (!c || c.kind === 'scrambled') continue; // sampling reports it
      const h = bandwidth(name);
      if (c.kind === 'discrete') {
        const level = conditionLevel(c, raw);
        const interval = levelInterval(c, level);
        // A level this model lacks cannot be conditioned on here, even where a number is near one.
        if (!interval) return -Infinity;
        score(c.latent, interval);
        logp += Math.log(interval[1] - interval[0]) - (h !== undefined && level !== null ? Math.log(2 * h) : 0);
        continue;
      }
      const rate = c.missing?.rate ?? 0;
      if (raw === null) {
        if (!c.missing || !scoreMissing(c.missing.latent, rate, true)) return -Infinity;
        continue;
      }
      const x = Number(raw);
      if (!Number.isFinite(x)) continue; // sampling reports it
      const marginal = this.marginals.get(index)!;
      if (c.missing && !scoreMissing(c.missing.latent, rate, false)) return -Infinity;
      // The fit's plotting positions: a group's own extreme scores ±Φ⁻¹(1 − 1/2n), not ±6.4, which would rule it out.
      const edge = 0.5 / Math.max(1, this.model.rows);
      scores.push({ latent: c.latent, z: normalPpf(Math.min(1 - edge, Math.max(edge, marginal.cdf(x)))) });
      logp += numberLogDensity(marginal, c, x, h ?? ((c.max - c.min) / 100 || 1));
    }
    return logp + copulaLogDensity(this.model, scores);
  }

  private decode(c: ColumnModel, index: number, z: Float64Array[], rows: number, rng: Rng, conditions: Conditions): Column {
    const shape = c.shape;
    const condition = own(conditions, shape.name);
    if (c.kind === 'scrambled') {
      const values = scrambledValues(c, shape.type === 'id', rows, rng);
      return { type: shape.type === 'id' ? 'id' : 'text', name: shape.name, values };
    }
    if (c.kind === 'discrete') {
      const cum = cumulative(c.probs);
      const latent = z[c.latent]!;
      const levels: LevelValue[] = new Array(rows);
      for (let r = 0; r < rows; r++) levels[r] = c.levels[findInterval(cum, normalCdf(latent[r]!))] ?? null;
      if (c.tail) {
        const fromTail = tailSampler(c.tail);
        for (let r = 0; r < rows; r++) if (levels[r] === TAIL_LEVEL) levels[r] = fromTail(rng);
      }
      return fromLevels(shape, levels);
    }
    const marginal = this.marginals.get(index)!;
    const latent = z[c.latent]!;
    const missingLatent = c.missing ? z[c.missing.latent]! : undefined;
    const missingBelow = c.missing ? missingThreshold(c.missing.rate) : undefined;
    const values = new Float64Array(rows);
    const { params } = this.model;
    for (let r = 0; r < rows; r++) {
      if (missingLatent && missingBelow && missingBelow(normalCdf(missingLatent[r]!))) {
        values[r] = NaN;
        continue;
      }
      let x = marginal.ppf(normalCdf(latent[r]!));
      if (params.enforce_min_max_values) x = Math.min(c.max, Math.max(c.min, x));
      if (c.step > 0 && (params.enforce_rounding || shape.type !== 'float')) x = roundOnto(x, c);
      // Unrounded, a number keeps the places it is written with (the grid's, or past it the column's own for off-grid values).
      else if (c.step > 0 && c.step < 1) x = Number(x.toFixed(c.offGrid && shape.decimals !== undefined ? shape.decimals : Math.round(-Math.log10(c.step))));
      values[r] = x;
    }
    if (typeof condition === 'number') values.fill(condition);
    return numbersColumn(shape, values);
  }
}

/** log f(x) from the mass within ± h; past the range seen, a normal tail of the marginal's spread from its edge. */
function numberLogDensity(marginal: Marginal, c: Extract<ColumnModel, { kind: 'continuous' }>, x: number, h: number): number {
  const mass = (at: number) => marginal.cdf(at + h) - marginal.cdf(at - h);
  const edge = Math.min(c.max, Math.max(c.min, x));
  const atEdge = Math.log(Math.max(mass(edge), Number.MIN_VALUE) / (2 * h));
  if (x === edge) return atEdge;
  // Beyond the range, from the edge on: continuous there, and falling with the distance. Capped so
  // an absurd value (1e200) ranks the groups alike rather than overflowing every one to −∞.
  const spread = Math.max(h, (marginal.ppf(normalCdf(1)) - marginal.ppf(normalCdf(-1))) / 2);
  return Math.max(-Number.MAX_VALUE, atEdge - 0.5 * ((x - edge) / spread) ** 2);
}

/** log c(u) of the Gaussian copula at the given normal scores: log φ_Σ(z) − Σ log φ(z_i). */
function copulaLogDensity(model: CopulaModel, scores: readonly { latent: number; z: number }[]): number {
  const k = scores.length;
  if (k < 2) return 0;
  const d = model.dims;
  const sigma = Float64Array.from({ length: k * k }, (_, x) => model.correlation[scores[Math.floor(x / k)]!.latent * d + scores[x % k]!.latent]!);
  const l = cholesky(sigma, k);
  // Solve L y = z: zᵀ Σ⁻¹ z = |y|², log det Σ = 2 Σ log L_ii.
  const y = new Float64Array(k);
  let quadratic = 0;
  let logDet = 0;
  let plain = 0;
  for (let i = 0; i < k; i++) {
    let v = scores[i]!.z;
    for (let j = 0; j < i; j++) v -= l[i * k + j]! * y[j]!;
    y[i] = v / l[i * k + i]!;
    quadratic += y[i]! ** 2;
    logDet += 2 * Math.log(l[i * k + i]!);
    plain += scores[i]!.z ** 2;
  }
  return -0.5 * (quadratic - plain) - 0.5 * logDet;
}

/** The level a condition names in a discrete column: labels for text and booleans, values for numbers. */
function conditionLevel(c: Extract<ColumnModel, { kind: 'discrete' }>, raw: Conditions[string]): LevelValue {
  const value = typeof raw === 'boolean' ? String(raw) : raw;
  const textual = c.shape.type === 'categorical' || c.shape.type === 'boolean' || c.shape.type === 'text' || c.shape.type === 'id';
  return typeof value === 'string' && !textual ? Number(value) : value;
}

/** Whether two number columns are missing on exactly the same rows. */
function sameMissing(a: Float64Array, b: Float64Array): boolean {
  for (let r = 0; r < a.length; r++) if (Number.isNaN(a[r]!) !== Number.isNaN(b[r]!)) return false;
  return true;
}

/**
 * A missing-value indicator is a two-level discrete column, levels by frequency like any other:
 * present (0) first unless most values are missing.
 */
function indicatorLevels(rate: number): { levels: LevelValue[]; probs: number[] } {
  return rate <= 0.5 ? { levels: [0, 1], probs: [1 - rate, rate] } : { levels: [1, 0], probs: [rate, 1 - rate] };
}

function missingInterval(rate: number, missing: boolean): [number, number] {
  const presentFirst = rate <= 0.5;
  if (missing) return presentFirst ? [1 - rate, 1] : [0, rate];
  return presentFirst ? [0, 1 - rate] : [rate, 1];
}

function missingThreshold(rate: number): (u: number) => boolean {
  const [lo, hi] = missingInterval(rate, true);
  return (u) => u >= lo && u < hi;
}

function indicatorLatent(rate: number, missing: boolean, rng: Rng, rows: number): Float64Array {
  const [lo, hi] = missingInterval(rate, missing);
  const z = new Float64Array(rows);
  for (let r = 0; r < rows; r++) z[r] = normalPpf(clampU(lo + rng.uniform() * (hi - lo)));
  return z;
}

function findInterval(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! <= u) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function fromLevels(shape: ColumnShape, levels: LevelValue[]): Column {
  switch (shape.type) {
    case 'categorical':
    case 'boolean': {
      const categories = shape.categories ?? [];
      const index = new Map(categories.map((c, i) => [c, i]));
      return { type: shape.type, name: shape.name, categories, codes: Int32Array.from(levels, (l) => (l === null ? MISSING_CODE : (index.get(String(l)) ?? MISSING_CODE))) };
    }
    case 'text':
    case 'id':
      return { type: shape.type, name: shape.name, values: levels.map((l) => (l === null ? null : String(l))) };
    default:
      return numbersColumn(shape, Float64Array.from(levels, (l) => (l === null ? NaN : Number(l))));
  }
}

/**
 * Correlated standard normals, with the conditioned latents fixed and the rest drawn given them.
 * Without conditions each latent is then stratified (Iman–Conover), so a sample's category counts
 * and marginals match the model to within a row rather than to within multinomial noise.
 */
function drawLatents(model: CopulaModel, rows: number, rng: Rng, fixed: Map<number, Float64Array>, fewestStratified: number): Float64Array[] {
  const d = model.dims;
  const sigma = Float64Array.from(model.correlation);
  const cond = [...fixed.keys()].sort((a, b) => a - b);
  const rest = Array.from({ length: d }, (_, i) => i).filter((i) => !fixed.has(i));
  const out: Float64Array[] = Array.from({ length: d }, (_, i) => fixed.get(i) ?? new Float64Array(rows));
  if (!rest.length) return out;
  const k = cond.length;
  const m = rest.length;
  // A = Σ_RC Σ_CC⁻¹ and S = Σ_RR − A Σ_CR: the conditional mean map and covariance.
  const a = new Float64Array(m * k);
  const s = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s[i * m + j] = sigma[rest[i]! * d + rest[j]!]!;
  if (k) {
    const sccInv = inverseSpd(Float64Array.from({ length: k * k }, (_, x) => sigma[cond[Math.floor(x / k)]! * d + cond[x % k]!]!), k);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < k; j++) {
        let v = 0;
        for (let t = 0; t < k; t++) v += sigma[rest[i]! * d + cond[t]!]! * sccInv[t * k + j]!;
        a[i * k + j] = v;
      }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let v = 0;
        for (let t = 0; t < k; t++) v += a[i * k + t]! * sigma[cond[t]! * d + rest[j]!]!;
        s[i * m + j] = s[i * m + j]! - v;
      }
  }
  const l = cholesky(s, m);
  // Unconditioned draws only: given conditions, each row's latents have their own conditional law.
  const unconditioned = !k && rows <= STRATIFIED_ROWS_MAX;
  if (unconditioned && m > 1 && rows >= Math.max(STRATIFIED_ROWS_MIN, EXACT_ROWS_PER_DIMENSION * m)) {
    for (let r = 0; r < rows; r++) for (let i = 0; i < m; i++) out[i]![r] = rng.normal();
    recolour(out, rows, l);
  } else {
    const eps = new Float64Array(m);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < m; i++) eps[i] = rng.normal();
      for (let i = 0; i < m; i++) {
        let v = 0;
        for (let j = 0; j <= i; j++) v += l[i * m + j]! * eps[j]!;
        for (let t = 0; t < k; t++) v += a[i * k + t]! * out[cond[t]!]![r]!;
        out[rest[i]!]![r] = v;
      }
    }
  }
  if (unconditioned && rows >= fewestStratified) for (const z of out) stratify(z, rng);
  return out;
}

/**
 * From this many rows per latent dimension an unconditioned draw is given the model's correlation
 * exactly (`recolour`), not within sampling noise (about 1/√n per pair: ±0.09 at 122 rows), the
 * way stratifying gives it the marginals exactly. The sample's own covariance must be well
 * conditioned to be undone; at 2 rows per dimension it is. Over 57 public tables × 4 splits quality
 * rose 0.0008 (18 up, none down over 20 splits), airquality 0.809 → 0.819 and penguins 0.858 →
 * 0.863 over 10 splits; nearest-row shares and membership inference held level or fell.
 */
const EXACT_ROWS_PER_DIMENSION = 2;

/**
 * Beyond this many rows a marginal's sampling noise (about 1/√n in KS distance) is under 0.3 %, and
 * the random access of re-ranking costs more than it saves.
 */
const STRATIFIED_ROWS_MAX = 1 << 17;

/**
 * Below this many rows draws are left as drawn: re-ranking weakens the dependence (it keeps only
 * each value's rank: ρ = 0.9 comes back 0.80 from 10-row draws, 0.884 from 64, 0.895 from 256,
 * against 0.898 unstratified). From 32 rows the marginals' gain outweighs it: on ten tables of
 * 41–195 training rows (airquality, statsmodels', vega's, plotly's) quality rose 0.005–0.028 over
 * five splits, with the share of rows nearer training than holdout (0.547 → 0.544 on average) and
 * membership inference (AUC 0.560 → 0.557) level.
 */
const STRATIFIED_ROWS_MIN = 32;

/**
 * A mixture's groups are fitted on a few rows each, and their stratified quantiles land on those
 * rows' own values: at a floor of 16, cars' membership inference rose 0.681 → 0.715 (five splits)
 * for 0.001 of quality, and at 64 penguins' 0.513 → 0.551. Their draws keep the old floor.
 */
export const GROUP_STRATIFIED_ROWS_MIN = 256;

/**
 * Iman–Conover: a draw of standard normals replaced, in the same rank order, by one normal score
 * from each of `rows` equal-probability strata, so the marginal carries no sampling noise beyond a
 * stratum's width while the ranks (and so the dependence) of the draw stay as drawn. Ranks come
 * from a counting sort on Φ(z), near-uniform, so buckets hold about one value each.
 */
function stratify(z: Float64Array, rng: Rng): void {
  const n = z.length;
  const bucket = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const b = Math.min(n - 1, Math.floor(normalCdf(z[r]!) * n));
    bucket[r] = b;
    start[b + 1]!++;
  }
  for (let b = 0; b < n; b++) start[b + 1]! += start[b]!;
  const next = start.slice(0, n);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[next[bucket[r]!]!++] = r;
  for (let b = 0; b < n; b++) {
    const from = start[b]!;
    const to = start[b + 1]!;
    if (to - from > 16) order.subarray(from, to).sort((x, y) => z[x]! - z[y]! || x - y);
    else
      for (let i = from + 1; i < to; i++) {
        const row = order[i]!;
        let j = i - 1;
        while (j >= from && z[order[j]!]! > z[row]!) order[j + 1] = order[j--]!;
        order[j + 1] = row;
      }
  }
  for (let k = 0; k < n; k++) z[order[k]!] = normalPpf(clampU((k + rng.uniform()) / n));
}
