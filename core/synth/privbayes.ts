/**
 * PrivBayes (Zhang et al., SIGMOD 2014): a Bayesian network learned greedily — each attribute
 * joins with the parent set (up to `degree` earlier attributes) that shares the most mutual
 * information with it — then sampled ancestrally from its conditional tables.
 *
 * With `epsilon` set it is differentially private, with the paper's budget split:
 * - structure: ε₁ = β·ε (β = 0.3), spent over the d − 1 parent choices by the exponential
 *   mechanism on mutual information, whose sensitivity is Δ = (1/n)·log₂ n + ((n−1)/n)·log₂(n/(n−1));
 * - tables: ε₂ = (1 − β)·ε, spread over the d joint distributions P(X, Π), each perturbed with
 *   Laplace noise of scale 2d / (n·ε₂) (a normalised table has L1 sensitivity 2/n), clipped at 0
 *   and renormalised.
 * The domain (bin edges, category lists) comes from the data and is treated as public metadata,
 * as in the paper; the report says so. The first attribute is drawn at random in DP mode.
 *
 * Parent sets are limited to those whose conditional table fits a cell cap (tableCellCap, the
 * paper's θ-usefulness in spirit), falling back to fewer parents. The cap is a function of n, d
 * and the (public) cardinalities only, so each exponential-mechanism choice still ranges over a
 * data-independent candidate set — possibly smaller, never empty (no parents is always allowed) —
 * and Δ above holds for every parent set whatever its size; the d − 1 choices and d noisy tables
 * are unchanged, so ε₁ + ε₂ = ε as before.
 */
