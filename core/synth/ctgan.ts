/**
 * CTGAN (Xu et al. 2019) as SDV's CTGANSynthesizer ships it, and CopulaGAN, the same network on
 * numbers first mapped to normal scores through fitted marginals (SDV's CopulaGANSynthesizer).
 *
 * - Data: mode-specific normalisation and one-hots (./neural/data-transformer.ts).
 * - Training by sampling: each row of a batch conditions on one discrete column, chosen uniformly,
 *   and one of its categories, chosen by log-frequency; the generator sees that condition vector
 *   and is penalised (cross-entropy) when its output does not carry the category; the critic sees
 *   real rows drawn to carry the same categories.
 * - Generator: residual blocks (Linear → BatchNorm on batch statistics → ReLU, concatenated with
 *   their input), then Linear; tanh on α, Gumbel-softmax (τ = 0.2) on every one-hot span.
 * - Critic: PacGAN (pac = 10 rows judged together), Linear → LeakyReLU(0.2) → Dropout(0.5)
 *   blocks, then Linear → 1; WGAN loss with gradient penalty λ = 10.
 * - Adam (lr 2e-4, betas 0.5/0.9, weight decay 1e-6) on each network; one critic step per
 *   generator step; ⌊rows / batch⌋ steps per epoch; no early stopping (as in SDV).
 * - Sampling draws condition vectors from the data's category frequencies. SDV's
 *   `sample_original_condvec` reuses the log-frequency table when log_frequency is on; the data's
 *   own frequencies are what the generator's conditional must be mixed with to give the joint.
 *   Conditions on discrete columns fix the condition vector and keep only rows carrying the value.
 * All randomness (weights, noise, Gumbel noise, dropout masks, conditions, row choice) comes from
 * our seeded Rng, so a seed gives the same bytes on the same backend.
 */
