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
import { decodeJson, encodeJson, fitByTraining, type FittedModel, type Synthesizer, type Trainer } from './synthesizer.js';
import { tensorflow, type Tf } from './neural/tf.js';
import { Adam, Params, SavedTensor, batches, decodeFloats, sampleCategorical, uniform } from './neural/nn.js';
import { NetworkRun, checkpointSpec, type Network } from './neural/run.js';

export const ArgnParams = z
  .object({
    epochs: z.number().int().min(1).max(5000).default(150).describe('Most passes over the data (early stopping usually ends sooner)'),
    batch_size: z.number().int().min(8).max(8192).optional().describe('Rows per step; default: about a tenth of the rows, 32 to 512'),
    learning_rate: z.number().positive().max(1).default(2e-3),
    weight_decay: z.number().min(0).max(1).default(1e-5),
    bins: z.number().int().min(2).max(256).default(32).describe('Quantile bins per numeric column'),
    hidden: z.number().int().min(4).max(1024).default(96).describe('Units in each column head'),
    embedding_max: z.number().int().min(2).max(128).default(16).describe('Largest embedding width of a column'),
    dropout: z.number().min(0).max(0.9).default(0.1).describe('Dropout on the embeddings of earlier columns'),
    validation_share: z.number().min(0).max(0.5).default(0.1).describe('Rows held out for early stopping (none under 20 rows)'),
    patience: z.number().int().min(1).max(1000).default(10).describe('Epochs without a better validation loss before stopping'),
  })
  .strict();
export type ArgnParams = z.infer<typeof ArgnParams>;

const ArgnModel = z.object({
  format: z.literal('tabmimic.argn.v1'),
  plans: z.array(Discretization),
  /** Indices (into plans) of the modelled columns, in generation order; the rest have one code. */
  modelled: z.array(z.number().int()),
  cards: z.array(z.number().int()),
  dims: z.array(z.number().int()),
  hidden: z.number().int(),
  weights: z.array(SavedTensor),
});
type ArgnModel = z.infer<typeof ArgnModel>;

/** Embedding width from the number of codes (fast.ai's rule of thumb), capped. */
const embeddingDim = (card: number, max: number) => Math.max(2, Math.min(max, Math.round(1.6 * card ** 0.56)));

interface Layout {
  readonly plans: Discretization[];
  readonly modelled: number[];
  readonly cards: number[];
  readonly dims: number[];
  readonly hidden: number;
}

function layoutOf(plans: Discretization[], params: Pick<ArgnParams, 'hidden' | 'embedding_max'>): Layout {
  const modelled = plans.map((p, i) => ({ i, card: cardinality(p) })).filter((c) => c.card > 1);
  return {
    plans,
    modelled: modelled.map((c) => c.i),
    cards: modelled.map((c) => c.card),
    dims: modelled.map((c) => embeddingDim(c.card, params.embedding_max)),
    hidden: params.hidden,
  };
}

function initParams(tf: Tf, layout: Layout, rng: Rng): Params {
  const p = new Params(tf);
  let context = 0;
  layout.cards.forEach((card, j) => {
    p.add(`emb${j}`, [card, layout.dims[j]!], uniform(card * layout.dims[j]!, 1, rng));
    if (context === 0) p.add(`head${j}.prior`, [card], new Float32Array(card));
    else {
      p.dense(`head${j}.h`, context, layout.hidden, rng);
      p.dense(`head${j}.o`, layout.hidden, card, rng);
    }
    context += layout.dims[j]!;
  });
  return p;
}

/** Logits of column j from the concatenated embeddings of the columns before it. */
function headLogits(tf: Tf, p: Params, j: number, context: Tensor | undefined, rows: number): Tensor {
  if (!context) return tf.tile(tf.reshape(p.get(`head${j}.prior`), [1, -1]), [rows, 1]);
  return p.apply(`head${j}.o`, tf.relu(p.apply(`head${j}.h`, context)));
}

class ArgnNetwork implements Network {
  readonly params: Params;
  readonly optimizers: Adam[];
  private readonly train: Int32Array[];
  private readonly validation: Int32Array[];

  constructor(
    private readonly tf: Tf,
    private readonly layout: Layout,
    codes: Int32Array[],
    private readonly settings: ArgnParams,
    seed: number,
  ) {
    this.params = initParams(tf, layout, Rng.derived(seed, 'init'));
    this.optimizers = [new Adam(tf, this.params, { lr: settings.learning_rate, beta1: 0.9, beta2: 0.999, weightDecay: settings.weight_decay })];
    const rows = codes[0]?.length ?? 0;
    const held = rows >= 20 ? Math.round(rows * settings.validation_share) : 0;
    const order = Rng.derived(seed, 'split').shuffle(Array.from({ length: rows }, (_, i) => i));
    const pick = (idx: number[]) => layout.modelled.map((c) => Int32Array.from(idx, (r) => codes[c]![r]!));
    this.validation = pick(order.slice(0, held));
    this.train = pick(order.slice(held));
  }

  private get batchSize(): number {
    const rows = this.train[0]?.length ?? 0;
    return this.settings.batch_size ?? Math.max(32, Math.min(512, Math.round(rows / 10)));
  }