import { z } from 'zod';
import type { Table } from '../table/model.js';
import type { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { Discretization, cardinality, discretize, undiscretize } from './discretize.js';
import { MiCounts, TermMemo, levelCounts } from './privbayes-counts.js';
import { dpLookupsParam, offUnderDp, withLookups } from './with-lookups.js';
import { decodeJson, encodeJson, type FittedModel, type PrivacyGuarantee, type Synthesizer } from './synthesizer.js';
import { epsilonParam } from './dp/epsilon.js';

export const PrivBayesParams = z
  .object({
    degree: z.number().int().min(1).max(4).default(2).describe('Most parents an attribute may have'),
    bins: z.number().int().min(2).max(100).default(20).describe('Quantile bins per numeric column'),
    epsilon: epsilonParam(100, 'Differential privacy budget ε; empty = no differential-privacy guarantee (no noise); 1 is a common choice; smaller is more private and less faithful'),
    structure_rows: z.number().int().min(100).max(1_000_000).default(50_000).describe('Rows (sampled with the seed) used to learn the structure'),
    lookups: dpLookupsParam,
  })
  .strict()
  .transform(offUnderDp);
export type PrivBayesParams = z.infer<typeof PrivBayesParams>;

const BETA = 0.3;

const Node = z.object({
  column: z.number().int(),
  parents: z.array(z.number().int()),
  /** P(X | Π): for each parent configuration (mixed radix over the parents' cardinalities), a distribution over X. */
  table: z.array(z.number()),
});

const PrivBayesModel = z.object({
  format: z.literal('tabmimic.privbayes.v1'),
  plans: z.array(Discretization),
  nodes: z.array(Node),
  privacy: z.object({
    epsilon: z.number().nullable(),
    structure_epsilon: z.number().nullable(),
    tables_epsilon: z.number().nullable(),
    note: z.string(),
  }),
});
type PrivBayesModel = z.infer<typeof PrivBayesModel>;

/**
 * Cells (parent configurations × child levels) one conditional table P(X | Π) may have.
 *
 * The network stores and noises each table densely, so a parent set's table must stay small
 * enough to allocate, to save, and to be learned at all: PrivBayes (Zhang et al. 2017) only lets
 * an attribute take parent sets whose table is "θ-useful", i.e. whose size is bounded relative to
 * the rows that fill it; a table with far more cells than rows is almost all unseen
 * configurations, which fall back to X's marginal anyway. Three columns of 1000 levels would
 * otherwise ask for 10⁹ cells (an "Invalid array length", or an Int32 index past 2³¹).
 * - per table: max(rows, 2²⁰) — one row per cell on average, but never less than 2²⁰ cells
 *   (8 MB as a Float64Array), so ordinary tables (20 bins, degree ≤ 3: 21⁴ ≈ 194 k cells)
 *   keep exactly the parent sets they always had;
 * - per model: the tables together stay within ~2²³ cells (2²³ / d each, at least 2¹²), so the
 *   saved JSON model stays far below V8's string limit however wide the table is.
 * The cap depends only on the row count and the number of attributes, never on the values, so
 * under differential privacy it is public like the domain (see fitPrivBayes).
 */
export function tableCellCap(rows: number, attributes: number): number {
  const perModel = Math.max(MIN_TABLE_CELLS, Math.floor(MODEL_CELLS / Math.max(1, attributes)));
  return Math.min(Math.max(rows, TABLE_CELLS), perModel);
}
const TABLE_CELLS = 2 ** 20;
const MODEL_CELLS = 2 ** 23;
const MIN_TABLE_CELLS = 2 ** 12;

/** Cells of X's conditional table given `parents`: computed in floating point, so it cannot overflow. */
function tableCells(x: number, parents: readonly number[], cards: readonly number[]): number {
  let cells = cards[x]!;
  for (const p of parents) cells *= cards[p]!;
  return cells;
}

/** Index of each row's parent configuration, in mixed radix (only for parent sets within the cell cap). */
function configIndex(codes: Int32Array[], parents: number[], cards: number[], rows: number): { index: Int32Array; size: number } {
  const size = parents.reduce((s, p) => s * cards[p]!, 1);
  if (size > 2 ** 31 - 1) throw new RangeError(`PrivBayes: ${size} parent configurations exceed the table cap`);
  const index = new Int32Array(rows);
  if (parents.length) writeConfigs(codes, parents, cards, index);
  return { index, size };
}

/** Each row's configuration of one or more `parents` in mixed radix (the first most significant), into `out`. */
function writeConfigs(codes: readonly Int32Array[], parents: readonly number[], cards: readonly number[], out: Int32Array): Int32Array {
  const first = codes[parents[0]!]!;
  if (parents.length === 1) {
    out.set(first);
    return out;
  }
  // The first two in one pass: pairs are most of the structure search's parent sets.
  const second = codes[parents[1]!]!;
  const k = cards[parents[1]!]!;
  for (let r = 0; r < out.length; r++) out[r] = first[r]! * k + second[r]!;
  for (let i = 2; i < parents.length; i++) {
    const col = codes[parents[i]!]!;
    const k = cards[parents[i]!]!;
    for (let r = 0; r < out.length; r++) out[r] = out[r]! * k + col[r]!;
  }
  return out;
}

/** I(X; Π) in bits, Π given as each row's parent configuration below `kp`. */
export function mutualInformation(x: Int32Array, kx: number, parents: Int32Array, kp: number): number {
  return new MiCounts(x.length).mutualInformation(x, kx, levelCounts(x, kx), parents, kp);
}

/**
 * Mutual information of attributes with parent sets over the structure rows. The search weighs
 * the same attributes against many parent sets, so the levels' row counts, the count buffers and
 * the configuration index are kept from one parent set to the next.
 */
class StructureScores {
  private readonly counts: MiCounts;
  /** Each attribute's rows per level and memoised terms, once it has been weighed. */
  private readonly levels: ({ px: Float64Array; memo: TermMemo | undefined } | undefined)[];
  /** Each row's configuration of a parent set of two or more. */
  private readonly config: Int32Array;
  /** Each row's configuration of no parents at all. */
  private readonly none: Int32Array;

  constructor(
    private readonly codes: Int32Array[],
    private readonly cards: number[],
    rows: number,
  ) {
    this.counts = new MiCounts(rows);
    this.levels = codes.map(() => undefined);
    this.config = new Int32Array(rows);
    this.none = new Int32Array(rows);
  }

  /** I(X; Π) for the attributes X = `x` and Π = `parents`, as mutualInformation would count it. */
  score(x: number, parents: readonly number[]): number {
    const kx = this.cards[x]!;
    const { px, memo } = (this.levels[x] ??= this.levelsOf(x));
    const kp = parents.reduce((size, p) => size * this.cards[p]!, 1);
    return this.counts.mutualInformation(this.codes[x]!, kx, px, this.configOf(parents), kp, memo);
  }

  private levelsOf(x: number): { px: Float64Array; memo: TermMemo | undefined } {
    const px = levelCounts(this.codes[x]!, this.cards[x]!);
    return { px, memo: TermMemo.of(this.counts.rows, px) };
  }

  /** The rows' parent configurations in mixed radix, as configIndex numbers them (none and one parent without a copy). */
  private configOf(parents: readonly number[]): Int32Array {
    if (parents.length === 0) return this.none;
    if (parents.length === 1) return this.codes[parents[0]!]!;
    return writeConfigs(this.codes, parents, this.cards, this.config);
  }
}

function* combinations(items: readonly number[], k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let i = start; i < items.length; i++) yield* combinations(items, k, i + 1, [...prefix, items[i]!]);
}

