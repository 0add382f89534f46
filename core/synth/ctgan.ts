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
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { Table } from '../table/model.js';
import { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { DISTRIBUTIONS } from './marginals.js';
import { decodeJson, encodeJson, fitByTraining, type Conditions, type FittedModel, type Synthesizer, type Trainer } from './synthesizer.js';
import { tensorflow, type Tf } from './neural/tf.js';
import { Adam, Params, SavedTensor, decodeFloats, leakyRelu, normals } from './neural/nn.js';
import { NetworkRun, checkpointSpec, type Network } from './neural/run.js';
import { DataTransformer, TransformerSpec, type FitOptions, type Span } from './neural/data-transformer.js';

const TAU = 0.2;
const PENALTY_WEIGHT = 10;
const DROPOUT = 0.5;
const BATCH_NORM_EPS = 1e-5;
/** Conditional sampling gives up when fewer than one generated row in this many carries the condition. */
const MAX_REJECTION_RATIO = 100;

const layerSizes = z.array(z.number().int().min(1).max(4096)).min(1).max(8);

const ctganShape = {
  epochs: z.number().int().min(1).max(5000).default(300).describe('Passes over the data'),
  batch_size: z.number().int().min(2).max(10_000).default(500).describe('Rows per step, a multiple of pac; clamped to the rows (rounded down to pac)'),
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
};

const batchOfPacs = <T extends { batch_size: number; pac: number }>(p: T) => p.batch_size % p.pac === 0;
const batchMessage = { message: 'batch_size must be a multiple of pac', path: ['batch_size'] };

export const CtganParams = z.object(ctganShape).strict().refine(batchOfPacs, batchMessage);
export type CtganParams = z.infer<typeof CtganParams>;

export const CopulaGanParams = z
  .object({
    ...ctganShape,
    default_distribution: z.enum([...DISTRIBUTIONS, 'auto']).default('auto').describe('Marginal mapping every numeric column to normal scores; `auto` picks the best fit by KS distance (SDV defaults to beta)'),
    numerical_distributions: z.record(z.string(), z.enum(DISTRIBUTIONS)).default({}).describe('Per-column marginal, overriding the default'),
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

interface Architecture {
  readonly dataWidth: number;
  readonly condWidth: number;
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

/** Batch normalisation on the batch's own statistics (SDV never switches the generator to eval mode). */
function batchNorm(tf: Tf, p: Params, name: string, x: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, 0);
  const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPS)));
  return tf.add(tf.mul(normalised, p.get(`${name}.gamma`)), p.get(`${name}.beta`));
}

/** The generator's raw output (before the span activations). */
function generatorLogits(tf: Tf, p: Params, input: Tensor, blocks: number): Tensor {
  let h = input;
  for (let i = 0; i < blocks; i++) {
    const out = tf.relu(batchNorm(tf, p, `g.res${i}`, p.apply(`g.res${i}`, h)));
    h = tf.concat([out, h], 1);
  }
  return p.apply('g.out', h);
}

const spanOf = (tf: Tf, x: Tensor, span: Span) => tf.slice(x, [0, span.start], [-1, span.width]);

/** tanh on α, Gumbel-softmax with temperature τ on each one-hot span (noise from our Rng). */
function activate(tf: Tf, logits: Tensor, spans: readonly Span[], gumbel: Tensor): Tensor {
  const noisy = tf.div(tf.add(logits, gumbel), TAU);
  const parts = spans.map((s) => (s.activation === 'tanh' ? tf.tanh(spanOf(tf, logits, s)) : tf.softmax(spanOf(tf, noisy, s))));
  return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
}

/** Cross-entropy of each discrete span's logits against the condition vector, per row. */
function conditionLoss(tf: Tf, logits: Tensor, discreteSpans: readonly Span[], cond: Tensor, rows: number): Tensor {
  const logp = discreteSpans.map((s) => tf.logSoftmax(spanOf(tf, logits, s)));
  return tf.div(tf.neg(tf.sum(tf.mul(logp.length === 1 ? logp[0]! : tf.concat(logp, 1), cond))), rows);
}

