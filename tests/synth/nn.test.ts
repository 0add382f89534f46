import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { fastMatMul, normals } from '../../core/synth/neural/nn.js';
import { Rng } from '../../core/random.js';

describe('fastMatMul', () => {
  it('has the value and the gradients of tf.matMul', async () => {
    const { tf } = await tensorflow();
    const rng = Rng.seeded(1);
    const a = tf.tensor2d(normals(6 * 4, rng), [6, 4]);
    const b = tf.tensor2d(normals(4 * 3, rng), [4, 3]);
    const loss = (mm: (x: Tensor, y: Tensor) => Tensor) => (x: Tensor, y: Tensor) => tf.sum(tf.square(tf.tanh(mm(x, y))));
    const [ga, gb] = tf.grads(loss((x, y) => fastMatMul(tf, x, y)))([a, b]);
    const [ra, rb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    const close = (x: Tensor, y: Tensor) => Math.max(...(tf.abs(tf.sub(x, y)).dataSync() as Float32Array));
    expect(close(fastMatMul(tf, a, b), tf.matMul(a, b))).toBeLessThan(1e-6);
    expect(close(ga!, ra!)).toBeLessThan(1e-5);
    expect(close(gb!, rb!)).toBeLessThan(1e-5);
  });
});
