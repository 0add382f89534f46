/**
 * Autoregressive network (the idea behind MOSTLY AI's TabularARGN): every column becomes small
 * integer codes (numbers in quantile bins, drawn back uniformly within their bin; categories as
 * themselves; missing as a code of its own), and the network learns P(x_j | x_<j) for each column
 * j: the embeddings of the earlier columns, concatenated, feed a one-hidden-layer head with a
 * softmax over x_j's codes. Trained with teacher forcing on all heads in one pass (the loss is the
 * exact negative log-likelihood of a row), sampled column after column.
 */
import { z } from 'zod';
import type { Tensor } from '@tensorflow/tfjs';
import type { Table } from '../table/model.js';
import { Rng } from '../random.js';
import { Discretization, cardinality, discretize, undiscretize } from './discretize.js';
import { decodeJson, encodeJson, fitByTraining, type Conditions, type FittedModel, type ParamColumn, type PrivacyGuarantee, type Synthesizer, type Trainer } from './synthesizer.js';
import { unprocessable } from '../errors.js';
import { tensorflow, type Tf } from './neural/tf.js';
import { Params, SavedTensor, batches, decodeFloats, fastMatMul, sampleCategorical, uniform } from './neural/nn.js';
import { NetworkRun, checkpointSpec, type Network } from './neural/run.js';
import { addBias, crossEntropyRows, extendContext } from './neural/host-ops.js';
import { HostAdam } from './neural/host-adam.js';
import { Taps, noiseForEpsilon, noisyMean, perExampleNorms, poissonLot } from './neural/dp-sgd.js';
import { dpSgdEpsilon } from './dp/rdp.js';
import { dpLookupsParam, offUnderDp, withLookups } from './with-lookups.js';
import { epsilonParam } from './dp/epsilon.js';

export const ArgnParams = z
  .object({
    epochs: z.number().int().min(1).max(5000).default(60).describe('Most passes over the data (early stopping may end sooner)'),
    batch_size: z.number().int().min(8).max(8192).optional().describe('Rows per step; default: about a tenth of the rows, 32 to 512'),
    learning_rate: z.number().positive().max(1).default(2e-3),
    weight_decay: z.number().min(0).max(1).default(1e-5),
    bins: z.number().int().min(2).max(256).optional().describe('Quantile bins per numeric column; default: √rows, 8 to 32'),
    hidden: z.number().int().min(4).max(1024).default(96).describe('Units in each column head'),
    embedding_max: z.number().int().min(2).max(128).default(16).describe('Largest embedding width of a column'),
    dropout: z.number().min(0).max(0.9).default(0.1).describe('Dropout on the embeddings of earlier columns'),
    smoothing: z.number().min(0).max(0.9).default(0.5).describe('Share of each numeric target spread to the neighbouring bins (ordinal label smoothing)'),
    epoch_rows: z.number().int().min(100).max(10_000_000).default(25_000).describe('Rows an epoch visits at most (a fresh random subset each epoch), so that large tables are checked for early stopping often'),
    validation_share: z.number().min(0).max(0.5).default(0.1).describe('Rows held out for early stopping, when that is at least 100 rows (fewer would only add noise)'),
    patience: z.number().int().min(1).max(1000).default(10).describe('Epochs without a better validation loss before stopping'),
    min_improvement: z.number().min(0).max(0.5).default(0.0005).describe('Share of the best validation loss an epoch must improve it by to count'),
    epsilon: epsilonParam(1000, 'Differential privacy budget ε: trains with DP-SGD (per-example clipping, Gaussian noise, RDP accounting); empty = no differential-privacy guarantee; 1 is a common choice; smaller is more private and less faithful'),
    delta: z.number().positive().max(0.01).optional().describe('DP δ; default min(1e-5, 0.1/rows)'),
    max_grad_norm: z.number().positive().max(100).default(1).describe('DP-SGD per-example gradient clipping norm C'),
    lookups: dpLookupsParam,
  })
  .strict()
  .transform(offUnderDp);
export type ArgnParams = z.infer<typeof ArgnParams>;

const DpGuarantee = z.object({
  epsilon: z.number(),
  delta: z.number(),
  noise_multiplier: z.number(),
  max_grad_norm: z.number(),
  sampling_rate: z.number(),
  steps: z.number().int(),
  note: z.string(),
});
type DpGuarantee = z.infer<typeof DpGuarantee>;