import { z } from 'zod';
import type { GradSaveFunc, Scalar, Tensor } from '@tensorflow/tfjs';
import type { Table } from '../table/model.js';
import { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { DISTRIBUTIONS } from './marginals.js';
import { checkNumericalDistributions, numericalDistributions, decodeJson, encodeJson, fitByTraining, type Conditions, type FittedModel, type Synthesizer, type PrepareProgress, type Trainer } from './synthesizer.js';
import { tensorflow, type Tf } from './neural/tf.js';
import { Adam, Params, SavedTensor, Scratch, decodeFloats, fastMatMul, normals, peekValues, sliceBlock, timesTransposed, valuesOf } from './neural/nn.js';
import { NetworkRun, checkpointSpec, type BatchHook, type Network } from './neural/run.js';
import { DataTransformer, TransformerSpec, type FitOptions, type Span } from './neural/data-transformer.js';
import { own } from '../records.js';
import { lookupsParam, withLookups } from './with-lookups.js';
import { checkNetworkColumns, nothingToLearn } from './network-columns.js';

const TAU = 0.2;
const PENALTY_WEIGHT = 10;
/** Critic dropout rate; ½ exactly, as dropoutMasksData spends one random bit per unit. */
const DROPOUT = 0.5;
/** The critic's LeakyReLU slope for negative inputs. */
const LEAK = 0.2;
const BATCH_NORM_EPS = 1e-5;
/** Conditional sampling gives up when fewer than one generated row in this many carries the condition. */
const MAX_REJECTION_RATIO = 100;

const layerSizes = z.array(z.number().int().min(1).max(4096)).min(1).max(8);

const ctganShape = {
  epochs: z.number().int().min(1).max(5000).default(300).describe('Passes over the data'),
  batch_size: z.number().int().min(2).max(10_000).default(500).describe('Rows per step, a multiple of pac; a smaller table still trains on full batches, drawing its rows again'),
  pac: z.number().int().min(1).max(64).default(10).describe('Rows the critic judges together (PacGAN)'),
  embedding_dim: z.number().int().min(1).max(1024).default(128).describe('Size of the generator noise'),
  generator_dim: layerSizes.default([256, 256]).describe('Units of each residual block of the generator'),
  discriminator_dim: layerSizes.default([256, 256]).describe('Units of each hidden layer of the critic'),
  generator_lr: z.number().positive().max(1).default(2e-4),
  generator_decay: z.number().min(0).max(1).default(1e-6),
  discriminator_lr: z.number().positive().max(1).default(2e-4),
  discriminator_decay: z.number().min(0).max(1).default(1e-6),
  discriminator_steps: z.number().int().min(1).max(20).default(1).describe('Critic updates per generator update'),
  log_frequency: z.boolean().default(true).describe('Draw training conditions by log-frequency of the categories (rare ones more often)'),
  enforce_min_max_values: z.boolean().default(true).describe('Keep numbers within the range seen in the data'),
  enforce_rounding: z.boolean().default(true).describe('Round floats to the decimals seen in the data'),
  lookups: lookupsParam,
};

const batchOfPacs = <T extends { batch_size: number; pac: number }>(p: T) => p.batch_size % p.pac === 0;
const batchMessage = { message: 'batch_size must be a multiple of pac', path: ['batch_size'] };

export const CtganParams = z.object(ctganShape).strict().refine(batchOfPacs, batchMessage);
export type CtganParams = z.infer<typeof CtganParams>;

export const CopulaGanParams = z
  .object({
    ...ctganShape,
    default_distribution: z.enum([...DISTRIBUTIONS, 'auto']).default('auto').describe('Marginal mapping every numeric column to normal scores; `auto` picks the best fit by KS distance (SDV defaults to beta)'),
    numerical_distributions: numericalDistributions(DISTRIBUTIONS).default({}).describe('Per-column marginal, overriding the default'),
  })
  .strict()
  .refine(batchOfPacs, batchMessage);
export type CopulaGanParams = z.infer<typeof CopulaGanParams>;

type Variant = 'ctgan' | 'copulagan';

const CtganModel = z.object({
  format: z.literal('tabmimic.ctgan.v1'),
  generator: z.enum(['ctgan', 'copulagan']),
  transformer: TransformerSpec,
  /** Rows of each category of each discrete column: sampling draws conditions from them. */
  categoryCounts: z.array(z.array(z.number().int())),
  embeddingDim: z.number().int(),
  generatorDims: z.array(z.number().int()),
  /** Batch statistics depend on the batch: sampling generates batches of the training size. */
  batchSize: z.number().int(),
  enforceMinMax: z.boolean(),
  enforceRounding: z.boolean(),
  weights: z.array(SavedTensor),
});
type CtganModel = z.infer<typeof CtganModel>;

/** Widths of a generated row (before the condition vector) and of the condition vector. */
export interface Widths {
  readonly dataWidth: number;
  readonly condWidth: number;
}

interface Architecture extends Widths {
  readonly embeddingDim: number;
  readonly generatorDims: readonly number[];
  readonly criticDims: readonly number[];
  readonly pac: number;
}

// ---------------------------------------------------------------------------------------------
// Condition vectors

/** One condition per row: the discrete column and its category, and their one-hot vector. */
interface TrainingConditions {
  readonly vector: Float32Array;
  readonly column: Int32Array;
  readonly category: Int32Array;
}

/** CTGAN's data sampler: training conditions and real rows that satisfy them. */
class ConditionSampler {
  /** Per discrete column: its offset in the condition vector, and the rows of each category. */
  private readonly columns: { offset: number; rows: Int32Array[]; probs: Float64Array }[];
  readonly width: number;

  constructor(matrix: Float32Array, rows: number, stride: number, spans: readonly Span[], logFrequency: boolean) {
    let offset = 0;
    this.columns = spans.map((span) => {
      const members: number[][] = Array.from({ length: span.width }, () => []);
      for (let r = 0; r < rows; r++) {
        const base = r * stride + span.start;
        for (let j = 0; j < span.width; j++) if (matrix[base + j] === 1) members[j]!.push(r);
      }
      const weights = members.map((m) => (logFrequency ? Math.log(m.length + 1) : m.length));
      const total = weights.reduce((a, b) => a + b, 0) || 1;
      const column = { offset, rows: members.map((m) => Int32Array.from(m)), probs: Float64Array.from(weights, (w) => w / total) };
      offset += span.width;
      return column;
    });
    this.width = offset;
  }

  counts(): number[][] {
    return this.columns.map((c) => c.rows.map((r) => r.length));
  }

  /** A discrete column uniformly, then its category by (log-)frequency; undefined without discrete columns. */
  draw(n: number, rng: Rng): TrainingConditions | undefined {
    if (!this.columns.length) return undefined;
    const vector = new Float32Array(n * this.width);
    const column = new Int32Array(n);
    const category = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = rng.int(0, this.columns.length - 1);
      const k = rng.categorical(this.columns[c]!.probs);
      column[i] = c;
      category[i] = k;
      vector[i * this.width + this.columns[c]!.offset + k] = 1;
    }
    return { vector, column, category };
  }

  /** For each (column, category), a real row carrying it. */
  realRows(column: Int32Array, category: Int32Array, rng: Rng): Int32Array {
    return column.map((c, i) => {
      const rows = this.columns[c]!.rows[category[i]!]!;
      return rows[rng.int(0, rows.length - 1)]!;
    });
  }
}

/** Condition vectors for sampling: a discrete column uniformly, its category by data frequency. */
function samplingConditions(counts: readonly (readonly number[])[], n: number, rng: Rng): Float32Array {
  const offsets = counts.map((_, c) => counts.slice(0, c).reduce((a, k) => a + k.length, 0));
  const width = counts.reduce((a, k) => a + k.length, 0);
  const vector = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const c = rng.int(0, counts.length - 1);
    vector[i * width + offsets[c]! + rng.categorical(counts[c]!)] = 1;
  }
  return vector;
}

// ---------------------------------------------------------------------------------------------
// Networks

function initGenerator(p: Params, a: Architecture, rng: Rng): void {
  let dim = a.embeddingDim + a.condWidth;
  a.generatorDims.forEach((units, i) => {
    p.dense(`g.res${i}`, dim, units, rng);
    p.add(`g.res${i}.gamma`, [units], new Float32Array(units).fill(1));
    p.add(`g.res${i}.beta`, [units], new Float32Array(units));
    dim += units;
  });
  p.dense('g.out', dim, a.dataWidth, rng);
}

function initCritic(p: Params, a: Architecture, rng: Rng): void {
  let dim = (a.dataWidth + a.condWidth) * a.pac;
  a.criticDims.forEach((units, i) => {
    p.dense(`d.h${i}`, dim, units, rng);
    dim = units;
  });
  p.dense('d.out', dim, 1, rng);
}