  /** Mean negative log-likelihood per row of the given rows, as a scalar tensor. */
  private nll(cols: Int32Array[], rows: Int32Array, dropout: Rng | undefined): Tensor {
    const { tf, layout, params } = this;
    const n = rows.length;
    let context: Tensor | undefined;
    let total: Tensor = tf.scalar(0);
    layout.cards.forEach((card, j) => {
      const x = tf.tensor1d(Int32Array.from(rows, (r) => cols[j]![r]!), 'int32');
      const logits = headLogits(tf, params, j, context, n);
      const logp = tf.logSoftmax(logits);
      // One-hot products rather than gather: the wasm backend has no gradient kernel for gather.
      const onehot = tf.cast(tf.oneHot(x, card), 'float32');
      total = tf.add(total, tf.neg(tf.sum(tf.mul(onehot, logp))));
      let emb = tf.matMul(onehot, params.get(`emb${j}`));
      if (dropout && this.settings.dropout > 0) emb = tf.mul(emb, dropoutMask(tf, n, layout.dims[j]!, this.settings.dropout, dropout));
      context = context ? tf.concat([context, emb], 1) : emb;
    });
    return tf.div(total, n);
  }

  trainEpoch(rng: Rng): Record<string, number> {
    const { tf } = this;
    const [opt] = this.optimizers;
    const rows = this.train[0]?.length ?? 0;
    let sum = 0;
    for (const batch of batches(rows, this.batchSize, rng)) {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => this.nll(this.train, batch, rng) as ReturnType<Tf['scalar']>, opt!.variables());
        opt!.apply(grads);
        return value;
      });
      sum += (loss.dataSync()[0] ?? 0) * batch.length;
      loss.dispose();
    }
    return { train: rows ? sum / rows : 0 };
  }

  validationLoss(): number | undefined {
    const rows = this.validation[0]?.length ?? 0;
    if (!rows) return undefined;
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    return this.tf.tidy(() => this.nll(this.validation, all, undefined).dataSync()[0]!);
  }

  fitted(): FittedModel {
    const { layout } = this;
    return new ArgnSampler(this.tf, { format: 'tabmimic.argn.v1', ...layout, weights: this.params.save() });
  }

  dispose(): void {
    for (const o of this.optimizers) o.dispose();
    this.params.dispose();
  }
}

/** Inverted dropout: keep with probability 1 − rate, scaled by 1/(1 − rate); drawn from our Rng. */
function dropoutMask(tf: Tf, rows: number, cols: number, rate: number, rng: Rng): Tensor {
  const mask = new Float32Array(rows * cols);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < rate ? 0 : keep;
  return tf.tensor2d(mask, [rows, cols]);
}

const SAMPLE_CHUNK = 4096;

class ArgnSampler implements FittedModel {
  constructor(
    private readonly tf: Tf,
    private readonly model: ArgnModel,
  ) {}

  sample(rows: number, rng: Rng): Table {
    const { tf, model } = this;
    const codes = model.plans.map(() => new Int32Array(rows));
    const p = new Params(tf);
    for (const w of model.weights) p.add(w.name, w.shape, decodeFloats(w.data));
    try {
      for (let start = 0; start < rows; start += SAMPLE_CHUNK) {
        const n = Math.min(SAMPLE_CHUNK, rows - start);
        tf.tidy(() => {
          let context: Tensor | undefined;
          model.cards.forEach((card, j) => {
            const probs = tf.softmax(headLogits(tf, p, j, context, n)).dataSync() as Float32Array;
            const drawn = sampleCategorical(probs, n, card, rng);
            codes[model.modelled[j]!]!.set(drawn, start);
            const emb = tf.gather(p.get(`emb${j}`), tf.tensor1d(drawn, 'int32'));
            context = context ? tf.concat([context, emb], 1) : emb;
          });
        });
      }
    } finally {
      p.dispose();
    }
    return { rowCount: rows, columns: model.plans.map((plan, i) => undiscretize(plan, codes[i]!, rng)) };
  }

  save(): Uint8Array {
    return encodeJson(this.model);
  }
}

async function buildRun(table: Table, params: ArgnParams, seed: number): Promise<NetworkRun> {
  const { tf } = await tensorflow();
  const { plans, codes } = discretize(table, params.bins, Rng.derived(seed, 'discretize'));
  const layout = layoutOf(plans, params);
  const net = new ArgnNetwork(tf, layout, codes, params, seed);
  return new NetworkRun('autoregressive', seed, params, net, { epochs: params.epochs, patience: params.patience });
}

const trainer: Trainer<ArgnParams> = {
  start: (table, params, seed) => buildRun(table, params, seed),
  async resume(table, checkpoint) {
    const spec = checkpointSpec(checkpoint);
    return (await buildRun(table, ArgnParams.parse(spec.params), spec.seed)).restore(checkpoint);
  },
};

export const autoregressive: Synthesizer<ArgnParams> = {
  name: 'autoregressive',
  aliases: ['argn', 'tabular_argn', 'mostly_argn', 'autoregressive_network'],
  description:
    'Autoregressive network: each column drawn from a softmax conditioned on the embeddings of the columns before it ' +
    '(numbers as quantile bins, uniform within the bin). Trained on the exact likelihood with early stopping; the most faithful generator here.',
  params: ArgnParams,
  capabilities: { conditional: false, constraints: false, differentialPrivacy: false },
  fit: fitByTraining(trainer),
  load: async (bytes) => new ArgnSampler((await tensorflow()).tf, ArgnModel.parse(decodeJson(bytes))),
  trainer,
};