const ArgnModel = z.object({
  format: z.literal('tabmimic.argn.v1'),
  plans: z.array(Discretization),
  /** Indices (into plans) of the modelled columns, in generation order; the rest have one code. */
  modelled: z.array(z.number().int()),
  cards: z.array(z.number().int()),
  dims: z.array(z.number().int()),
  /** Per modelled column, the codes the data never had (e.g. "missing" in a complete column): never sampled. */
  absent: z.array(z.array(z.number().int())),
  hidden: z.number().int(),
  weights: z.array(SavedTensor),
  privacy: DpGuarantee.nullable().default(null),
});
type ArgnModel = z.infer<typeof ArgnModel>;


/** Embedding width from the number of codes (fast.ai's rule of thumb), capped. */
const embeddingDim = (card: number, max: number) => Math.max(2, Math.min(max, Math.round(1.6 * card ** 0.56)));

/**
 * Weights the heads' first layers may hold together (about 45 MB of the saved model, as base64):
 * column j's head reads the embeddings of every column before it, so these layers hold hidden ×
 * Σⱼ (widths of the columns before j) weights: quadratic in the columns. 250 columns saved 70 MB,
 * and 1000 ran out of memory, or past V8's longest string when saved, after a long training.
 */
const MAX_CONTEXT_WEIGHTS = 8_400_000;

/** The widest embedding a column of this type can get: booleans and numbers have few codes (bins, atoms and missing), the rest up to embedding_max. */
function widestEmbedding(type: ParamColumn['type'], params: Pick<ArgnParams, 'bins' | 'embedding_max'>): number {
  if (type === 'boolean') return embeddingDim(3, params.embedding_max);
  const numeric = type === 'integer' || type === 'float' || type === 'datetime';
  return numeric ? embeddingDim((params.bins ?? MAX_BINS) + 2, params.embedding_max) : params.embedding_max;
}
/** Quantile bins of a number column when `bins` is not set: about √rows, from 8 to MAX_BINS. */
const MAX_BINS = 32;
const defaultBins = (rows: number) => Math.max(8, Math.min(MAX_BINS, Math.round(Math.sqrt(rows))));

/**
 * A 422 unless the network for these columns (in this order) stays within MAX_CONTEXT_WEIGHTS at
 * the widest embeddings their types allow: checked from the column types alone, so a wide table is
 * refused when the request arrives and again before any training, never after it.
 */
export function checkArgnWidth(columns: readonly ParamColumn[], params: Pick<ArgnParams, 'bins' | 'embedding_max' | 'hidden'>): void {
  let context = 0;
  let weights = 0;
  let fits = 0;
  for (const c of columns) {
    weights += params.hidden * context;
    if (weights > MAX_CONTEXT_WEIGHTS) break;
    fits++;
    context += widestEmbedding(c.type, params);
  }
  if (fits === columns.length) return;
  throw unprocessable(
    `The table has ${columns.length} columns; the autoregressive generator takes at most ${fits} of these at hidden = ${params.hidden} and embedding_max = ${params.embedding_max} ` +
      `(each column's head reads every column before it, so the model grows with the square of the column count). ` +
      `Model fewer columns (or lower hidden or embedding_max), or use another generator such as gaussian_copula or privbayes.`,
    { column_count: columns.length, max_columns: fits },
  );
}

interface Layout {
  readonly plans: Discretization[];
  readonly modelled: number[];
  readonly cards: number[];
  readonly dims: number[];
  readonly absent: number[][];
  readonly hidden: number;
}

function layoutOf(plans: Discretization[], codes: readonly Int32Array[], params: Pick<ArgnParams, 'hidden' | 'embedding_max'>): Layout {
  const modelled = plans.map((p, i) => ({ i, card: cardinality(p) })).filter((c) => c.card > 1);
  const absentCodes = (column: Int32Array, card: number) => {
    const seen = new Uint8Array(card);
    for (const c of column) seen[c] = 1;
    return [...seen.keys()].filter((k) => !seen[k]);
  };
  return {
    absent: modelled.map((c) => absentCodes(codes[c.i]!, c.card)),
    plans,
    modelled: modelled.map((c) => c.i),
    cards: modelled.map((c) => c.card),
    dims: modelled.map((c) => embeddingDim(c.card, params.embedding_max)),
    hidden: params.hidden,
  };
}

/**
 * Weights from the seed; each head's output bias starts at the column's smoothed log-frequencies,
 * so training begins at the independent model and only has to learn the dependence (a code that
 * never occurs, such as "missing" in a complete column, starts near impossible instead of at 1/k).
 */