/**
 * The generator's raw output (before the span activations): residual blocks — Linear, batch
 * normalisation on the batch's own statistics (SDV never switches the generator to eval mode),
 * ReLU, concatenated with the block's input — then Linear.
 *
 * One op with a gradient of our own, rather than tfjs's gradients of each op: those copy every
 * tensor they save (an Identity kernel and a tape node each), cast, fill a batch-sized tensor of
 * ones for each mean's gradient, split each concatenation's gradient, and transpose every layer's
 * input for its weights' gradient — though each input is the last columns of the final layer's,
 * whose transpose holds them all as rows. Here one transpose serves all layers, and a training
 * step (critic and generator) runs 630 kernels instead of 730. The arithmetic is tfjs's,
 * operation for operation — the same single-precision ops on the same values, gradients
 * accumulated in the tape's order — so models are the same to the bit (tests compare them).
 */
function generatorLogits(tf: Tf, p: Params, input: Tensor, blocks: number): Tensor {
  const rows = input.shape[0]!;
  const names = [...Array.from({ length: blocks }, (_, i) => [`g.res${i}.w`, `g.res${i}.b`, `g.res${i}.gamma`, `g.res${i}.beta`]).flat(), 'g.out.w', 'g.out.b'];
  return tf.customGrad((...args) => {
    const vars = args.slice(0, names.length) as Tensor[];
    const save = args[names.length] as GradSaveFunc;
    const at = (i: number, k: number) => vars[4 * i + k]!;
    const saved: Tensor[] = [];
    let h = input;
    for (let i = 0; i < blocks; i++) {
      const pre = tf.add(fastMatMul(tf, h, at(i, 0)), at(i, 1));
      // tf.moments: the mean, then the mean of squared deviations; x − mean is the same tensor in both.
      const centred = tf.sub(pre, tf.mean(pre, 0, true));
      const sd = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0, true), BATCH_NORM_EPS));
      const normalised = tf.div(centred, sd);
      const out = tf.add(tf.mul(normalised, at(i, 2)), at(i, 3));
      saved.push(centred, sd, normalised, out);
      h = tf.concat([tf.relu(out), h], 1);
    }
    save([h, ...saved]);
    return {
      value: tf.add(fastMatMul(tf, h, at(blocks, 0)), at(blocks, 1)),
      gradFunc: (dy: Tensor, kept: Tensor[]) => blockGradients(tf, dy, kept, vars, blocks, rows),
    };
  })(...names.map((n) => p.get(n)));
}

/**
 * generatorLogits's gradients, in its variables' order: tfjs's gradient of each op, written out.
 * Linear x·W + b: dW = xᵀ·dy, db = Σ dy down the rows, dx = dy·Wᵀ. The input of block i is the
 * last columns of the final layer's input h, so its transpose is the last rows of hᵀ.
 */
function blockGradients(tf: Tf, dy: Tensor, kept: Tensor[], vars: readonly Tensor[], blocks: number, rows: number): Tensor[] {
  const [h, ...saved] = kept as [Tensor, ...Tensor[]];
  const width = h.shape[1]!;
  const hT = tf.transpose(h);
  const grads: Tensor[] = new Array<Tensor>(vars.length);
  const biasGradient = (d: Tensor, b: Tensor) => tf.reshape(tf.sum(d, 0), b.shape);
  grads[4 * blocks] = fastMatMul(tf, hT, dy);
  grads[4 * blocks + 1] = biasGradient(dy, vars[4 * blocks + 1]!);
  let dh = timesTransposed(tf, dy, vars[4 * blocks]!);
  for (let i = blocks - 1; i >= 0; i--) {
    const [centred, sd, normalised, out] = saved.slice(4 * i, 4 * i + 4) as [Tensor, Tensor, Tensor, Tensor];
    const [w, b, gamma] = [vars[4 * i]!, vars[4 * i + 1]!, vars[4 * i + 2]!];
    const units = w.shape[1]!;
    const inputWidth = w.shape[0]!;
    // concat: each part's columns; relu: dy·step(out).
    const d = tf.mul(sliceBlock(tf, dh, [0, 0], [rows, units]), tf.step(out));
    // add β, mul γ: Σ d and Σ d·n; div by sd: d·γ/sd to the numerator, −Σ dn·c / sd² to sd.
    grads[4 * i + 3] = biasGradient(d, vars[4 * i + 3]!);
    grads[4 * i + 2] = biasGradient(tf.mul(d, normalised), gamma);
    const dn = tf.mul(d, gamma);
    const dc = tf.div(dn, sd);
    const dsd = tf.neg(tf.div(tf.sum(tf.mul(dn, centred), 0, true), tf.square(sd)));
    // sqrt, the variance's mean, square: into the deviations again.
    const dd = tf.mul(tf.div(tf.div(dsd, tf.mul(sd, 2)), rows), tf.mul(centred, 2));
    // x − mean, used twice: the mean's gradient from both uses, then the mean's own, back to x.
    const dMean = tf.add(tf.neg(tf.sum(dc, 0, true)), tf.neg(tf.sum(dd, 0, true)));
    const dPre = tf.add(tf.add(dc, dd), tf.div(dMean, rows));
    grads[4 * i + 1] = biasGradient(dPre, b);
    grads[4 * i] = fastMatMul(tf, sliceBlock(tf, hT, [width - inputWidth, 0], [inputWidth, rows]), dPre);
    // The block's input: through the concatenation, then through the product (the tape's order).
    if (i > 0) dh = tf.add(sliceBlock(tf, dh, [0, units], [rows, inputWidth]), timesTransposed(tf, dPre, w));
  }
  return grads;
}

