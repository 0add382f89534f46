import { describe, expect, it } from 'vitest';
import { expectSchema, mixedTable } from '../helpers/fixtures.js';
import { bytesOf, expectExactResume, expectLoadRoundTrip, expectReproducible } from '../helpers/synth-contract.js';
import type { Tensor } from '@tensorflow/tfjs';
import { CopulaGanParams, CtganParams, activate, conditionLoss, copulaGan, ctgan, effectiveBatch, leakyDropout } from '../../core/synth/ctgan.js';
import { fastMatMul, normals } from '../../core/synth/neural/nn.js';
import type { Span } from '../../core/synth/neural/data-transformer.js';
import { tensorflow, type Tf } from '../../core/synth/neural/tf.js';
import { decodeJson } from '../../core/synth/synthesizer.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import type { CategoricalColumn } from '../../core/table/model.js';


const table = mixedTable(300, 1, { withId: true });
const small = { epochs: 4, batch_size: 100, embedding_dim: 16, generator_dim: [32, 32], discriminator_dim: [32, 32] };
const params = CtganParams.parse(small);



describe('CTGAN', () => {
  it('has SDV’s defaults, and a batch of whole pac groups, full even on a table smaller than it', () => {
    const defaults = CtganParams.parse({});
    expect(defaults).toMatchObject({ epochs: 300, batch_size: 500, pac: 10, embedding_dim: 128, generator_dim: [256, 256], discriminator_dim: [256, 256] });
    expect(defaults).toMatchObject({ generator_lr: 2e-4, discriminator_lr: 2e-4, generator_decay: 1e-6, discriminator_decay: 1e-6, discriminator_steps: 1, log_frequency: true });
    expect(() => CtganParams.parse({ batch_size: 55 })).toThrow(/multiple of pac/);
    expect(effectiveBatch(500, 10)).toBe(500);
    expect(effectiveBatch(505, 10)).toBe(500);
    expect(effectiveBatch(4, 10)).toBe(10);
  });

  it('trains: losses move, the gradient penalty is finite and positive, tensors do not leak', async () => {
    const { tf } = await tensorflow();
    const run = await ctgan.trainer!.start(table, CtganParams.parse({ ...small, epochs: 6 }), 3);
    const counts: number[] = [];
    try {
      while (!run.finished) {
        await run.runEpoch();
        counts.push(tf.memory().numTensors);
      }
    } finally {
      run.dispose();
    }
    expect(new Set(counts).size).toBe(1);
    const losses = run.history.map((h) => h.loss);
    for (const l of losses) {
      expect(Object.keys(l).sort()).toEqual(['critic', 'generator', 'penalty']);
      for (const v of Object.values(l)) expect(Number.isFinite(v)).toBe(true);
      expect(l.penalty!).toBeGreaterThan(0);
    }
    expect(new Set(losses.map((l) => l.generator)).size).toBe(losses.length);
    expect(new Set(losses.map((l) => l.critic)).size).toBe(losses.length);
    // The critic learns to tell real from fake: its gradients grow towards norm 1, the penalty falls.
    expect(losses.at(-1)!.penalty!).toBeLessThan(losses[0]!.penalty!);
  });

  it('samples rows of the source’s schema: types, categories, bounds, integers, decimals, dates', async () => {
    const model = await ctgan.fit(table, params, Rng.seeded(1));
    expectSchema(table, model.sample(450, Rng.seeded(2)), 450);
    expectSchema(table, model.sample(7, Rng.seeded(3)), 7);
  });

  it('is reproducible: the same seed gives the same model bytes and the same sample', () => expectReproducible(ctgan, table, params));

  it('saves and loads to the same sampler', async () => {
    const saved = decodeJson(await expectLoadRoundTrip(ctgan, table, params)) as { weights: { name: string }[] };
    // Only the generator ships: the critic is a training aid.
    expect(saved.weights.every((w) => w.name.startsWith('g.'))).toBe(true);
  });

  it('resumes from a checkpoint to the very bytes of an uninterrupted run', () => expectExactResume(ctgan, table, params));

  it('samples conditionally on categorical and boolean values, and refuses other conditions', async () => {
    const model = await ctgan.fit(table, params, Rng.seeded(7));
    const east = model.sample(120, Rng.seeded(8), { kind: 'east' });
    expect(east.rowCount).toBe(120);
    const kind = east.columns[0] as CategoricalColumn;
    expect(new Set(Array.from(kind.codes, (c) => kind.categories[c]))).toEqual(new Set(['east']));
    const both = model.sample(50, Rng.seeded(9), { kind: 'north', member: true });
    expect(new Set((both.columns[0] as CategoricalColumn).codes)).toEqual(new Set([0]));
    expect(new Set((both.columns[4] as CategoricalColumn).codes)).toEqual(new Set([1]));
    expect(() => model.sample(10, Rng.seeded(1), { kind: 'west' })).toThrow(/no such value/);
    expect(() => model.sample(10, Rng.seeded(1), { amount: 3 })).toThrow(/not supported/);
    expect(() => model.sample(10, Rng.seeded(1), { nope: 'x' })).toThrow(/unknown column/);
    expect(ctgan.capabilities.conditional).toBe(true);
  });
});

