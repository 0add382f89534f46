import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { Params, normals } from '../../core/synth/neural/nn.js';
import { addBias, crossEntropyRows, extendContext } from '../../core/synth/neural/host-ops.js';
import { HostAdam } from '../../core/synth/neural/host-adam.js';
import { Rng } from '../../core/random.js';
import { referenceAdam } from '../helpers/reference-adam.js';

const { tf } = await tensorflow();
const gap = (x: Tensor, y: Tensor) => Math.max(...(tf.abs(tf.sub(x, y)).dataSync() as Float32Array));
const random = (shape: number[], rng: Rng) => tf.tensor(normals(shape.reduce((a, b) => a * b, 1), rng), shape);

describe('host ops', () => {
  it('crossEntropyRows: the values and gradients of per-column logSoftmax cross-entropies', () => {
    const rng = Rng.seeded(1);
    const z = [random([5, 3], rng), random([5, 4], rng)];
    // Soft targets (rows sum to 1), as the ordinal smoothing makes them.
    const t = [Float32Array.from({ length: 15 }, (_, i) => (i % 3 === 0 ? 0.5 : 0.25)), Float32Array.from({ length: 20 }, (_, i) => (i % 4 === 1 ? 1 : 0))];
    const weights = tf.tensor1d([1, 2, 3, 4, 5]);
    const host = (a: Tensor, b: Tensor) => tf.sum(tf.mul(crossEntropyRows(tf, [a, b], t), weights));
    const reference = (a: Tensor, b: Tensor) =>
      tf.sum(tf.mul(tf.neg(tf.add(tf.sum(tf.mul(tf.tensor2d(t[0]!, [5, 3]), tf.logSoftmax(a)), 1), tf.sum(tf.mul(tf.tensor2d(t[1]!, [5, 4]), tf.logSoftmax(b)), 1))), weights));
    expect(gap(host(z[0]!, z[1]!), reference(z[0]!, z[1]!))).toBeLessThan(1e-4);
    const [ga, gb] = tf.grads(host)(z);
    const [ra, rb] = tf.grads(reference)(z);
    expect(gap(ga!, ra!)).toBeLessThan(1e-5);
    expect(gap(gb!, rb!)).toBeLessThan(1e-5);
  });

  it('addBias: the value and gradients of a broadcast add', () => {
    const rng = Rng.seeded(2);
    const x = random([6, 4], rng);
    const b = random([4], rng);
    const loss = (add: (p: Tensor, q: Tensor) => Tensor) => (p: Tensor, q: Tensor) => tf.sum(tf.square(tf.tanh(add(p, q))));
    expect(gap(addBias(tf, x, b), tf.add(x, b))).toBe(0);
    const [gx, gb] = tf.grads(loss((p, q) => addBias(tf, p, q)))([x, b]);
    const [rx, rb] = tf.grads(loss((p, q) => tf.add(p, q)))([x, b]);
    expect(gap(gx!, rx!)).toBeLessThan(1e-6);
    expect(gap(gb!, rb!)).toBeLessThan(1e-5);
  });

  it('extendContext: a one-hot product, dropout and concatenation, with their gradients', () => {
    const rng = Rng.seeded(3);
    const codes = Int32Array.from([2, 0, 2, 1]);
    const table = random([3, 2], rng);
    const context = random([4, 3], rng);
    const mask = Float32Array.from({ length: 8 }, (_, i) => (i % 3 === 0 ? 0 : 2));
    const onehot = tf.oneHot(tf.tensor1d(codes, 'int32'), 3).toFloat();
    const tap = tf.zeros([4, 2]);
    const probe = random([4, 5], rng);
    const loss = (f: (e: Tensor, c: Tensor, t: Tensor) => Tensor) => (e: Tensor, c: Tensor, t: Tensor) => tf.sum(tf.mul(tf.square(f(e, c, t)), probe));
    const host = (e: Tensor, c: Tensor, t: Tensor) => extendContext(tf, c, e, codes, mask, t);
    const reference = (e: Tensor, c: Tensor, t: Tensor) => tf.concat([c, tf.mul(tf.add(tf.matMul(onehot, e), t), tf.tensor2d(mask, [4, 2]))], 1);
    expect(gap(host(table, context, tap), reference(table, context, tap))).toBe(0);
    const got = tf.grads(loss(host))([table, context, tap]);
    const want = tf.grads(loss(reference))([table, context, tap]);
    got.forEach((g, i) => expect(gap(g, want[i]!)).toBeLessThan(1e-5));
    // The first column's context: embeddings alone, no mask.
    expect(gap(extendContext(tf, undefined, table, codes, undefined), tf.matMul(onehot, table))).toBe(0);
  });
});

describe('HostAdam', () => {
  const cfg = { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-8, wd: 0.1 };
  const steps = [
    [0.3, -0.2, 0.1, 1.5, -0.4, 0.05, 0.2, -0.1, 0.7],
    [-0.1, 0.25, 0.3, -1, 0.2, 0.5, 0.05, 0.4, -0.2],
    [0.6, 0.1, -0.3, 0.2, 0.1, -0.05, -0.3, 0.2, 0.1],
  ];
  const start = [0.5, -1, 2, 0.25, 3, -0.75, 0.1, 0.2, -0.3];
  const setup = () => {
    const params = new Params(tf);
    params.add('w', [2, 3], Float32Array.from(start.slice(0, 6)));
    params.add('b', [3], Float32Array.from(start.slice(6)));
    params.add('frozen', [2], Float32Array.from([7, 8]));
    return { params, adam: new HostAdam(tf, params, { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps, weightDecay: cfg.wd }) };
  };
  const step = (params: Params, adam: HostAdam, g: number[]) =>
    adam.apply({ [params.get('w').name]: tf.tensor2d(g.slice(0, 6), [2, 3]), [params.get('b').name]: tf.tensor1d(g.slice(6)) });
  const weights = (params: Params) => [...(params.get('w').dataSync() as Float32Array), ...(params.get('b').dataSync() as Float32Array)];

  it('updates every parameter as torch.optim.Adam does, and leaves one without a gradient untouched', () => {
    const { params, adam } = setup();
    for (const g of steps) step(params, adam, g);
    const expected = referenceAdam(start, steps, cfg);
    weights(params).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    expect([...(params.get('frozen').dataSync() as Float32Array)]).toEqual([7, 8]);
    expect(adam.save().step).toBe(3);
    adam.dispose();
    params.dispose();
  });

  it('continues exactly from its saved state, and sees weights assigned from outside', () => {
    const whole = setup();
    for (const g of steps) step(whole.params, whole.adam, g);
    const first = setup();
    step(first.params, first.adam, steps[0]!);
    const saved = { state: first.adam.save(), weights: first.params.save() };
    const second = setup();
    step(second.params, second.adam, steps[2]!);
    // Assigned from outside after the optimiser last wrote them, as a resume does.
    second.params.restore(saved.weights);
    second.adam.restore(saved.state);
    for (const g of steps.slice(1)) step(second.params, second.adam, g);
    expect(weights(second.params)).toEqual(weights(whole.params));
    for (const run of [whole, first, second]) {
      run.adam.dispose();
      run.params.dispose();
    }
  });
});