/** Critic scores of pac-row groups; `masks` are the dropout masks of each hidden layer. */
function criticScores(tf: Tf, p: Params, x: Tensor, a: Architecture, masks: readonly Tensor[]): Tensor {
  let h = tf.reshape(x, [-1, (a.dataWidth + a.condWidth) * a.pac]);
  a.criticDims.forEach((_, i) => {
    h = tf.mul(leakyRelu(tf, p.apply(`d.h${i}`, h)), masks[i]!);
  });
  return p.apply('d.out', h);
}

/**
 * WGAN-GP on pac groups: the critic's gradient at points between real and fake groups (one
 * mixing weight per group) should have norm 1. Differentiated again for the critic's update,
 * hence only ops with second-order gradients on every backend (see leakyRelu).
 */
function gradientPenalty(tf: Tf, critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, mix: Tensor, groupWidth: number): Tensor {
  const between = tf.add(tf.mul(mix, real), tf.mul(tf.sub(1, mix), fake));
  const grad = tf.grad((x: Tensor) => tf.sum(critic(x)))(between);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(tf.reshape(grad, [-1, groupWidth])), 1), 1e-12));
  return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), PENALTY_WEIGHT);
}

/** Standard Gumbel noise, −log(−log u). */
function gumbelNoise(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.log(-Math.log(rng.uniformOpen()));
  return out;
}

/** The generator's input: noise, then the condition vector. */
function generatorInput(tf: Tf, z: Float32Array, cond: Float32Array | undefined, rows: number, a: Pick<Architecture, 'embeddingDim' | 'condWidth'>): Tensor {
  const noise = tf.tensor2d(z, [rows, a.embeddingDim]);
  return cond && a.condWidth ? tf.concat([noise, tf.tensor2d(cond, [rows, a.condWidth])], 1) : noise;
}

const withCondition = (tf: Tf, x: Tensor, cond: Tensor | undefined) => (cond ? tf.concat([x, cond], 1) : x);

/** The batch: the asked size rounded down to whole pac groups, at most the rows (rounded to pac), at least one group. */
export function effectiveBatch(batchSize: number, pac: number, rows: number): number {
  return Math.max(pac, Math.min(batchSize, Math.floor(rows / pac) * pac));
}

class CtganNetwork implements Network {
  readonly params: Params;
  readonly optimizers: Adam[];
  private readonly arch: Architecture;
  private readonly conditions: ConditionSampler;
  private readonly batch: number;

  constructor(
    private readonly tf: Tf,
    private readonly variant: Variant,
    private readonly transformer: DataTransformer,
    private readonly matrix: Float32Array,
    private readonly rows: number,
    private readonly settings: CtganParams,
    seed: number,
  ) {
    this.conditions = new ConditionSampler(matrix, rows, transformer.width, transformer.discreteSpans, settings.log_frequency);
    this.arch = {
      dataWidth: transformer.width,
      condWidth: this.conditions.width,
      embeddingDim: settings.embedding_dim,
      generatorDims: settings.generator_dim,
      criticDims: settings.discriminator_dim,
      pac: settings.pac,
    };
    this.batch = effectiveBatch(settings.batch_size, settings.pac, rows);
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

  trainEpoch(rng: Rng): Record<string, number> {
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
    }
    return { generator: generator / steps, critic: critic / (steps * criticSteps), penalty: penalty / (steps * criticSteps) };
  }