function initParams(tf: Tf, layout: Layout, codes: readonly Int32Array[], rng: Rng, dataDependent: boolean): Params {
  const p = new Params(tf);
  let context = 0;
  layout.cards.forEach((card, j) => {
    // Under DP the start may not depend on the data: uniform outputs instead.
    const logFreq = dataDependent ? logFrequencies(codes[layout.modelled[j]!]!, card) : new Float32Array(card);
    p.add(`emb${j}`, [card, layout.dims[j]!], uniform(card * layout.dims[j]!, 1, rng));
    if (context === 0) p.add(`head${j}.prior`, [card], logFreq);
    else {
      p.dense(`head${j}.h`, context, layout.hidden, rng);
      p.add(`head${j}.o.w`, [layout.hidden, card], uniform(layout.hidden * card, 1 / Math.sqrt(layout.hidden), rng));
      p.add(`head${j}.o.b`, [card], logFreq);
    }
    context += layout.dims[j]!;
  });
  return p;
}

function logFrequencies(codes: Int32Array, card: number): Float32Array {
  const counts = new Float64Array(card);
  for (const c of codes) counts[c]!++;
  const total = codes.length + 0.5 * card;
  return Float32Array.from(counts, (k) => Math.log((k + 0.5) / total));
}

/** Logits of column j from the concatenated embeddings of the columns before it (taps: see dp-sgd.ts). */
function headLogits(tf: Tf, p: Params, j: number, context: Tensor | undefined, rows: number, taps?: Taps, first?: ContextProducts): Tensor {
  const tap = (z: Tensor, input: Tensor | undefined, bias: boolean) => (taps ? taps.at(z, input, bias) : z);
  const layer = (name: string, x: Tensor) => addBias(tf, fastMatMul(tf, x, p.get(`${name}.w`)), p.get(`${name}.b`));
  // A broadcast rather than tf.tile, whose gradient is a slice and an add per row.
  if (first && j > 0) return layer(`head${j}.o`, tf.relu(addBias(tf, first.times(p.get(`head${j}.h.w`)), p.get(`head${j}.h.b`))));
  if (!context) return tap(addBias(tf, tf.zeros([rows, p.get(`head${j}.prior`).size]), p.get(`head${j}.prior`)), undefined, true);
  const hidden = tf.relu(tap(layer(`head${j}.h`, context), context, true));
  return tap(layer(`head${j}.o`, hidden), hidden, true);
}

export class ArgnNetwork implements Network {
  readonly params: Params;
  readonly optimizers: HostAdam[];
  private readonly train: Int32Array[];
  private readonly validation: Int32Array[];
  /** Per column, the target distribution of each code (numbers spread to neighbouring bins). */
  private readonly spreads: (Spread | undefined)[];

  constructor(
    private readonly tf: Tf,
    private readonly layout: Layout,
    codes: Int32Array[],
    private readonly settings: ArgnParams,
    seed: number,
  ) {
    this.params = initParams(tf, layout, codes, Rng.derived(seed, 'init'), settings.epsilon === undefined);
    this.optimizers = [new HostAdam(tf, this.params, { lr: settings.learning_rate, beta1: 0.9, beta2: 0.999, weightDecay: settings.weight_decay })];
    const rows = codes[0]?.length ?? 0;
    const share = Math.round(rows * settings.validation_share);
    // Early stopping would choose weights by looking at real rows outside the DP accounting.
    const held = share >= MIN_VALIDATION_ROWS && settings.epsilon === undefined ? Math.min(share, MAX_VALIDATION_ROWS) : 0;
    const order = Rng.derived(seed, 'split').shuffle(Array.from({ length: rows }, (_, i) => i));
    const pick = (idx: number[]) => layout.modelled.map((c) => Int32Array.from(idx, (r) => codes[c]![r]!));
    this.validation = pick(order.slice(0, held));
    this.train = pick(order.slice(held));
    this.spreads = layout.modelled.map((c) => ordinalSpread(layout.plans[c]!, settings.smoothing));
    this.dp = settings.epsilon === undefined ? undefined : dpPlan(settings, this.train[0]?.length ?? 0, this.batchSize);
  }

  readonly dp: DpGuarantee | undefined;

  private get batchSize(): number {
    const rows = this.train[0]?.length ?? 0;
    return this.settings.batch_size ?? Math.max(32, Math.min(512, Math.round(rows / 10)));
  }

  /** Dropout masks for one step, drawn once so that both DP passes see the same network. */
  private masks(rows: number, rng: Rng | undefined): (Float32Array | undefined)[] {
    const { layout, settings } = this;
    return layout.dims.map((d) => (rng && settings.dropout > 0 ? dropoutMask(rows, d, settings.dropout, rng) : undefined));
  }

