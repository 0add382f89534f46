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
 */
import { z } from 'zod';
import type { Table } from '../table/model.js';
import type { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { Discretization, cardinality, discretize, undiscretize } from './discretize.js';
import { decodeJson, encodeJson, type FittedModel, type PrivacyGuarantee, type Synthesizer } from './synthesizer.js';

export const PrivBayesParams = z
  .object({
    degree: z.number().int().min(1).max(4).default(2).describe('Most parents an attribute may have'),
    bins: z.number().int().min(2).max(100).default(20).describe('Quantile bins per numeric column'),
    epsilon: z.number().positive().max(100).optional().describe('Differential privacy budget ε; absent means no noise'),
    structure_rows: z.number().int().min(100).max(1_000_000).default(50_000).describe('Rows (sampled with the seed) used to learn the structure'),
  })
  .strict();
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

/** Index of each row's parent configuration, in mixed radix. */
function configIndex(codes: Int32Array[], parents: number[], cards: number[], rows: number): { index: Int32Array; size: number } {
  const index = new Int32Array(rows);
  let size = 1;
  for (const p of parents) {
    const col = codes[p]!;
    const k = cards[p]!;
    for (let r = 0; r < rows; r++) index[r] = index[r]! * k + col[r]!;
    size *= k;
  }
  return { index, size };
}

export function mutualInformation(x: Int32Array, kx: number, parents: Int32Array, kp: number): number {
  const n = x.length;
  const joint = new Float64Array(kx * kp);
  const px = new Float64Array(kx);
  const pp = new Float64Array(kp);
  for (let r = 0; r < n; r++) {
    joint[x[r]! * kp + parents[r]!]! += 1;
    px[x[r]!]! += 1;
    pp[parents[r]!]! += 1;
  }
  let mi = 0;
  for (let a = 0; a < kx; a++)
    for (let b = 0; b < kp; b++) {
      const j = joint[a * kp + b]!;
      if (j > 0) mi += (j / n) * Math.log2((j * n) / (px[a]! * pp[b]!));
    }
  return mi;
}

function* combinations(items: readonly number[], k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let i = start; i < items.length; i++) yield* combinations(items, k, i + 1, [...prefix, items[i]!]);
}

function laplace(rng: Rng, scale: number): number {
  const u = rng.uniformOpen() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

function fitPrivBayes(table: Table, params: PrivBayesParams, rng: Rng, onProgress?: (f: number, m?: string) => void): PrivBayesModel {
  const { plans, codes } = discretize(table, params.bins, rng);
  const cards = plans.map(cardinality);
  const modelled = plans.map((p, i) => (p.kind === 'scrambled' ? -1 : i)).filter((i) => i >= 0);
  const n = table.rowCount;
  const d = modelled.length;
  const dp = params.epsilon !== undefined;
  const eps1 = dp ? BETA * params.epsilon! : null;
  const eps2 = dp ? (1 - BETA) * params.epsilon! : null;

  // Structure on a seeded subsample: mutual information converges long before a million rows.
  const sampleRows = n > params.structure_rows ? rng.sampleIndices(n, params.structure_rows).sort((a, b) => a - b) : null;
  const view = sampleRows ? codes.map((c) => Int32Array.from(sampleRows, (r) => c[r]!)) : codes;
  const m = sampleRows ? sampleRows.length : n;
  const sensitivity = m > 1 ? (1 / m) * Math.log2(m) + ((m - 1) / m) * Math.log2(m / (m - 1)) : 1;

  const order: number[] = [];
  const parentsOf = new Map<number, number[]>();
  if (d) {
    const first = dp ? modelled[rng.int(0, d - 1)]! : modelled[0]!;
    order.push(first);
    parentsOf.set(first, []);
  }
  while (order.length < d) {
    onProgress?.(0.7 * (order.length / Math.max(1, d)), 'learning the network');
    const candidates: { x: number; parents: number[]; score: number }[] = [];
    const k = Math.min(params.degree, order.length);
    for (const x of modelled) {
      if (parentsOf.has(x)) continue;
      for (const parents of combinations(order, k)) {
        const { index, size } = configIndex(view, parents, cards, m);
        candidates.push({ x, parents, score: mutualInformation(view[x]!, cards[x]!, index, size) });
      }
    }
    let chosen: (typeof candidates)[number];
    if (dp) {
      const scale = eps1! / Math.max(1, d - 1) / (2 * sensitivity);
      const best = Math.max(...candidates.map((c) => c.score));
      chosen = candidates[rng.categorical(candidates.map((c) => Math.exp(scale * (c.score - best))))]!;
    } else chosen = candidates.reduce((a, b) => (b.score > a.score ? b : a));
    order.push(chosen.x);
    parentsOf.set(chosen.x, chosen.parents);
  }

  const nodes = order.map((x, i) => {
    onProgress?.(0.7 + 0.3 * (i / Math.max(1, d)), 'counting conditional tables');
    const parents = parentsOf.get(x)!;
    const { index, size } = configIndex(codes, parents, cards, n);
    const kx = cards[x]!;
    const joint = new Float64Array(size * kx);
    const col = codes[x]!;
    for (let r = 0; r < n; r++) joint[index[r]! * kx + col[r]!]! += 1 / n;
    if (dp) {
      const scale = (2 * d) / (n * eps2!);
      for (let j = 0; j < joint.length; j++) joint[j] = Math.max(0, joint[j]! + laplace(rng, scale));
    }
    // Conditionals; an unseen parent configuration falls back to X's own distribution.
    const marginal = new Float64Array(kx);
    for (let j = 0; j < joint.length; j++) marginal[j % kx]! += joint[j]!;
    const marginalTotal = marginal.reduce((s, v) => s + v, 0);
    const table: number[] = [];
    for (let cfg = 0; cfg < size; cfg++) {
      const row = joint.subarray(cfg * kx, cfg * kx + kx);
      const total = row.reduce((s, v) => s + v, 0);
      for (let a = 0; a < kx; a++) {
        table.push(total > 0 ? row[a]! / total : marginalTotal > 0 ? marginal[a]! / marginalTotal : 1 / kx);
      }
    }
    return { column: x, parents, table };
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
        ? `ε = ${params.epsilon} (structure ${eps1!.toFixed(3)} by the exponential mechanism over ${Math.max(0, d - 1)} choices; tables ${eps2!.toFixed(3)} by Laplace noise over ${d} marginals). Bin edges and category lists are taken from the data as public metadata.`
        : 'No differential privacy: set epsilon to add it.',
    },
  };
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

export const privBayes: Synthesizer<PrivBayesParams> = {
  name: 'privbayes',
  aliases: ['bayesian_network', 'synthcity_privbayes', 'synthcity_bayesian_network'],
  description:
    'PrivBayes: a Bayesian network over discretised columns (greedy structure by mutual information, degree k). ' +
    'With epsilon it is differentially private: exponential mechanism for the structure, Laplace noise on the conditional tables.',
  params: PrivBayesParams,
  capabilities: { conditional: false, constraints: false, differentialPrivacy: true },
  fit: async (table, params, rng, onProgress) => new PrivBayesSampler(fitPrivBayes(table, params, rng, onProgress)),
  load: async (bytes) => new PrivBayesSampler(PrivBayesModel.parse(decodeJson(bytes))),
};

/** The learned structure, for inspection and tests: each column's parents by name. */
export function structureOf(bytes: Uint8Array): Record<string, string[]> {
  const model = PrivBayesModel.parse(decodeJson(bytes));
  return Object.fromEntries(model.nodes.map((n) => [model.plans[n.column]!.name, n.parents.map((p) => model.plans[p]!.name)]));
}