/**
 * Row visits the structure search may spend (a few seconds). The greedy search weighs every
 * k-subset of the attributes placed so far for every attribute left, Θ(d^(k+2)/k!) mutual
 * informations: 300 columns would take hours. Past the budget, each attribute weighs only subsets
 * of a pool of its likeliest parents, and if need be the search reads fewer rows.
 */
const STRUCTURE_BUDGET = 1.5e8;
const MIN_STRUCTURE_ROWS = 100;
/** What weighing one parent set costs besides its rows (index, counts, bookkeeping), in row visits. */
const PER_SET_COST = 256;

function choose(t: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (t - i)) / (i + 1);
  return Math.round(c);
}

/** Row visits of the search over d attributes, each weighing parent sets from at most `pool` earlier ones. */
export function searchWork(d: number, degree: number, pool: number, rows: number): number {
  let sets = 0;
  for (let t = 1; t < d; t++) sets += (d - t) * choose(Math.min(t, pool), Math.min(degree, t));
  const ranking = pool < d - 1 ? (d * (d - 1)) / 2 : 0; // pairwise mutual information to rank the pools
  return (sets + ranking) * (rows + PER_SET_COST);
}

/** The largest parent pool (d − 1: every earlier attribute, the exact search) and the rows that keep the search within budget. */
export function planSearch(d: number, degree: number, rows: number): { pool: number; rows: number } {
  if (searchWork(d, degree, d - 1, rows) <= STRUCTURE_BUDGET) return { pool: Math.max(1, d - 1), rows };
  let [lo, hi] = [Math.min(degree, d - 1), d - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (searchWork(d, degree, mid, rows) <= STRUCTURE_BUDGET) lo = mid;
    else hi = mid - 1;
  }
  const pool = Math.max(1, lo);
  const sets = searchWork(d, degree, pool, 0) / PER_SET_COST;
  return { pool, rows: Math.min(rows, Math.max(MIN_STRUCTURE_ROWS, Math.floor(STRUCTURE_BUDGET / sets) - PER_SET_COST)) };
}

/**
 * The earlier attributes an attribute may take parents from: all of them while they fit the pool;
 * past it, the `size` with the most pairwise mutual information with it — or, under differential
 * privacy, a seeded random draw, so that the choice of candidates spends no privacy budget.
 * Only attributes whose pair table fits the cell cap qualify (see fitPrivBayes).
 *
 * The pools grow as attributes are placed (see place): ranking every placed attribute afresh for
 * every attribute left at every step cost Θ(d³ log d), minutes on a couple of thousand columns.
 * Each pair's mutual information is weighed once, when the second of the two is placed, and the
 * pools come out exactly as a full ranking (most information first, earlier placed on ties) would.
 */
class ParentPools {
  /** Per attribute not yet placed: the qualifying placed ones, in the order they were placed (exact search, or DP). */
  private readonly eligible: number[][];
  /** Per attribute not yet placed: its best `size` qualifying placed ones, best first (the ranked pool, without DP). */
  private readonly ranked: Ranked[][];
  private readonly placed: boolean[];
  private placedCount = 0;