  /** Negative log-likelihood of each of the given rows ([rows] tensor). */
  private rowLosses(cols: Int32Array[], rows: Int32Array, masks: readonly (Float32Array | undefined)[], taps?: Taps): Tensor {
    const { tf, layout, params } = this;
    const n = rows.length;
    if (!taps) return this.rowLossesFused(cols, rows, masks);
    let context: Tensor | undefined;
    const logits: Tensor[] = [];
    const wanted: Float32Array[] = [];
    layout.cards.forEach((card, j) => {
      logits.push(headLogits(tf, params, j, context, n, taps));
      wanted.push(targets(cols[j]!, rows, card, this.spreads[j]));
      if (j === layout.cards.length - 1) return; // the last column conditions nothing
      // DP-SGD's tap at the embeddings: zeros through taps.at (which reads only the row count of
      // a one-hot input), added inside extendContext before dropout.
      const zeros = taps ? tf.zeros([n, layout.dims[j]!]) : undefined;
      const tap = zeros ? taps!.at(zeros, zeros, false, true) : undefined;
      context = extendContext(tf, context, params.get(`emb${j}`), Int32Array.from(rows, (r) => cols[j]![r]!), masks[j], tap);
    });
    return crossEntropyRows(tf, logits, wanted);
  }

  /**
   * rowLosses without DP taps: the embeddings of all columns but the last, masked, are laid out
   * once (one pass on the host) and every head's first layer reads its prefix of them
   * (ContextProducts), instead of a context copied and extended once per column (O(columns²)
   * copies and reads on the host, forward and back). The same values and gradients, bit for bit.
   */
  private rowLossesFused(cols: Int32Array[], rows: Int32Array, masks: readonly (Float32Array | undefined)[]): Tensor {
    const { tf, layout, params } = this;
    const n = rows.length;
    const last = layout.cards.length - 1;
    const picked = layout.cards.slice(0, last).map((_, j) => Int32Array.from(rows, (r) => cols[j]![r]!));
    const first = last > 0 ? new ContextProducts(tf, layout.dims.slice(0, last).map((_, j) => params.get(`emb${j}`)), picked, masks) : undefined;
    const logits: Tensor[] = [];
    const wanted: Float32Array[] = [];
    layout.cards.forEach((card, j) => {
      logits.push(headLogits(tf, params, j, undefined, n, undefined, first));
      wanted.push(targets(cols[j]!, rows, card, this.spreads[j]));
    });
    return crossEntropyRows(tf, logits, wanted);
  }

  trainEpoch(rng: Rng): Record<string, number> {
    return this.dp ? this.trainEpochPrivately(rng, this.dp) : this.trainEpochPlainly(rng);
  }

  private trainEpochPlainly(rng: Rng): Record<string, number> {
    const { tf } = this;
    const [opt] = this.optimizers;
    const rows = this.train[0]?.length ?? 0;
    let sum = 0;
    let seen = 0;
    // An epoch of a large table is a fresh random subset of it (see epoch_rows).
    const epoch = batches(rows, this.batchSize, rng);
    for (const batch of epoch.slice(0, Math.max(1, Math.ceil(this.settings.epoch_rows / this.batchSize)))) {
      const loss = tf.tidy(() => {
        const masks = this.masks(batch.length, rng);
        const { value, grads } = tf.variableGrads(() => tf.mean(this.rowLosses(this.train, batch, masks)) as ReturnType<Tf['scalar']>, opt!.variables());
        opt!.apply(grads);
        return value;
      });
      sum += (loss.dataSync()[0] ?? 0) * batch.length;
      seen += batch.length;
      loss.dispose();
    }
    return { train: seen ? sum / seen : 0 };
  }

  /** Each training row's loss, without dropout (for checks of the clipping against brute force). */
  losses(rows: Int32Array): Tensor {
    return this.rowLosses(this.train, rows, this.masks(rows.length, undefined));
  }

  /** Per-example gradient norms of training rows, as DP-SGD clips them. */
  exampleGradientNorms(rows: Int32Array): Float32Array {
    const { tf } = this;
    return tf.tidy(() => {
      const masks = this.masks(rows.length, undefined);
      return this.clipNorms(rows, masks).dataSync() as Float32Array;
    });
  }

