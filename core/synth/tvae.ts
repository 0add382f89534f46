/**
 * TVAE (Xu et al. 2019) as SDV's TVAESynthesizer ships it: a variational autoencoder on CTGAN's
 * data transform (./neural/data-transformer.ts).
 * - Encoder: (128, 128) ReLU layers → μ and log σ² of a 128-dimensional latent.
 * - Decoder: (128, 128) ReLU layers → one output per matrix column, plus a learned σ per column
 *   (initial 0.1, clamped to [0.01, 1] after every step, as SDV does).
 * - Loss per batch: loss_factor (2) × reconstruction / rows + KL divergence / rows, where the
 *   reconstruction is the Gaussian negative log-likelihood of each α under tanh(output) and σ, and
 *   the cross-entropy of every one-hot span (modes, categories, missing flags).
 * - Adam, lr 1e-3, weight decay (l2scale) 1e-5; batches of 500, shuffled, the last one short.
 * - Sampling: z ~ N(0, I) → decoder; α = tanh(output) plus Gaussian noise of its learned σ (SDV
 *   does; a param turns it off); each span's category drawn from its softmax — SDV takes the
 *   argmax (a param), which drops every minority the decoder never ranks first: missing values
 *   and small modes vanish.
 * SDV trains on every row for all epochs; `validation_share` > 0 holds rows out and stops early
 * when their loss stops improving, keeping the best weights.
 */
import { z } from 'zod';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { Table } from '../table/model.js';
import { Rng } from '../random.js';
import { unprocessable } from '../errors.js';
import { decodeJson, encodeJson, fitByTraining, type Conditions, type FittedModel, type Synthesizer, type PrepareProgress, type Trainer } from './synthesizer.js';
import { tensorflow, type Tf } from './neural/tf.js';
import { Adam, Params, SavedTensor, batches, decodeFloats, normals, sliceColumns, valuesOf } from './neural/nn.js';
import { NetworkRun, checkpointSpec, type BatchHook, type Network } from './neural/run.js';
import { DataTransformer, TransformerSpec, type Span } from './neural/data-transformer.js';
import { lookupsParam, withLookups } from './with-lookups.js';
import { checkNetworkColumns, nothingToLearn } from './network-columns.js';

const SIGMA_INIT = 0.1;
const SIGMA_MIN = 0.01;
const SIGMA_MAX = 1;
const SAMPLE_CHUNK = 4096;

const layerSizes = z.array(z.number().int().min(1).max(4096)).min(1).max(8);

export const TvaeParams = z
  .object({
    epochs: z.number().int().min(1).max(5000).default(300).describe('Most passes over the data'),
    batch_size: z.number().int().min(1).max(10_000).default(500).describe('Rows per step'),
    embedding_dim: z.number().int().min(1).max(1024).default(128).describe('Size of the latent'),
    compress_dims: layerSizes.default([128, 128]).describe('Units of each hidden layer of the encoder'),
    decompress_dims: layerSizes.default([128, 128]).describe('Units of each hidden layer of the decoder'),
    l2scale: z.number().min(0).max(1).default(1e-5).describe('Adam weight decay'),
    learning_rate: z.number().positive().max(1).default(1e-3),
    loss_factor: z.number().positive().max(100).default(2).describe('Weight of the reconstruction against the KL divergence'),
    sample_noise: z.boolean().default(true).describe('Add the learned per-column noise to sampled numbers, as SDV does'),
    category_draws: z.enum(['sample', 'argmax']).default('sample').describe("How a sampled row picks each category, mode and missing flag: drawn from the decoder's softmax, or its argmax (SDV)"),
    validation_share: z.number().min(0).max(0.5).default(0).describe('Rows held out for early stopping (SDV: none); none under 20 rows'),
    patience: z.number().int().min(1).max(1000).default(20).describe('Epochs without a better validation loss before stopping'),
    enforce_min_max_values: z.boolean().default(true).describe('Keep numbers within the range seen in the data'),
    enforce_rounding: z.boolean().default(true).describe('Round floats to the decimals seen in the data'),
    lookups: lookupsParam,
  })
  .strict();