/**
 * The critic's view of generated rows: tanh on α, Gumbel-softmax (temperature τ, noise from our
 * Rng) on each one-hot span, then the row's condition vector. Plain arithmetic on the logits'
 * values rather than tfjs ops: those would slice every span out as a column block, activate it
 * and concatenate the blocks again, and the wasm backend copies column blocks row by row — the
 * largest share of an epoch's time outside the matrix products, before this.
 */
function activateRows(logits: Float32Array, gumbel: Float32Array, cond: Float32Array | undefined, rows: number, spans: readonly Span[], a: Widths, out?: Float32Array): Float32Array {
  const width = a.dataWidth + (cond ? a.condWidth : 0);
  // Every place is written (the spans tile the row), so a reused buffer needs no clearing.
  out ??= new Float32Array(rows * width);
  const scratch = new Float64Array(Math.max(1, ...spans.map((s) => s.width)));
  for (let r = 0; r < rows; r++) {
    const from = r * a.dataWidth;
    const to = r * width;
    for (const s of spans) {
      const at = from + s.start;
      if (s.activation === 'tanh') {
        for (let j = 0; j < s.width; j++) out[to + s.start + j] = Math.tanh(logits[at + j]!);
        continue;
      }
      let max = -Infinity;
      for (let j = 0; j < s.width; j++) max = Math.max(max, (scratch[j] = (logits[at + j]! + gumbel[at + j]!) / TAU));
      let sum = 0;
      for (let j = 0; j < s.width; j++) sum += scratch[j] = Math.exp(scratch[j]! - max);
      for (let j = 0; j < s.width; j++) out[to + s.start + j] = scratch[j]! / sum;
    }
    if (cond) out.set(cond.subarray(r * a.condWidth, (r + 1) * a.condWidth), to + a.dataWidth);
  }
  return out;
}

/** activateRows as a differentiable op of the logits (the generator's update goes through it). */
export function activate(tf: Tf, logits: Tensor, gumbel: Float32Array, cond: Float32Array | undefined, spans: readonly Span[], a: Widths, scratch = new Scratch()): Tensor {
  const rows = logits.shape[0]!;
  return tf.customGrad((x) => {
    const width = a.dataWidth + (cond ? a.condWidth : 0);
    const out = activateRows(peekValues(tf, x as Tensor), gumbel, cond, rows, spans, a, scratch.floats('activated', rows * width));
    return {
      value: tf.tensor2d(out, [rows, width]),
      // tanh: dy·(1 − y²); softmax of (x + g)/τ: y·(dy − Σ dy·y)/τ. The condition columns are data.
      gradFunc: (dy: Tensor) => {
        const d = peekValues(tf, dy);
        // Every place is written: the spans tile the row.
        const dx = scratch.floats('activatedGrad', rows * a.dataWidth);
        for (let r = 0; r < rows; r++) {
          for (const s of spans) {
            const o = r * width + s.start;
            const at = r * a.dataWidth + s.start;
            if (s.activation === 'tanh') {
              for (let j = 0; j < s.width; j++) dx[at + j] = d[o + j]! * (1 - out[o + j]! * out[o + j]!);
              continue;
            }
            let dot = 0;
            for (let j = 0; j < s.width; j++) dot += d[o + j]! * out[o + j]!;
            for (let j = 0; j < s.width; j++) dx[at + j] = (out[o + j]! * (d[o + j]! - dot)) / TAU;
          }
        }
        return tf.tensor2d(dx, [rows, a.dataWidth]);
      },
    };
  })(logits);
}

/**
 * Cross-entropy of each discrete span's logits against the condition vector, summed over spans
 * and averaged over rows — with its gradient, softmax − condition — in plain arithmetic for the
 * same reason as activateRows. A span whose condition part is all zero adds nothing.
 */
export function conditionLoss(tf: Tf, logits: Tensor, cond: Float32Array, discreteSpans: readonly Span[], a: Widths, scratch = new Scratch()): Tensor {
  const rows = logits.shape[0]!;
  return tf.customGrad((x) => {
    const values = peekValues(tf, x as Tensor);
    // Zero outside the conditioned spans.
    const grad = scratch.floats('conditionGrad', rows * a.dataWidth).fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      let offset = r * a.condWidth;
      for (const s of discreteSpans) {
        const c = cond.subarray(offset, offset + s.width);
        offset += s.width;
        let weight = 0;
        for (let j = 0; j < s.width; j++) weight += c[j]!;
        if (weight === 0) continue;
        const at = r * a.dataWidth + s.start;
        let max = -Infinity;
        for (let j = 0; j < s.width; j++) max = Math.max(max, values[at + j]!);
        let sum = 0;
        for (let j = 0; j < s.width; j++) sum += Math.exp(values[at + j]! - max);
        const logSum = max + Math.log(sum);
        for (let j = 0; j < s.width; j++) {
          loss -= c[j]! * (values[at + j]! - logSum);
          grad[at + j] = (Math.exp(values[at + j]! - logSum) * weight - c[j]!) / rows;
        }
      }
    }
    return {
      value: tf.scalar(loss / rows),
      gradFunc: (dy: Tensor) => tf.mul(tf.tensor2d(grad, [rows, a.dataWidth]), dy),
    };
  })(logits);
}