  private clipNorms(rows: Int32Array, masks: readonly (Float32Array | undefined)[]): Tensor {
    const { tf, layout } = this;
    const n = rows.length;
    // Layer outputs in the order rowLosses reaches them: column j's head (prior, or hidden and
    // output), then column j's embedding (except the last column's, which nothing reads).
    const last = layout.cards.length - 1;
    const shapes = layout.cards.flatMap((card, j) => [...(j === 0 ? [[n, card]] : [[n, layout.hidden], [n, card]]), ...(j < last ? [[n, layout.dims[j]!]] : [])]);
    return perExampleNorms(tf, shapes, (taps) => tf.sum(this.rowLosses(this.train, rows, masks, taps)));
  }

  private trainEpochPrivately(rng: Rng, dp: DpGuarantee): Record<string, number> {
    const { tf, settings } = this;
    const [opt] = this.optimizers;
    const rows = this.train[0]?.length ?? 0;
    const lot = this.batchSize;
    const steps = Math.max(1, Math.round(rows / lot));
    let sum = 0;
    let seen = 0;
    for (let step = 0; step < steps; step++) {
      const picked = poissonLot(rows, dp.sampling_rate, rng);
      if (!picked.length) continue;
      const loss = tf.tidy(() => {
        const masks = this.masks(picked.length, rng);
        const norms = this.clipNorms(picked, masks);
        const scale = tf.minimum(1, tf.div(settings.max_grad_norm, tf.add(norms, 1e-6)));
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(this.rowLosses(this.train, picked, masks), scale)) as ReturnType<Tf['scalar']>, opt!.variables());
        const noisy = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, noisyMean(tf, g, dp.noise_multiplier, settings.max_grad_norm, dp.sampling_rate * rows, rng)]));
        opt!.apply(noisy);
        return value;
      });
      sum += loss.dataSync()[0] ?? 0;
      seen += picked.length;
      loss.dispose();
    }
    // The reported loss is of the clipped objective, which is all DP lets us look at.
    return { train: seen ? sum / seen : 0 };
  }

  validationLoss(): number | undefined {
    const rows = this.validation[0]?.length ?? 0;
    if (!rows) return undefined;
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    return this.tf.tidy(() => tf_mean(this.tf, this.rowLosses(this.validation, all, this.masks(rows, undefined))));
  }

  fitted(): FittedModel {
    const { layout } = this;
    // Parsed, so that a fresh model and a loaded one save the same bytes (zod fixes the key order).
    return new ArgnSampler(this.tf, ArgnModel.parse({ format: 'tabmimic.argn.v1', ...layout, weights: this.params.save(), privacy: this.dp ?? null }));
  }

  dispose(): void {
    for (const o of this.optimizers) o.dispose();
    this.params.dispose();
  }
}

const tf_mean = (tf: Tf, x: Tensor) => tf.mean(x).dataSync()[0]!;

/** The noise that spends the budget over the planned epochs, and the guarantee it gives. */
function dpPlan(settings: ArgnParams, rows: number, lot: number): DpGuarantee {
  const datasetSize = Math.max(1, rows);
  const lotSize = Math.min(lot, datasetSize);
  const delta = settings.delta ?? Math.min(1e-5, 0.1 / datasetSize);
  const noise = noiseForEpsilon(settings.epsilon!, { datasetSize, lotSize, epochs: settings.epochs, delta });
  const spent = dpSgdEpsilon({ datasetSize, batchSize: lotSize, epochs: settings.epochs, noiseMultiplier: noise, delta });
  return {
    epsilon: spent.epsilon,
    delta,
    noise_multiplier: noise,
    max_grad_norm: settings.max_grad_norm,
    sampling_rate: spent.samplingRate,
    steps: spent.steps,
    note: `(ε = ${spent.epsilon.toFixed(3)}, δ = ${delta.toExponential(1)})-DP for the rows by DP-SGD with RDP accounting over all ${settings.epochs} planned epochs. Bin edges, category lists and which codes occur are taken from the data as public metadata.`,
  };
}

/**
 * Numbers are ordinal: a row in bin b is also evidence for bins b ± 1. Spreading `share` of each
 * target to the neighbours (a kernel density in bin space) keeps small tables from memorising
 * their bins. Atoms and the missing code stay exact. For each code: the codes its target puts
 * weight on, with the weights; undefined when no code spreads.
 */
type Spread = (readonly [code: number, weight: number])[][];