export type TvaeParams = z.infer<typeof TvaeParams>;

const TvaeModel = z.object({
  format: z.literal('tabmimic.tvae.v1'),
  transformer: TransformerSpec,
  embeddingDim: z.number().int(),
  decompressDims: z.array(z.number().int()),
  sampleNoise: z.boolean(),
  /** Absent in models saved before the choice existed: they decoded argmaxes. */
  categoryDraws: z.enum(['sample', 'argmax']).default('argmax'),
  enforceMinMax: z.boolean(),
  enforceRounding: z.boolean(),
  /** The decoder's weights and σ. */
  weights: z.array(SavedTensor),
});
type TvaeModel = z.infer<typeof TvaeModel>;

function initParams(tf: Tf, width: number, s: TvaeParams, rng: Rng): Params {
  const p = new Params(tf);
  let dim = width;
  s.compress_dims.forEach((units, i) => {
    p.dense(`enc.h${i}`, dim, units, rng);
    dim = units;
  });
  p.dense('enc.mu', dim, s.embedding_dim, rng);
  p.dense('enc.logvar', dim, s.embedding_dim, rng);
  dim = s.embedding_dim;
  s.decompress_dims.forEach((units, i) => {
    p.dense(`dec.h${i}`, dim, units, rng);
    dim = units;
  });
  p.dense('dec.out', dim, width, rng);
  p.add('dec.sigma', [width], new Float32Array(width).fill(SIGMA_INIT));
  return p;
}

function mlp(tf: Tf, p: Params, prefix: string, layers: number, x: Tensor): Tensor {
  let h = x;
  for (let i = 0; i < layers; i++) h = tf.relu(p.apply(`${prefix}.h${i}`, h));
  return h;
}

/** The decoder's raw output (before tanh on α and softmax on spans). */
const decoderOutput = (tf: Tf, p: Params, layers: number, z: Tensor) => p.apply('dec.out', mlp(tf, p, 'dec', layers, z));

/** 1 on the α columns of the matrix, 0 elsewhere. */
function alphaMask(spans: readonly Span[], width: number): Float32Array {
  const mask = new Float32Array(width);
  for (const s of spans) if (s.activation === 'tanh') mask[s.start] = 1;
  return mask;
}

class TvaeNetwork implements Network {
  readonly params: Params;
  readonly optimizers: Adam[];
  private readonly train: Int32Array;
  private readonly validation: Int32Array;
  private readonly alphas: Tensor;
  private readonly softmaxSpans: readonly Span[];

  constructor(
    private readonly tf: Tf,
    private readonly transformer: DataTransformer,
    private readonly matrix: Float32Array,
    rows: number,
    private readonly settings: TvaeParams,
    seed: number,
  ) {
    this.params = initParams(tf, transformer.width, settings, Rng.derived(seed, 'init'));
    this.optimizers = [new Adam(tf, this.params, { lr: settings.learning_rate, beta1: 0.9, beta2: 0.999, weightDecay: settings.l2scale })];
    const held = rows >= 20 ? Math.round(rows * settings.validation_share) : 0;
    const order = Rng.derived(seed, 'split').shuffle(Array.from({ length: rows }, (_, i) => i));
    this.validation = Int32Array.from(order.slice(0, held));
    this.train = Int32Array.from(order.slice(held));
    this.alphas = tf.tensor2d(alphaMask(transformer.spans, transformer.width), [1, transformer.width]);
    this.softmaxSpans = transformer.spans.filter((s) => s.activation === 'softmax');
  }

  private get sigma(): Variable {
    return this.params.get('dec.sigma');
  }