  constructor(
    private readonly scores: StructureScores,
    private readonly modelled: readonly number[],
    private readonly qualifies: (x: number, parent: number) => boolean,
    private readonly size: number,
    private readonly rng: Rng | null,
  ) {
    const attributes = modelled.reduce((m, x) => Math.max(m, x + 1), 0);
    this.placed = new Array<boolean>(attributes).fill(false);
    this.eligible = Array.from({ length: attributes }, () => []);
    this.ranked = Array.from({ length: attributes }, () => []);
  }

  /** Ranked pools only when some attribute may have more placed candidates than the pool holds. */
  private get ranking(): boolean {
    return !this.rng && this.size < this.modelled.length - 1;
  }

  /** Records that `o` now has its place in the order: a candidate parent for every attribute left. */
  place(o: number): void {
    const at = this.placedCount++;
    this.placed[o] = true;
    this.eligible[o] = [];
    this.ranked[o] = [];
    for (const x of this.modelled) {
      if (this.placed[x] || !this.qualifies(x, o)) continue;
      if (this.ranking) insertRanked(this.ranked[x]!, { o, at, mi: this.scores.score(x, [o]) }, this.size);
      else this.eligible[x]!.push(o);
    }
  }

  /** X's pool, in the order its members were placed. */
  of(x: number): readonly number[] {
    if (this.ranking) return [...this.ranked[x]!].sort((a, b) => a.at - b.at).map((c) => c.o);
    const order = this.eligible[x]!;
    if (order.length <= this.size || !this.rng) return order;
    return this.rng
      .sampleIndices(order.length, this.size)
      .sort((a, b) => a - b)
      .map((i) => order[i]!);
  }
}

/** A placed attribute (`at`: its place in the order) and its mutual information with the attribute whose pool it is in. */
type Ranked = { o: number; at: number; mi: number };

/**
 * Inserts `c` into `pool` (most information first; on ties, earlier placed first) and keeps the
 * best `size`. `c` was placed after every member, so it goes after those with as much information.
 */
function insertRanked(pool: Ranked[], c: Ranked, size: number): void {
  let i = pool.length;
  while (i > 0 && pool[i - 1]!.mi < c.mi) i--;
  if (i >= size) return;
  pool.splice(i, 0, c);
  if (pool.length > size) pool.pop();
}