function ordinalSpread(plan: Discretization, share: number): Spread | undefined {
  if (plan.kind !== 'binned' || share === 0) return undefined;
  const first = plan.atoms.length;
  const last = first + Math.max(0, plan.edges.length - 1) - 1;
  if (last - first < 1) return undefined;
  return Array.from({ length: cardinality(plan) }, (_, c) => {
    if (c < first || c > last) return [[c, 1] as const];
    const neighbours = [c - 1, c + 1].filter((k) => k >= first && k <= last);
    return [[c, 1 - share] as const, ...neighbours.map((k) => [k, share / neighbours.length] as const)];
  });
}

/** Target rows ([rows, card], row-major): one-hot codes, or their spread. */
function targets(codes: Int32Array, rows: Int32Array, card: number, spread: Spread | undefined): Float32Array {
  const t = new Float32Array(rows.length * card);
  for (let r = 0; r < rows.length; r++) {
    const code = codes[rows[r]!]!;
    if (!spread) t[r * card + code] = 1;
    else for (const [k, w] of spread[code]!) t[r * card + k]! += w;
  }
  return t;
}

/**
 * The first layer of every head, x_j·W_j, where x_j (the context of column j) is the masked
 * embeddings of the columns before j — extendContext's values — without building each context
 * on its own. All embeddings are laid out once, transposed ([Σ dims, rows]), so that a context is
 * a contiguous prefix of it (a copy, then one transpose), where a prefix of the row-major layout
 * was a strided slice (a copy per row) and its gradient a zero-padded tensor added to the others.
 * The products, and the weights' gradients, are the same kernels on the same values as
 * fastMatMul's; the contexts' gradients are summed on the host, head after head from the last as
 * the engine summed them, so every value is the same, bit for bit.
 *
 * The heads hang off `token` (a one-element output of the embedding op): when the engine reaches
 * the embedding op's gradient, every head's has been added to `grad`.
 */
class ContextProducts {
  private readonly dims: number[];
  private readonly width: number;
  private readonly rows: number;
  /** The masked embeddings, transposed: [Σ dims, rows], row-major. */
  private readonly values: Float32Array;
  private readonly token: Tensor;
  private grad: Float32Array | undefined;

  constructor(
    private readonly tf: Tf,
    private readonly tables: readonly Tensor[],
    private readonly codes: readonly Int32Array[],
    private readonly masks: readonly (Float32Array | undefined)[],
  ) {
    this.dims = tables.map((t) => t.shape[1]!);
    this.width = this.dims.reduce((a, b) => a + b, 0);
    const rows = (this.rows = codes[0]!.length);
    const out = new Float32Array(rows * this.width);
    let offset = 0;
    tables.forEach((table, i) => {
      const weights = table.dataSync() as Float32Array;
      const dim = this.dims[i]!;
      const mask = masks[i];
      const column = codes[i]!;
      for (let r = 0; r < rows; r++) {
        for (let d = 0, w = column[r]! * dim; d < dim; d++) {
          // + 0 as extendContext adds its (absent) tap: −0 becomes +0 the same way.
          const e = weights[w + d]! + 0;
          out[(offset + d) * rows + r] = mask ? e * mask[r * dim + d]! : e;
        }
      }
      offset += dim;
    });
    this.values = out;
    const op = tf.customGrad((..._args) => ({ value: tf.zeros([1]), gradFunc: () => this.tableGradients() }));
    this.token = op(...tables);
  }

  /** x_j·W for the next head (heads in order, from column 1): W is [C_j, hidden]. */
  times(weights: Tensor): Tensor {
    const { tf } = this;
    const width = weights.shape[0]!;
    const rows = this.rows;
    // Uploaded from the host (tf.slice on wasm reads a copy of its whole input first).
    const prefix = () => tf.tensor2d(this.values.subarray(0, width * rows), [width, rows]);
    const op = tf.customGrad((_token, w) => {
      const value = tf.tidy(() => fastMatMul(tf, tf.transpose(prefix()), w as Tensor));
      return {
        value,
        gradFunc: (dy: Tensor) => {
          const [atContext, atWeights] = tf.tidy(() => [timesTransposed(tf, dy, weights), fastMatMul(tf, prefix(), dy)]);
          this.addContextGradient(atContext!.dataSync() as Float32Array, width);
          atContext!.dispose();
          return [tf.zeros([1]), atWeights!];
        },
      };
    });
    return op(this.token, weights);
  }

  /** Adds a head's context gradient ([rows, width], the first width columns) to the sum. */
  private addContextGradient(g: Float32Array, width: number): void {
    const total = this.width;
    const sum = (this.grad ??= new Float32Array(this.rows * total));
    for (let r = 0; r < this.rows; r++) {
      for (let k = 0, at = r * total, from = r * width; k < width; k++) sum[at + k]! += g[from + k]!;
    }
  }