  /**
   * SDV's loss on the given rows: loss_factor × reconstruction / rows + KLD / rows. Without
   * noise (validation) the latent is the encoder's mean.
   */
  private loss(x: Tensor, rows: number, noise: Tensor | undefined): Scalar {
    const { tf, params: p, settings: s } = this;
    const h = mlp(tf, p, 'enc', s.compress_dims.length, x);
    const mu = p.apply('enc.mu', h);
    const logvar = p.apply('enc.logvar', h);
    const latent = noise ? tf.add(tf.mul(noise, tf.exp(tf.mul(logvar, 0.5))), mu) : mu;
    const out = decoderOutput(tf, p, s.decompress_dims.length, latent);
    const sigma = this.sigma;
    const gaussian = tf.add(
      tf.sum(tf.div(tf.mul(tf.square(tf.sub(x, tf.tanh(out))), this.alphas), tf.mul(tf.square(sigma), 2))),
      tf.mul(tf.sum(tf.mul(tf.log(sigma), this.alphas)), rows),
    );
    const crossEntropy = this.softmaxSpans.map((span) => {
      const slice = (t: Tensor) => sliceColumns(tf, t, span.start, span.width);
      return tf.neg(tf.sum(tf.mul(slice(x), tf.logSoftmax(slice(out)))));
    });
    const reconstruction = crossEntropy.length ? tf.add(gaussian, tf.addN(crossEntropy)) : gaussian;
    const kld = tf.mul(tf.sum(tf.sub(tf.add(1, logvar), tf.add(tf.square(mu), tf.exp(logvar)))), -0.5);
    return tf.div(tf.add(tf.mul(reconstruction, s.loss_factor), kld), rows) as Scalar;
  }

  async trainEpoch(rng: Rng, between?: BatchHook): Promise<Record<string, number>> {
    const { tf } = this;
    const [opt] = this.optimizers;
    const width = this.transformer.width;
    let sum = 0;
    const all = batches(this.train.length, this.settings.batch_size, rng);
    for (const [b, batch] of all.entries()) {
      const n = batch.length;
      const rows = this.rowsOf(Int32Array.from(batch, (i) => this.train[i]!));
      const noise = normals(n * this.settings.embedding_dim, rng);
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(rows, [n, width]);
        const eps = tf.tensor2d(noise, [n, this.settings.embedding_dim]);
        const { value, grads } = tf.variableGrads(() => this.loss(x, n, eps), opt!.variables());
        opt!.apply(grads);
        this.sigma.assign(tf.clipByValue(this.sigma, SIGMA_MIN, SIGMA_MAX));
        return value;
      });
      sum += loss.dataSync()[0]! * n;
      loss.dispose();
      const wait = between?.(b + 1, all.length);
      if (wait) await wait;
    }
    return { train: this.train.length ? sum / this.train.length : 0 };
  }

  validationLoss(): number | undefined {
    const n = this.validation.length;
    if (!n) return undefined;
    const { tf } = this;
    return tf.tidy(() => this.loss(tf.tensor2d(this.rowsOf(this.validation), [n, this.transformer.width]), n, undefined).dataSync()[0]!);
  }

  private rowsOf(rows: Int32Array): Float32Array {
    const width = this.transformer.width;
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, i) => out.set(this.matrix.subarray(r * width, (r + 1) * width), i * width));
    return out;
  }

  fitted(): FittedModel {
    const s = this.settings;
    return new TvaeSampler(this.tf, {
      format: 'tabmimic.tvae.v1',
      transformer: this.transformer.spec,
      embeddingDim: s.embedding_dim,
      decompressDims: [...s.decompress_dims],
      sampleNoise: s.sample_noise,
      categoryDraws: s.category_draws,
      enforceMinMax: s.enforce_min_max_values,
      enforceRounding: s.enforce_rounding,
      weights: this.params.save().filter((t) => t.name.startsWith('dec.')),
    });
  }

  dispose(): void {
    this.alphas.dispose();
    for (const o of this.optimizers) o.dispose();
    this.params.dispose();
  }
}

class TvaeSampler implements FittedModel {
  private readonly transformer: DataTransformer;