function laplace(rng: Rng, scale: number): number {
  const u = rng.uniformOpen() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

function fitPrivBayes(table: Table, params: PrivBayesParams, rng: Rng, onProgress?: (f: number, m?: string) => void): PrivBayesModel {
  const { plans, codes } = discretize(table, params.bins, rng, { withinBin: params.epsilon === undefined ? 'quantiles' : 'uniform' });
  const cards = plans.map(cardinality);
  const modelled = plans.map((p, i) => (p.kind === 'scrambled' ? -1 : i)).filter((i) => i >= 0);
  const n = table.rowCount;
  const d = modelled.length;
  const dp = params.epsilon !== undefined;
  const eps1 = dp ? BETA * params.epsilon! : null;
  const eps2 = dp ? (1 - BETA) * params.epsilon! : null;

  // Structure on a seeded subsample: mutual information converges long before a million rows.
  // A wide table also bounds the search itself (see planSearch), by fewer parents and rows.
  const plan = planSearch(d, params.degree, Math.min(n, params.structure_rows));
  const limit = Math.min(params.structure_rows, plan.rows);
  const sampleRows = n > limit ? rng.sampleIndices(n, limit).sort((a, b) => a - b) : null;
  const view = sampleRows ? codes.map((c) => Int32Array.from(sampleRows, (r) => c[r]!)) : codes;
  const m = sampleRows ? sampleRows.length : n;
  const sensitivity = m > 1 ? (1 / m) * Math.log2(m) + ((m - 1) / m) * Math.log2(m / (m - 1)) : 1;
  const scores = new StructureScores(view, cards, m);
  const cap = tableCellCap(n, d);
  // Parents that cannot fit even alone never take a place in a pool. cards[x]·cards[o] is
  // tableCells(x, [o], cards), without an array per pair.
  const pools = new ParentPools(scores, modelled, (x, o) => cards[x]! * cards[o]! <= cap, plan.pool, dp ? rng : null);

  const order: number[] = [];
  const parentsOf = new Map<number, number[]>();
  if (d) {
    const first = dp ? modelled[rng.int(0, d - 1)]! : modelled[0]!;
    order.push(first);
    parentsOf.set(first, []);
    pools.place(first);
  }
  while (order.length < d) {
    onProgress?.(0.7 * (order.length / Math.max(1, d)), 'learning the network');
    const candidates: { x: number; parents: number[]; score: number }[] = [];
    const k = Math.min(params.degree, order.length);
    for (const x of modelled) {
      if (parentsOf.has(x)) continue;
      // Only parent sets whose table fits the cap (θ-usefulness): if no k-subset of the pool
      // fits, X weighs the (k − 1)-subsets, and so on down to no parents at all (always allowed: a marginal).
      const pool = pools.of(x);
      for (let j = Math.min(k, pool.length); j >= 0; j--) {
        const before = candidates.length;
        for (const parents of combinations(pool, j)) {
          if (j > 0 && tableCells(x, parents, cards) > cap) continue;
          candidates.push({ x, parents, score: scores.score(x, parents) });
        }
        if (candidates.length > before) break;
      }
    }
    let chosen: (typeof candidates)[number];
    if (dp) {
      const scale = eps1! / Math.max(1, d - 1) / (2 * sensitivity);
      const best = candidates.reduce((b, c) => Math.max(b, c.score), -Infinity);
      chosen = candidates[rng.categorical(candidates.map((c) => Math.exp(scale * (c.score - best))))]!;
    } else chosen = candidates.reduce((a, b) => (b.score > a.score ? b : a));
    order.push(chosen.x);
    parentsOf.set(chosen.x, chosen.parents);
    pools.place(chosen.x);
  }

  const nodes = order.map((x, i) => {
    onProgress?.(0.7 + 0.3 * (i / Math.max(1, d)), 'counting conditional tables');
    const parents = parentsOf.get(x)!;
    const { index, size } = configIndex(codes, parents, cards, n);
    const kx = cards[x]!;
    const joint = new Float64Array(size * kx);
    const col = codes[x]!;
    for (let r = 0; r < n; r++) joint[index[r]! * kx + col[r]!]! += 1 / n;
    // Missing is the last code. A column the data has no missing value in never gets one from the
    // noise: its noisy cells are dropped after the draw (post-processing, as the category lists are public metadata).
    const absent = dp && kx > 1 && !col.includes(kx - 1) ? kx - 1 : undefined;
    if (dp) {
      const scale = (2 * d) / (n * eps2!);
      for (let j = 0; j < joint.length; j++) joint[j] = Math.max(0, joint[j]! + laplace(rng, scale));
      if (absent !== undefined) for (let cfg = 0; cfg < size; cfg++) joint[cfg * kx + absent] = 0;
    }
    return { column: x, parents, table: conditionals(joint, size, kx, absent) };
  });

  return {
    format: 'tabmimic.privbayes.v1',
    plans,
    nodes,
    privacy: {
      epsilon: params.epsilon ?? null,
      structure_epsilon: eps1,
      tables_epsilon: eps2,
      note: dp
        ? `ε = ${params.epsilon} (structure ${eps1!.toFixed(3)} by the exponential mechanism over ${Math.max(0, d - 1)} choices; tables ${eps2!.toFixed(3)} by Laplace noise over ${d} marginals). Bin edges, category lists and which columns have missing values are taken from the data as public metadata.`
        : 'No differential privacy: set epsilon to add it.',
    },
  };
}

/**
 * P(X | Π) from the joint table P(Π, X) (`size` configurations of `kx` levels each); an unseen
 * parent configuration falls back to X's own distribution, and an empty one of those to uniform
 * over X's codes but `absent` (missing, where the column has none). Plain index loops rather than a
 * subarray and reductions per configuration: tables run to a million cells. Every sum adds the
 * same values in the same order as ever, so the saved model is unchanged to the byte.
 */
function conditionals(joint: Float64Array, size: number, kx: number, absent?: number): number[] {
  const marginal = new Float64Array(kx);
  for (let cfg = 0; cfg < size; cfg++) for (let a = 0; a < kx; a++) marginal[a]! += joint[cfg * kx + a]!;
  // A total that is not a positive finite number (noise of an overflowing scale) gives no
  // distribution: the table falls back to the marginal, then to uniform, and never stores NaN.
  const usable = (total: number) => total > 0 && Number.isFinite(total);
  const marginalTotal = sum(marginal, 0, kx);
  const table = new Array<number>(size * kx);
  for (let cfg = 0; cfg < size; cfg++) {
    const start = cfg * kx;
    const total = sum(joint, start, start + kx);
    for (let a = 0; a < kx; a++) {
      table[start + a] = usable(total) ? joint[start + a]! / total : usable(marginalTotal) ? marginal[a]! / marginalTotal : a === absent ? 0 : 1 / (absent === undefined ? kx : kx - 1);
    }
  }
  return table;
}

/** values[from] + … + values[to − 1], added left to right from 0. */
function sum(values: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
}

class PrivBayesSampler implements FittedModel {
  constructor(private readonly model: PrivBayesModel) {}

  privacy(): PrivacyGuarantee | undefined {
    const { epsilon, note } = this.model.privacy;
    return epsilon === null ? undefined : { epsilon, delta: 0, mechanism: 'PrivBayes (exponential mechanism + Laplace)', note };
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }

  sample(rows: number, rng: Rng, conditions?: Record<string, unknown>): Table {
    if (conditions && Object.keys(conditions).length) throw unprocessable('The privbayes generator does not sample conditionally; use gaussian_copula.');
    const cards = this.model.plans.map(cardinality);
    const codes = this.model.plans.map(() => new Int32Array(rows));
    for (const node of this.model.nodes) {
      const kx = cards[node.column]!;
      const out = codes[node.column]!;
      for (let r = 0; r < rows; r++) {
        let cfg = 0;
        for (const p of node.parents) cfg = cfg * cards[p]! + codes[p]![r]!;
        let u = rng.uniform();
        let a = 0;
        for (; a < kx - 1; a++) {
          u -= node.table[cfg * kx + a]!;
          if (u < 0) break;
        }
        out[r] = a;
      }
    }
    return { rowCount: rows, columns: this.model.plans.map((plan, i) => undiscretize(plan, codes[i]!, rng)) };
  }
}

/** What ε does not cover (see fitPrivBayes): the domain is read off the data, so the exact min and max are kept. */
const PRIVBAYES_PUBLIC_METADATA = ['column names', 'category lists', "bin edges, including each number column's exact min and max", 'which columns have missing values'];

export const privBayes: Synthesizer<PrivBayesParams> = withLookups({
  name: 'privbayes',
  aliases: ['bayesian_network', 'synthcity_privbayes', 'synthcity_bayesian_network'],
  description:
    'PrivBayes: a Bayesian network over discretised columns (greedy structure by mutual information, degree k). ' +
    'With epsilon it is differentially private: exponential mechanism for the structure, Laplace noise on the conditional tables. ' +
    `The accounting treats as public, taken from the data unnoised: ${PRIVBAYES_PUBLIC_METADATA.join('; ')}.`,
  dpPublicMetadata: PRIVBAYES_PUBLIC_METADATA,
  params: PrivBayesParams,
  capabilities: { conditional: false, numericConditions: false, constraints: true, differentialPrivacy: true },
  fit: async (table, params, rng, onProgress) => new PrivBayesSampler(fitPrivBayes(table, params, rng, onProgress)),
  load: async (bytes) => new PrivBayesSampler(PrivBayesModel.parse(decodeJson(bytes))),
});

/** The learned structure, for inspection and tests: each column's parents by name. */
export function structureOf(bytes: Uint8Array): Record<string, string[]> {
  const model = PrivBayesModel.parse(decodeJson(bytes));
  return Object.fromEntries(model.nodes.map((n) => [model.plans[n.column]!.name, n.parents.map((p) => model.plans[p]!.name)]));
}