/** Critic scores of pac-row groups; `masks` are the dropout masks of each hidden layer. */
function criticScores(tf: Tf, p: Params, x: Tensor, a: Architecture, masks: readonly Float32Array[]): Tensor {
  let h = tf.reshape(x, [-1, (a.dataWidth + a.condWidth) * a.pac]);
  a.criticDims.forEach((_, i) => {
    h = leakyDropout(tf, p.apply(`d.h${i}`, h), masks[i]!);
  });
  return p.apply('d.out', h);
}

/**
 * LeakyReLU (slope 0.2) then inverted dropout, as one op: x times a per-unit factor (the dropout
 * scale, times 0.2 where x < 0) that the gradient multiplies by again. The factor is a constant
 * to the gradient tape, which is LeakyReLU's true second derivative (zero, as PyTorch has it):
 * the gradient penalty, differentiated twice, no longer runs backward through the critic's
 * forward pass on a chain of zeros, and needs no leakyRelu built from |x|.
 */
export function leakyDropout(tf: Tf, x: Tensor, keep: Float32Array): Tensor {
  return tf.customGrad((input, save) => {
    const values = peekValues(tf, input as Tensor);
    const factors = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) factors[i] = values[i]! > 0 ? keep[i]! : LEAK * keep[i]!;
    const factor = tf.tensor(factors, (input as Tensor).shape);
    (save as GradSaveFunc)([factor]);
    return { value: tf.mul(input as Tensor, factor), gradFunc: (dy: Tensor, [saved]: Tensor[]) => tf.mul(dy, saved!) };
  })(x);
}

/**
 * WGAN-GP on pac groups: the critic's gradient at points between real and fake groups (one
 * mixing weight per group, mixed by the caller) should have norm 1. Differentiated again for the
 * critic's update, hence only ops with second-order gradients on every backend (see leakyDropout).
 */
function gradientPenalty(tf: Tf, critic: (x: Tensor) => Tensor, between: Tensor, groupWidth: number): Tensor {
  const grad = tf.grad((x: Tensor) => tf.sum(critic(x)))(between);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(tf.reshape(grad, [-1, groupWidth])), 1), 1e-12));
  return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), PENALTY_WEIGHT);
}

/**
 * Standard Gumbel noise, −log(−log u), u from one 32-bit draw (never 0 or 1): the noise feeds
 * float32 logits, and half the draws of a 53-bit uniform were a tenth of an epoch.
 */
function gumbelNoise(n: number, rng: Rng, out: Float32Array = new Float32Array(n)): Float32Array {
  for (let i = 0; i < n; i++) out[i] = -Math.log(-Math.log((rng.uint32() + 0.5) / 4294967296));
  return out;
}

/** The generator's input: noise, then the condition vector (joined here: a tfjs concat of column blocks copies row by row on wasm). */
function generatorInput(tf: Tf, z: Float32Array, cond: Float32Array | undefined, rows: number, a: Pick<Architecture, 'embeddingDim' | 'condWidth'>, scratch?: Scratch): Tensor {
  if (!cond || !a.condWidth) return tf.tensor2d(z, [rows, a.embeddingDim]);
  const width = a.embeddingDim + a.condWidth;
  return tf.tensor2d(joinRows(z, a.embeddingDim, cond, a.condWidth, rows, scratch?.floats('input', rows * width)), [rows, width]);
}

/** Rows of a (width wa) each followed by the same row of b (width wb). */
function joinRows(a: Float32Array, wa: number, b: Float32Array, wb: number, rows: number, out: Float32Array = new Float32Array(rows * (wa + wb))): Float32Array {
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * wa, (r + 1) * wa), r * (wa + wb));
    out.set(b.subarray(r * wb, (r + 1) * wb), r * (wa + wb) + wa);
  }
  return out;
}

/**
 * The batch: the asked size rounded down to whole pac groups, at least one group. Not capped by
 * the rows: as in SDV, a table smaller than a batch still trains on full batches, its real rows
 * drawn again (with replacement) — capping them cost up to 0.04 quality on a 122-row table.
 */
export function effectiveBatch(batchSize: number, pac: number): number {
  return Math.max(pac, Math.floor(batchSize / pac) * pac);
}

class CtganNetwork implements Network {
  readonly params: Params;
  readonly optimizers: Adam[];
  private readonly arch: Architecture;
  private readonly conditions: ConditionSampler;
  private readonly batch: number;
  private readonly scratch: Scratch;

  constructor(
    private readonly tf: Tf,
    private readonly variant: Variant,
    private readonly transformer: DataTransformer,
    private readonly matrix: Float32Array,
    private readonly rows: number,
    private readonly settings: CtganParams,
    seed: number,
  ) {
    // The cpu backend keeps the arrays tensors are made from rather than copying them: no reuse there.
    this.scratch = new Scratch(tf.getBackend() !== 'cpu');
    this.conditions = new ConditionSampler(matrix, rows, transformer.width, transformer.discreteSpans, settings.log_frequency);
    this.arch = {
      dataWidth: transformer.width,
      condWidth: this.conditions.width,
      embeddingDim: settings.embedding_dim,
      generatorDims: settings.generator_dim,
      criticDims: settings.discriminator_dim,
      pac: settings.pac,
    };
    this.batch = effectiveBatch(settings.batch_size, settings.pac);
    this.params = new Params(tf);
    const init = Rng.derived(seed, 'init');
    initGenerator(this.params, this.arch, init);
    initCritic(this.params, this.arch, init);
    const names = this.params.names();
    const adam = (lr: number, weightDecay: number, prefix: string) => new Adam(tf, this.params, { lr, beta1: 0.5, beta2: 0.9, weightDecay }, names.filter((n) => n.startsWith(prefix)));
    this.optimizers = [adam(settings.generator_lr, settings.generator_decay, 'g.'), adam(settings.discriminator_lr, settings.discriminator_decay, 'd.')];
  }