  constructor(
    private readonly tf: Tf,
    private readonly model: TvaeModel,
  ) {
    this.transformer = new DataTransformer(model.transformer);
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }

  sample(rows: number, rng: Rng, conditions?: Conditions): Table {
    if (conditions && Object.keys(conditions).length) throw unprocessable('The tvae generator does not sample conditionally; use ctgan or gaussian_copula.');
    const { tf, model, transformer } = this;
    const width = transformer.width;
    const out = new Float32Array(rows * width);
    const p = new Params(tf);
    for (const w of model.weights) p.add(w.name, w.shape, decodeFloats(w.data));
    try {
      for (let start = 0; start < rows; start += SAMPLE_CHUNK) {
        const n = Math.min(SAMPLE_CHUNK, rows - start);
        const z = normals(n * model.embeddingDim, rng);
        const values = valuesOf(tf, () => decoderOutput(tf, p, model.decompressDims.length, tf.tensor2d(z, [n, model.embeddingDim])));
        out.set(values, start * width);
      }
      // tanh on α. SDV applies it to every column, which keeps each span's argmax unless float32
      // saturates two large logits to 1; the decoder takes argmaxes of the raw logits instead.
      // With draws, Gumbel noise on a span's logits makes its argmax a draw from the span's softmax.
      for (const span of transformer.spans) {
        for (let r = 0; r < rows; r++) {
          const at = r * width + span.start;
          if (span.activation === 'tanh') out[at] = Math.tanh(out[at]!);
          else if (model.categoryDraws === 'sample') for (let j = 0; j < span.width; j++) out[at + j]! += rng.gumbel();
        }
      }
      const sigma = model.sampleNoise ? (p.get('dec.sigma').dataSync() as Float32Array) : undefined;
      return transformer.decode(out, rows, rng, { enforceMinMax: model.enforceMinMax, enforceRounding: model.enforceRounding, alphaNoise: sigma });
    } finally {
      p.dispose();
    }
  }
}

async function buildRun(table: Table, params: TvaeParams, seed: number, onPrepare?: PrepareProgress): Promise<NetworkRun> {
  if (table.rowCount < 1) throw unprocessable('tvae needs at least one row.');
  const { tf } = await tensorflow();
  const rng = Rng.derived(seed, 'transformer');
  const transformer = onPrepare ? await DataTransformer.fitReporting(table, rng, {}, onPrepare) : DataTransformer.fit(table, rng);
  if (!transformer.width) throw nothingToLearn('tvae');
  const matrix = transformer.encode(table, Rng.derived(seed, 'encode'));
  const net = new TvaeNetwork(tf, transformer, matrix, table.rowCount, params, seed);
  return new NetworkRun('tvae', seed, params, net, { epochs: params.epochs, patience: params.patience });
}

const trainer: Trainer<TvaeParams> = {
  start: (table, params, seed, onPrepare) => buildRun(table, params, seed, onPrepare),
  async resume(table, checkpoint) {
    const spec = checkpointSpec(checkpoint);
    return (await buildRun(table, TvaeParams.parse(spec.params), spec.seed)).restore(checkpoint);
  },
};

export const tvae: Synthesizer<TvaeParams> = withLookups({
  name: 'tvae',
  aliases: ['sdv_tvae', 'synthcity_tvae'],
  description:
    "TVAE (SDV's TVAESynthesizer): a variational autoencoder on CTGAN's transform (numbers normalised per Gaussian-mixture mode, " +
    'categories one-hot) with learned per-column noise. Usually faster to train than CTGAN and often more faithful.',
  params: TvaeParams,
  capabilities: { conditional: false, numericConditions: false, constraints: true, differentialPrivacy: false },
  checkParams: (_params, columns) => checkNetworkColumns('tvae', columns),
  fit: fitByTraining(trainer),
  load: async (bytes) => new TvaeSampler((await tensorflow()).tf, TvaeModel.parse(decodeJson(bytes))),
  trainer,
});