  /** Each table's gradient: its rows' context gradients, summed as extendContext's gradient does. */
  private tableGradients(): Tensor[] {
    const { tf, rows, width } = this;
    const g = this.grad ?? new Float32Array(rows * width);
    let at = 0;
    return this.tables.map((table, i) => {
      const dim = this.dims[i]!;
      const mask = this.masks[i];
      const column = this.codes[i]!;
      const sums = new Float64Array(table.shape[0]! * dim);
      for (let r = 0; r < rows; r++) {
        const base = r * width + at;
        for (let d = 0, w = column[r]! * dim; d < dim; d++) sums[w + d]! += mask ? g[base + d]! * mask[r * dim + d]! : g[base + d]!;
      }
      at += dim;
      return tf.tensor2d(Float32Array.from(sums), table.shape as [number, number]);
    });
  }
}

/** nn.ts's dy·bᵀ (the same choice of kernels, so the same values): the left factor's gradient. */
function timesTransposed(tf: Tf, dy: Tensor, b: Tensor): Tensor {
  const [m, n] = dy.shape as [number, number];
  const k = b.shape[0]!;
  if (2 * k * n > 2 * m * n + k * m) return tf.transpose(fastMatMul(tf, b, tf.transpose(dy)));
  return fastMatMul(tf, dy, tf.transpose(b));
}

/** Inverted dropout: keep with probability 1 − rate, scaled by 1/(1 − rate); drawn from our Rng. */
function dropoutMask(rows: number, cols: number, rate: number, rng: Rng): Float32Array {
  const mask = new Float32Array(rows * cols);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < rate ? 0 : keep;
  return mask;
}

const SAMPLE_CHUNK = 4096;
/** Conditional sampling gives up after drawing this many rows per row asked for. */
const MAX_REJECTION_FACTOR = 200;

/** [plan index, code] for each condition; only categories (and missing) can be asked for. */
function conditionCodes(plans: readonly Discretization[], conditions: Conditions): [number, number][] {
  return Object.entries(conditions).map(([name, value]) => {
    const i = plans.findIndex((p) => p.name === name);
    const plan = plans[i];
    if (!plan) throw unprocessable(`Condition on unknown column ${name}.`);
    if (plan.kind !== 'levels' || (plan.type !== 'categorical' && plan.type !== 'boolean')) {
      throw unprocessable(`The autoregressive model conditions on categorical and boolean columns only; ${name} is ${plan.type}.`);
    }
    if (value === null) return [i, plan.levels.length];
    const code = plan.levels.indexOf(String(value));
    if (code < 0) throw unprocessable(`Condition ${name} = ${JSON.stringify(value)}: the data has no such category.`);
    return [i, code];
  });
}

/** Zeroes the codes the data never had and renormalises each row. */
function withoutAbsent(probs: Float32Array, card: number, absent: readonly number[]): Float32Array {
  if (!absent.length) return probs;
  for (let base = 0; base < probs.length; base += card) {
    let total = 0;
    for (const a of absent) probs[base + a] = 0;
    for (let k = 0; k < card; k++) total += probs[base + k]!;
    for (let k = 0; k < card; k++) probs[base + k]! /= total;
  }
  return probs;
}
const MIN_VALIDATION_ROWS = 100;
const MAX_VALIDATION_ROWS = 5_000;

class ArgnSampler implements FittedModel {
  constructor(
    private readonly tf: Tf,
    private readonly model: ArgnModel,
  ) {}

  privacy(): PrivacyGuarantee | undefined {
    const p = this.model.privacy;
    return p ? { epsilon: p.epsilon, delta: p.delta, mechanism: `DP-SGD (noise multiplier ${p.noise_multiplier.toFixed(3)}, clip ${p.max_grad_norm}, ${p.steps} steps)`, note: p.note } : undefined;
  }

  /**
   * Conditions are met exactly by rejection: rows are drawn from the joint model and kept when they
   * carry the asked values, so every column (earlier ones in the order too) follows P(· | condition).
   */
  sample(rows: number, rng: Rng, conditions?: Conditions): Table {
    const { model } = this;
    const required = conditionCodes(model.plans, conditions ?? {});
    // The weights become variables once per call, not once per rejection round.
    const p = new Params(this.tf);
    for (const w of model.weights) p.add(w.name, w.shape, decodeFloats(w.data));
    try {
      const codes = required.length ? this.drawMatching(p, rows, rng, required) : this.draw(p, rows, rng);
      return { rowCount: rows, columns: model.plans.map((plan, i) => undiscretize(plan, codes[i]!, rng)) };
    } finally {
      p.dispose();
    }
  }