  private get generatorOptimizer(): Adam {
    return this.optimizers[0]!;
  }

  private get criticOptimizer(): Adam {
    return this.optimizers[1]!;
  }

  async trainEpoch(rng: Rng, between?: BatchHook): Promise<Record<string, number>> {
    const steps = Math.max(1, Math.floor(this.rows / this.batch));
    const criticSteps = this.settings.discriminator_steps;
    let generator = 0;
    let critic = 0;
    let penalty = 0;
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < criticSteps; k++) {
        const losses = this.criticStep(rng);
        critic += losses.critic;
        penalty += losses.penalty;
      }
      generator += this.generatorStep(rng);
      const wait = between?.(s + 1, steps);
      if (wait) await wait;
    }
    return { generator: generator / steps, critic: critic / (steps * criticSteps), penalty: penalty / (steps * criticSteps) };
  }

  /** One critic update: Wasserstein loss on fake vs real rows with matching conditions, plus the penalty. */
  private criticStep(rng: Rng): { critic: number; penalty: number } {
    const { tf, arch, batch, scratch } = this;
    const z = normals(batch * arch.embeddingDim, rng, scratch.floats('noise', batch * arch.embeddingDim));
    const cond = this.conditions.draw(batch, rng);
    // Real rows carry the conditions of the fake rows, in another order (as SDV pairs them).
    const order = rng.shuffle(Array.from({ length: batch }, (_, i) => i));
    const realRows = cond
      ? this.conditions.realRows(Int32Array.from(order, (i) => cond.column[i]!), Int32Array.from(order, (i) => cond.category[i]!), rng)
      : Int32Array.from({ length: batch }, () => rng.int(0, this.rows - 1));
    const realCond = cond && permuteRows(cond.vector, order, arch.condWidth);
    const gumbel = gumbelNoise(batch * arch.dataWidth, rng, scratch.floats('gumbel', batch * arch.dataWidth));
    const groups = batch / arch.pac;
    const mixing = new Float32Array(batch);
    for (let g = 0; g < groups; g++) mixing.fill(rng.uniform(), g * arch.pac, (g + 1) * arch.pac);
    // One dropout mask set for the fake and real groups, judged in one pass; one for the mixed groups.
    const pairMasks = dropoutMasksData(2 * groups, arch.criticDims, rng);
    const mixMasks = dropoutMasksData(groups, arch.criticDims, rng);
    const width = arch.dataWidth + arch.condWidth;
    // Fake rows, then real rows: one critic pass over both, as bigger matrix products and half the kernels.
    const pair = scratch.floats('pair', 2 * batch * width);
    // The generator runs outside the gradient tape: only the critic learns here. Its logits are
    // read in place (no tensor is made before activateRows has read them all).
    const logits = tf.tidy(() => generatorLogits(tf, this.params, generatorInput(tf, z, cond?.vector, batch, arch, scratch), arch.generatorDims.length));
    try {
      activateRows(peekValues(tf, logits), gumbel, cond?.vector, batch, this.transformer.spans, arch, pair.subarray(0, batch * width));
    } finally {
      logits.dispose();
    }
    this.rowsOf(realRows, realCond, pair.subarray(batch * width));
    const between = scratch.floats('between', batch * width);
    for (let r = 0; r < batch; r++) {
      const m = mixing[r]!;
      for (let j = r * width, end = j + width, real = batch * width; j < end; j++) between[j] = m * pair[real + j]! + (1 - m) * pair[j]!;
    }
    const values = tf.tidy(() => {
      const pairInput = tf.tensor2d(pair, [2 * batch, width]);
      const betweenInput = tf.tensor2d(between, [batch, width]);
      let parts: Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        const scores = criticScores(tf, this.params, pairInput, arch, pairMasks);
        const wasserstein = tf.sub(tf.mean(tf.slice(scores, [0, 0], [groups, 1])), tf.mean(tf.slice(scores, [groups, 0], [groups, 1])));
        const penalty = gradientPenalty(tf, (x) => criticScores(tf, this.params, x, arch, mixMasks), betweenInput, width * arch.pac);
        parts = tf.keep(tf.stack([wasserstein, penalty]));
        return tf.add(wasserstein, penalty) as Scalar;
      }, this.criticOptimizer.variables());
      this.criticOptimizer.apply(grads);
      return parts!;
    });
    const [critic, penalty] = values.dataSync();
    values.dispose();
    return { critic: critic!, penalty: penalty! };
  }

  /** One generator update: fool the critic and honour the condition vector. */
  private generatorStep(rng: Rng): number {
    const { tf, arch, batch, scratch } = this;
    const z = normals(batch * arch.embeddingDim, rng, scratch.floats('noise', batch * arch.embeddingDim));
    const cond = this.conditions.draw(batch, rng);
    const gumbel = gumbelNoise(batch * arch.dataWidth, rng, scratch.floats('gumbel', batch * arch.dataWidth));
    const groups = batch / arch.pac;
    const masks = dropoutMasksData(groups, arch.criticDims, rng);
    const loss = tf.tidy(() => {
      const input = generatorInput(tf, z, cond?.vector, batch, arch, scratch);
      const { value, grads } = tf.variableGrads(() => {
        const logits = generatorLogits(tf, this.params, input, arch.generatorDims.length);
        const fake = activate(tf, logits, gumbel, cond?.vector, this.transformer.spans, arch, scratch);
        const fool = tf.neg(tf.mean(criticScores(tf, this.params, fake, arch, masks)));
        return (cond ? tf.add(fool, conditionLoss(tf, logits, cond.vector, this.transformer.discreteSpans, arch, scratch)) : fool) as Scalar;
      }, this.generatorOptimizer.variables());
      this.generatorOptimizer.apply(grads);
      return value;
    });
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  }

  /** Training rows, each followed by its condition vector when there is one. */
  private rowsOf(rows: Int32Array, cond: Float32Array | undefined, out: Float32Array): Float32Array {
    const { dataWidth, condWidth } = this.arch;
    const width = dataWidth + (cond ? condWidth : 0);
    rows.forEach((r, i) => {
      out.set(this.matrix.subarray(r * dataWidth, (r + 1) * dataWidth), i * width);
      if (cond) out.set(cond.subarray(i * condWidth, (i + 1) * condWidth), i * width + dataWidth);
    });
    return out;
  }

  validationLoss(): undefined {
    return undefined;
  }

  fitted(): FittedModel {
    return new CtganSampler(this.tf, {
      format: 'tabmimic.ctgan.v1',
      generator: this.variant,
      transformer: this.transformer.spec,
      categoryCounts: this.conditions.counts(),
      embeddingDim: this.arch.embeddingDim,
      generatorDims: [...this.arch.generatorDims],
      batchSize: this.batch,
      enforceMinMax: this.settings.enforce_min_max_values,
      enforceRounding: this.settings.enforce_rounding,
      weights: this.params.save().filter((t) => t.name.startsWith('g.')),
    });
  }

  dispose(): void {
    for (const o of this.optimizers) o.dispose();
    this.params.dispose();
  }
}