  /** One critic update: Wasserstein loss on fake vs real rows with matching conditions, plus the penalty. */
  private criticStep(rng: Rng): { critic: number; penalty: number } {
    const { tf, arch, batch } = this;
    const z = normals(batch * arch.embeddingDim, rng);
    const cond = this.conditions.draw(batch, rng);
    // Real rows carry the conditions of the fake rows, in another order (as SDV pairs them).
    const order = rng.shuffle(Array.from({ length: batch }, (_, i) => i));
    const realRows = cond
      ? this.conditions.realRows(Int32Array.from(order, (i) => cond.column[i]!), Int32Array.from(order, (i) => cond.category[i]!), rng)
      : Int32Array.from({ length: batch }, () => rng.int(0, this.rows - 1));
    const realCond = cond && permuteRows(cond.vector, order, arch.condWidth);
    const gumbel = gumbelNoise(batch * arch.dataWidth, rng);
    const groups = batch / arch.pac;
    const mixing = new Float32Array(batch);
    for (let g = 0; g < groups; g++) mixing.fill(rng.uniform(), g * arch.pac, (g + 1) * arch.pac);
    const maskSets = [0, 1, 2].map(() => dropoutMasksData(groups, arch.criticDims, rng));
    const values = tf.tidy(() => {
      const fake = activate(tf, generatorLogits(tf, this.params, generatorInput(tf, z, cond?.vector, batch, arch), arch.generatorDims.length), this.transformer.spans, tf.tensor2d(gumbel, [batch, arch.dataWidth]));
      const condTensor = cond && tf.tensor2d(cond.vector, [batch, arch.condWidth]);
      const realCondTensor = realCond && tf.tensor2d(realCond, [batch, arch.condWidth]);
      const fakeInput = withCondition(tf, fake, condTensor);
      const realInput = withCondition(tf, tf.tensor2d(this.rowsOf(realRows), [batch, arch.dataWidth]), realCondTensor);
      const [onFake, onReal, onMix] = maskSets.map((set) => set.map((m, i) => tf.tensor2d(m, [groups, arch.criticDims[i]!])));
      const mix = tf.tensor2d(mixing, [batch, 1]);
      let parts: Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        const wasserstein = tf.sub(tf.mean(criticScores(tf, this.params, fakeInput, arch, onFake!)), tf.mean(criticScores(tf, this.params, realInput, arch, onReal!)));
        const penalty = gradientPenalty(tf, (x) => criticScores(tf, this.params, x, arch, onMix!), realInput, fakeInput, mix, (arch.dataWidth + arch.condWidth) * arch.pac);
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
    const { tf, arch, batch } = this;
    const z = normals(batch * arch.embeddingDim, rng);
    const cond = this.conditions.draw(batch, rng);
    const gumbel = gumbelNoise(batch * arch.dataWidth, rng);
    const groups = batch / arch.pac;
    const masks = dropoutMasksData(groups, arch.criticDims, rng);
    const loss = tf.tidy(() => {
      const input = generatorInput(tf, z, cond?.vector, batch, arch);
      const condTensor = cond && tf.tensor2d(cond.vector, [batch, arch.condWidth]);
      const gumbelTensor = tf.tensor2d(gumbel, [batch, arch.dataWidth]);
      const maskTensors = masks.map((m, i) => tf.tensor2d(m, [groups, arch.criticDims[i]!]));
      const { value, grads } = tf.variableGrads(() => {
        const logits = generatorLogits(tf, this.params, input, arch.generatorDims.length);
        const fake = activate(tf, logits, this.transformer.spans, gumbelTensor);
        const fool = tf.neg(tf.mean(criticScores(tf, this.params, withCondition(tf, fake, condTensor), arch, maskTensors)));
        return (condTensor ? tf.add(fool, conditionLoss(tf, logits, this.transformer.discreteSpans, condTensor, batch)) : fool) as Scalar;
      }, this.generatorOptimizer.variables());
      this.generatorOptimizer.apply(grads);
      return value;
    });
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  }

  private rowsOf(rows: Int32Array): Float32Array {
    const width = this.arch.dataWidth;
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, i) => out.set(this.matrix.subarray(r * width, (r + 1) * width), i * width));
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

/** Inverted dropout masks, one per critic layer: keep with probability 1 − rate, scaled by 1/(1 − rate). */
function dropoutMasksData(groups: number, dims: readonly number[], rng: Rng): Float32Array[] {
  return dims.map((units) => {
    const mask = new Float32Array(groups * units);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < DROPOUT ? 0 : 1 / (1 - DROPOUT);
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
    const logits = tf.tidy(() => generatorLogits(tf, p, generatorInput(tf, z, cond, n, arch), model.generatorDims.length).dataSync() as Float32Array);
    const width = transformer.width;
    for (const span of transformer.spans) {
      for (let r = 0; r < n; r++) {
        const base = r * width + span.start;
        if (span.activation === 'tanh') logits[base] = Math.tanh(logits[base]!);
        else for (let j = 0; j < span.width; j++) logits[base + j]! += -Math.log(-Math.log(rng.uniformOpen()));
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
  return { normalScores: (name) => params.numerical_distributions[name] ?? params.default_distribution };
}

async function buildRun(variant: Variant, table: Table, params: CtganParams | CopulaGanParams, seed: number): Promise<NetworkRun> {
  if (table.rowCount < 1) throw unprocessable(`${variant} needs at least one row.`);
  const { tf } = await tensorflow();
  const transformer = DataTransformer.fit(table, Rng.derived(seed, 'transformer'), fitOptions(variant, params));
  if (!transformer.width) throw unprocessable(`${variant} needs a column other than unique text or ids.`);
  const matrix = transformer.encode(table, Rng.derived(seed, 'encode'));
  const net = new CtganNetwork(tf, variant, transformer, matrix, table.rowCount, params, seed);
  return new NetworkRun(variant, seed, params, net, { epochs: params.epochs, patience: params.epochs });
}

function trainerFor<P extends CtganParams>(variant: Variant, schema: z.ZodType<P>): Trainer<P> {
  return {
    start: (table, params, seed) => buildRun(variant, table, params, seed),
    async resume(table, checkpoint) {
      const spec = checkpointSpec(checkpoint);
      if (spec.generator !== variant) throw new Error(`a ${spec.generator} checkpoint cannot resume as ${variant}`);
      return (await buildRun(variant, table, schema.parse(spec.params), spec.seed)).restore(checkpoint);
    },
  };
}

const load = async (bytes: Uint8Array) => new CtganSampler((await tensorflow()).tf, CtganModel.parse(decodeJson(bytes)));
const capabilities = { conditional: true, constraints: false, differentialPrivacy: false };

const ctganTrainer = trainerFor('ctgan', CtganParams);
export const ctgan: Synthesizer<CtganParams> = {
  name: 'ctgan',
  aliases: ['sdv_ctgan', 'synthcity_ctgan'],
  description:
    'CTGAN (conditional tabular GAN, as SDV ships it): numbers normalised per Gaussian-mixture mode, categories one-hot; ' +
    'a residual generator trained against a PacGAN critic with gradient penalty, conditioned on one category per row. ' +
    'Slow to train; conditional sampling on categorical columns.',
  params: CtganParams,
  capabilities,
  fit: fitByTraining(ctganTrainer),
  load,
  trainer: ctganTrainer,
};

const copulaGanTrainer = trainerFor('copulagan', CopulaGanParams);
export const copulaGan: Synthesizer<CopulaGanParams> = {
  name: 'copulagan',
  aliases: ['sdv_copulagan', 'copula_gan'],
  description:
    "CopulaGAN (SDV's CopulaGANSynthesizer): CTGAN on numbers first mapped to normal scores through fitted marginals, " +
    'which eases skewed and bounded columns. Conditional sampling on categorical columns.',
  params: CopulaGanParams,
  capabilities,
  fit: fitByTraining(copulaGanTrainer),
  load,
  trainer: copulaGanTrainer,
};