describe('CopulaGAN', () => {
  const copulaParams = CopulaGanParams.parse(small);

  it('models normal scores of fitted marginals and round-trips through save and load', async () => {
    const model = await copulaGan.fit(table, copulaParams, Rng.seeded(1));
    const saved = decodeJson(model.save()) as { generator: string; transformer: { columns: { kind: string; marginal?: { kind: string } }[] } };
    expect(saved.generator).toBe('copulagan');
    const continuous = saved.transformer.columns.filter((c) => c.kind === 'continuous');
    expect(continuous).toHaveLength(3);
    for (const c of continuous) expect(c.marginal).toBeDefined();
    const synthetic = model.sample(300, Rng.seeded(2));
    expectSchema(table, synthetic, 300);
    const loaded = await copulaGan.load(model.save());
    expect(writeCsv(loaded.sample(100, Rng.seeded(3)))).toBe(writeCsv(model.sample(100, Rng.seeded(3))));
  });

  it('takes per-column distributions and resumes exactly', async () => {
    const p = CopulaGanParams.parse({ ...small, epochs: 3, default_distribution: 'norm', numerical_distributions: { amount: 'uniform' } });
    const whole = await copulaGan.fit(table, p, Rng.seeded(30));
    const saved = decodeJson(whole.save()) as { transformer: { columns: { name: string; marginal?: { kind: string } }[] } };
    expect(saved.transformer.columns.find((c) => c.name === 'amount')?.marginal?.kind).toBe('uniform');
    expect(saved.transformer.columns.find((c) => c.name === 'age')?.marginal?.kind).toBe('norm');

    const seed = Rng.seeded(30).uint32();
    const first = await copulaGan.trainer!.start(table, p, seed);
    await first.runEpoch();
    const checkpoint = first.checkpoint();
    first.dispose();
    const second = await copulaGan.trainer!.resume(table, checkpoint);
    while (!second.finished) await second.runEpoch();
    expect(bytesOf(second.finish().save())).toBe(bytesOf(whole.save()));
    second.dispose();
  });
});

/**
 * The hand-written ops of CTGAN's step against the tfjs compositions they replace: per-span
 * slices, softmax and concatenation; logSoftmax times the condition; LeakyReLU as 0.6x + 0.4|x|
 * times the dropout mask. Values and gradients, and for the critic's op the second derivative
 * the gradient penalty takes.
 */