  private drawMatching(p: Params, rows: number, rng: Rng, required: readonly (readonly [number, number])[]): Int32Array[] {
    const out = this.model.plans.map(() => new Int32Array(rows));
    const budget = Math.max(rows * MAX_REJECTION_FACTOR, SAMPLE_CHUNK);
    let kept = 0;
    let drawn = 0;
    while (kept < rows) {
      if (drawn >= budget) {
        throw unprocessable(`The conditions are too rare for the autoregressive model: ${kept} of ${drawn} sampled rows matched; ask for fewer rows or use gaussian_copula, which conditions exactly.`);
      }
      const batch = this.draw(p, SAMPLE_CHUNK, rng);
      drawn += SAMPLE_CHUNK;
      for (let r = 0; r < SAMPLE_CHUNK && kept < rows; r++) {
        if (!required.every(([plan, code]) => batch[plan]![r] === code)) continue;
        batch.forEach((column, i) => (out[i]![kept] = column[r]!));
        kept++;
      }
    }
    return out;
  }

  /** Codes of every plan for `rows` rows, drawn column after column. */
  private draw(p: Params, rows: number, rng: Rng): Int32Array[] {
    const { tf, model } = this;
    const codes = model.plans.map(() => new Int32Array(rows));
    for (let start = 0; start < rows; start += SAMPLE_CHUNK) {
      const n = Math.min(SAMPLE_CHUNK, rows - start);
      tf.tidy(() => {
        let context: Tensor | undefined;
        model.cards.forEach((card, j) => {
          const probs = withoutAbsent(tf.softmax(headLogits(tf, p, j, context, n)).dataSync() as Float32Array, card, model.absent[j]!);
          const drawn = sampleCategorical(probs, n, card, rng);
          codes[model.modelled[j]!]!.set(drawn, start);
          if (j === model.cards.length - 1) return; // the last column conditions nothing
          const emb = tf.gather(p.get(`emb${j}`), tf.tensor1d(drawn, 'int32'));
          context = context ? tf.concat([context, emb], 1) : emb;
        });
      });
    }
    return codes;
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }
}

/** The network for a table, before training (exported for checks of its DP-SGD clipping). */
export async function buildArgnNetwork(table: Table, params: ArgnParams, seed: number): Promise<ArgnNetwork> {
  checkArgnWidth(table.columns, params);
  const { tf } = await tensorflow();
  const bins = params.bins ?? defaultBins(table.rowCount);
  const withinBin = params.epsilon === undefined ? 'quantiles' : 'uniform';
  const { plans, codes } = discretize(table, bins, Rng.derived(seed, 'discretize'), { withinBin });
  return new ArgnNetwork(tf, layoutOf(plans, codes, params), codes, params, seed);
}

async function buildRun(table: Table, params: ArgnParams, seed: number): Promise<NetworkRun> {
  const net = await buildArgnNetwork(table, params, seed);
  return new NetworkRun('autoregressive', seed, params, net, { epochs: params.epochs, patience: params.patience, minImprovement: params.min_improvement });
}

const trainer: Trainer<ArgnParams> = {
  start: (table, params, seed) => buildRun(table, params, seed),
  async resume(table, checkpoint) {
    const spec = checkpointSpec(checkpoint);
    return (await buildRun(table, ArgnParams.parse(spec.params), spec.seed)).restore(checkpoint);
  },
};

export const autoregressive: Synthesizer<ArgnParams> = withLookups({
  name: 'autoregressive',
  aliases: ['argn', 'tabular_argn', 'mostly_argn', 'autoregressive_network'],
  description:
    'Autoregressive network: each column drawn from a softmax conditioned on the embeddings of the columns before it ' +
    '(numbers as quantile bins, uniform within the bin). Trained on the exact likelihood with early stopping; the most faithful generator here.',
  params: ArgnParams,
  capabilities: { conditional: true, numericConditions: false, constraints: true, differentialPrivacy: true },
  // As the DP-SGD note says: the network's layout is read off the data, outside ε.
  dpPublicMetadata: ['column names', 'category lists', "bin edges, including each number column's exact min and max", 'which codes occur'],
  checkParams: (params, columns) => checkArgnWidth(columns, params),
  fit: fitByTraining(trainer),
  load: async (bytes) => new ArgnSampler((await tensorflow()).tf, ArgnModel.parse(decodeJson(bytes))),
  trainer,
});