function permuteRows(data: Float32Array, order: readonly number[], width: number): Float32Array {
  const out = new Float32Array(data.length);
  order.forEach((from, i) => out.set(data.subarray(from * width, (from + 1) * width), i * width));
  return out;
}

/**
 * Inverted dropout masks, one per critic layer: keep with probability 1 − rate, scaled by
 * 1/(1 − rate). The rate is ½, so each bit of a 32-bit draw decides one unit.
 */
function dropoutMasksData(groups: number, dims: readonly number[], rng: Rng): Float32Array[] {
  const kept = 1 / (1 - DROPOUT);
  return dims.map((units) => {
    const mask = new Float32Array(groups * units);
    let bits = 0;
    for (let i = 0; i < mask.length; i++) {
      if ((i & 31) === 0) bits = rng.uint32();
      mask[i] = (bits >>> (i & 31)) & 1 ? kept : 0;
    }
    return mask;
  });
}

// ---------------------------------------------------------------------------------------------
// Sampling

/** A condition on a discrete column: the span (among the discrete ones) and the level it must carry. */
interface LevelCondition {
  readonly spanIndex: number;
  readonly level: number;
}

class CtganSampler implements FittedModel {
  private readonly transformer: DataTransformer;

  constructor(
    private readonly tf: Tf,
    private readonly model: CtganModel,
  ) {
    this.transformer = new DataTransformer(model.transformer);
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }

  sample(rows: number, rng: Rng, conditions: Conditions = {}): Table {
    const { transformer, model } = this;
    const required = Object.entries(conditions).map(([name, value]) => transformer.levelOf(name, value));
    const width = transformer.width;
    const out = new Float32Array(rows * width);
    const p = new Params(this.tf);
    for (const w of model.weights) p.add(w.name, w.shape, decodeFloats(w.data));
    try {
      let filled = 0;
      const maxBatches = MAX_REJECTION_RATIO * Math.ceil(rows / model.batchSize);
      for (let batches = 0; filled < rows; batches++) {
        if (batches >= maxBatches) {
          throw unprocessable(`Only ${filled} of ${rows} generated rows met the conditions after ${batches * model.batchSize} tries; the model rarely produces them.`);
        }
        const batch = this.generateBatch(p, rng, required[0]);
        for (let r = 0; r < model.batchSize && filled < rows; r++) {
          if (!required.every((c) => carries(batch, r * width + transformer.discreteSpans[c.spanIndex]!.start, transformer.discreteSpans[c.spanIndex]!.width, c.level))) continue;
          out.set(batch.subarray(r * width, (r + 1) * width), filled * width);
          filled++;
        }
      }
    } finally {
      p.dispose();
    }
    return transformer.decode(out, rows, rng, { enforceMinMax: model.enforceMinMax, enforceRounding: model.enforceRounding });
  }