describe('CTGAN ops', () => {
  const rows = 5;
  const spans: Span[] = [
    { start: 0, width: 1, activation: 'tanh', column: 0 },
    { start: 1, width: 3, activation: 'softmax', column: 0 },
    { start: 4, width: 2, activation: 'softmax', column: 1 },
    { start: 6, width: 1, activation: 'tanh', column: 2 },
    { start: 7, width: 4, activation: 'softmax', column: 2 },
  ];
  const discrete = [spans[2]!, spans[4]!];
  const widths = { dataWidth: 11, condWidth: 6 };
  const rng = Rng.seeded(4);
  const logitValues = Float32Array.from(normals(rows * widths.dataWidth, rng), (v) => 3 * v);
  const gumbel = Float32Array.from({ length: rows * widths.dataWidth }, () => -Math.log(-Math.log(rng.uniformOpen())));
  // One condition per row, on either discrete span; the last row has none.
  const cond = new Float32Array(rows * widths.condWidth);
  [1, 4, 0, 5].forEach((at, r) => (cond[r * widths.condWidth + at] = 1));
  /** The largest absolute difference of two tensors. */
  const gapOn = (tf: Tf) => (x: Tensor, y: Tensor) => Math.max(...(tf.abs(tf.sub(x, y)).dataSync() as Float32Array));

  it('activates each span and appends the condition, with the gradient of slices, softmax and concat', async () => {
    const { tf } = await tensorflow();
    const gap = gapOn(tf);
    const logits = tf.tensor2d(logitValues, [rows, widths.dataWidth]);
    const weights = tf.tensor2d(normals(rows * 17, rng), [rows, 17]);
    const condTensor = tf.tensor2d(cond, [rows, widths.condWidth]);
    const reference = (x: Tensor) => {
      const noisy = tf.div(tf.add(x, tf.tensor2d(gumbel, [rows, widths.dataWidth])), 0.2);
      const parts = spans.map((s) => (s.activation === 'tanh' ? tf.tanh(tf.slice(x, [0, s.start], [-1, s.width])) : tf.softmax(tf.slice(noisy, [0, s.start], [-1, s.width]))));
      return tf.concat([...parts, condTensor], 1);
    };
    const ours = (x: Tensor) => activate(tf, x, gumbel, cond, spans, widths);
    expect(gap(ours(logits), reference(logits))).toBeLessThan(1e-6);
    const grad = (f: (x: Tensor) => Tensor) => tf.grad((x: Tensor) => tf.sum(tf.mul(f(x), weights)))(logits);
    expect(gap(grad(ours), grad(reference))).toBeLessThan(1e-4);
  });

  it('has the cross-entropy of the conditioned spans, and its gradient', async () => {
    const { tf } = await tensorflow();
    const gap = gapOn(tf);
    const logits = tf.tensor2d(logitValues, [rows, widths.dataWidth]);
    const reference = (x: Tensor) => {
      const logp = tf.concat(discrete.map((s) => tf.logSoftmax(tf.slice(x, [0, s.start], [-1, s.width]))), 1);
      return tf.div(tf.neg(tf.sum(tf.mul(logp, tf.tensor2d(cond, [rows, widths.condWidth])))), rows);
    };
    const ours = (x: Tensor) => conditionLoss(tf, x, cond, discrete, widths);
    expect(gap(ours(logits), reference(logits))).toBeLessThan(1e-5);
    const grad = (f: (x: Tensor) => Tensor) => tf.grad((x: Tensor) => tf.mul(f(x), 3))(logits);
    expect(gap(grad(ours), grad(reference))).toBeLessThan(1e-5);
  });

  it('multiplies a few rows by wide weights with tf.matMul’s gradients, to the second derivative', async () => {
    const { tf } = await tensorflow();
    const gap = gapOn(tf);
    // The critic's first layer in miniature: its input gradient is the product turned around.
    const x = tf.tensor2d(normals(3 * 40, rng), [3, 40]);
    const w = tf.tensor2d(normals(40 * 16, rng), [40, 16]);
    const penalty = (mm: (a: Tensor, b: Tensor) => Tensor) => (weights: Tensor) =>
      tf.sum(tf.square(tf.grad((input: Tensor) => tf.sum(tf.tanh(mm(input, weights))))(x)));
    const ours = (a: Tensor, b: Tensor) => fastMatMul(tf, a, b);
    const theirs = (a: Tensor, b: Tensor) => tf.matMul(a, b);
    expect(gap(penalty(ours)(w), penalty(theirs)(w))).toBeLessThan(1e-4);
    expect(gap(tf.grad(penalty(ours))(w), tf.grad(penalty(theirs))(w))).toBeLessThan(1e-4);
  });

  it('applies LeakyReLU and dropout as one op, to the second derivative', async () => {
    const { tf } = await tensorflow();
    const gap = gapOn(tf);
    const [n, k, units] = [4, 6, 8];
    const x = tf.tensor2d(normals(n * k, rng), [n, k]);
    const w = tf.tensor2d(normals(k * units, rng), [k, units]);
    const v = tf.tensor2d(normals(units, rng), [units, 1]);
    const keep = Float32Array.from({ length: n * units }, () => (rng.uniform() < 0.5 ? 0 : 2));
    const reference = (h: Tensor) => tf.mul(tf.add(tf.mul(h, 0.6), tf.mul(tf.abs(h), 0.4)), tf.tensor2d(keep, [n, units]));
    const ours = (h: Tensor) => leakyDropout(tf, h, keep);
    const critic = (act: (h: Tensor) => Tensor, input: Tensor, weights: Tensor) => tf.matMul(act(tf.matMul(input, weights)), v);
    expect(gap(ours(tf.matMul(x, w)), reference(tf.matMul(x, w)))).toBeLessThan(1e-6);
    // A gradient penalty: the weights' gradient of the input gradient's squared norm.
    const penalty = (act: (h: Tensor) => Tensor) => tf.grad((weights: Tensor) => tf.sum(tf.square(tf.grad((input: Tensor) => tf.sum(critic(act, input, weights)))(x))))(w);
    expect(gap(penalty(ours), penalty(reference))).toBeLessThan(1e-4);
  });
});