  /**
   * One batch of generated rows: α = tanh(logit), and on each one-hot span logit + Gumbel noise,
   * whose argmax (taken by the decoder) is a draw from the span's softmax — Gumbel-softmax then
   * argmax, as SDV samples.
   */
  private generateBatch(p: Params, rng: Rng, condition: LevelCondition | undefined): Float32Array {
    const { tf, model, transformer } = this;
    const n = model.batchSize;
    const condWidth = model.categoryCounts.reduce((a, k) => a + k.length, 0);
    const arch = { embeddingDim: model.embeddingDim, condWidth };
    const z = normals(n * model.embeddingDim, rng);
    const cond = condWidth ? (condition ? fixedConditions(model.categoryCounts, condition, n) : samplingConditions(model.categoryCounts, n, rng)) : undefined;
    const logits = valuesOf(tf, () => generatorLogits(tf, p, generatorInput(tf, z, cond, n, arch), model.generatorDims.length));
    const width = transformer.width;
    for (const span of transformer.spans) {
      for (let r = 0; r < n; r++) {
        const base = r * width + span.start;
        if (span.activation === 'tanh') logits[base] = Math.tanh(logits[base]!);
        else for (let j = 0; j < span.width; j++) logits[base + j]! += rng.gumbel();
      }
    }
    return logits;
  }
}

/** The span's argmax (the first maximum, as the decoder takes it) is `level`. */
function carries(data: Float32Array, from: number, width: number, level: number): boolean {
  const at = data[from + level]!;
  for (let j = 0; j < width; j++) if (j < level ? data[from + j]! >= at : data[from + j]! > at) return false;
  return true;
}

function fixedConditions(counts: readonly (readonly number[])[], condition: LevelCondition, n: number): Float32Array {
  const width = counts.reduce((a, k) => a + k.length, 0);
  const at = counts.slice(0, condition.spanIndex).reduce((a, k) => a + k.length, 0) + condition.level;
  const vector = new Float32Array(n * width);
  for (let i = 0; i < n; i++) vector[i * width + at] = 1;
  return vector;
}

// ---------------------------------------------------------------------------------------------
// Synthesizers

function fitOptions(variant: Variant, params: CtganParams | CopulaGanParams): FitOptions {
  if (variant === 'ctgan' || !('default_distribution' in params)) return {};
  return { normalScores: (name) => own(params.numerical_distributions, name) ?? params.default_distribution };
}

async function buildRun(variant: Variant, table: Table, params: CtganParams | CopulaGanParams, seed: number, onPrepare?: PrepareProgress): Promise<NetworkRun> {
  if (table.rowCount < 1) throw unprocessable(`${variant} needs at least one row.`);
  const { tf } = await tensorflow();
  const rng = Rng.derived(seed, 'transformer');
  const transformer = onPrepare ? await DataTransformer.fitReporting(table, rng, fitOptions(variant, params), onPrepare) : DataTransformer.fit(table, rng, fitOptions(variant, params));
  if (!transformer.width) throw nothingToLearn(variant);
  const matrix = transformer.encode(table, Rng.derived(seed, 'encode'));
  const net = new CtganNetwork(tf, variant, transformer, matrix, table.rowCount, params, seed);
  return new NetworkRun(variant, seed, params, net, { epochs: params.epochs, patience: params.epochs });
}

function trainerFor<P extends CtganParams>(variant: Variant, schema: z.ZodType<P>): Trainer<P> {
  return {
    start: (table, params, seed, onPrepare) => buildRun(variant, table, params, seed, onPrepare),
    async resume(table, checkpoint) {
      const spec = checkpointSpec(checkpoint);
      if (spec.generator !== variant) throw new Error(`a ${spec.generator} checkpoint cannot resume as ${variant}`);
      return (await buildRun(variant, table, schema.parse(spec.params), spec.seed)).restore(checkpoint);
    },
  };
}

const load = async (bytes: Uint8Array) => new CtganSampler((await tensorflow()).tf, CtganModel.parse(decodeJson(bytes)));
const capabilities = { conditional: true, numericConditions: false, approximateConditions: true, constraints: true, differentialPrivacy: false };

const ctganTrainer = trainerFor('ctgan', CtganParams);
export const ctgan: Synthesizer<CtganParams> = withLookups({
  name: 'ctgan',
  aliases: ['sdv_ctgan', 'synthcity_ctgan'],
  description:
    'CTGAN (conditional tabular GAN, as SDV ships it): numbers normalised per Gaussian-mixture mode, categories one-hot; ' +
    'a residual generator trained against a PacGAN critic with gradient penalty, conditioned on one category per row. ' +
    'Slow to train; conditional sampling on categorical columns.',
  params: CtganParams,
  capabilities,
  checkParams: (_params, columns) => checkNetworkColumns('ctgan', columns),
  fit: fitByTraining(ctganTrainer),
  load,
  trainer: ctganTrainer,
});

const copulaGanTrainer = trainerFor('copulagan', CopulaGanParams);
export const copulaGan: Synthesizer<CopulaGanParams> = withLookups({
  name: 'copulagan',
  aliases: ['sdv_copulagan', 'copula_gan'],
  description:
    "CopulaGAN (SDV's CopulaGANSynthesizer): CTGAN on numbers first mapped to normal scores through fitted marginals, " +
    'which eases skewed and bounded columns. Conditional sampling on categorical columns.',
  params: CopulaGanParams,
  capabilities,
  checkParams: (params, columns) => {
    checkNumericalDistributions(params.numerical_distributions, columns);
    return checkNetworkColumns('copulagan', columns);
  },
  fit: fitByTraining(copulaGanTrainer),
  load,
  trainer: copulaGanTrainer,
});
