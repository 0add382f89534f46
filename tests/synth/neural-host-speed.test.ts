import { describe, expect, it, vi } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { tensorflow, type Tf } from '../../core/synth/neural/tf.js';
import { Adam, Params, Scratch, normals, sliceBlock } from '../../core/synth/neural/nn.js';
import { Rng } from '../../core/random.js';

/** Calls of the backend's readSync (a copy of a tensor out of the wasm heap) while `run` runs. */
function readsDuring(tf: Tf, run: () => void): number {
  const backend = tf.backend() as unknown as { readSync: (dataId: object) => unknown };
  const spy = vi.spyOn(backend, 'readSync');
  try {
    run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** The tensor chain Adam ran before it moved to the host: float32 ops on float32 tensors and scalars. */
function tensorAdamStep(tf: Tf, p: Tensor, g: Tensor, m: Tensor, v: Tensor, step: number, c: { lr: number; beta1: number; beta2: number; eps: number; wd: number }): [Tensor, Tensor, Tensor] {
  return tf.tidy(() => {
    const gd = tf.add(g, tf.mul(p, c.wd));
    const m2 = tf.add(tf.mul(m, c.beta1), tf.mul(gd, 1 - c.beta1));
    const v2 = tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(gd), 1 - c.beta2));
    const update = tf.div(tf.mul(m2, c.lr / (1 - c.beta1 ** step)), tf.add(tf.sqrt(tf.div(v2, 1 - c.beta2 ** step)), c.eps));
    return [tf.sub(p, update), m2, v2];
  });
}

describe('Adam on the host', () => {
  it('gives the tensor chain’s float32 results bit for bit, and reads no weights back after its first step', async () => {
    const { tf } = await tensorflow();
    const cfg = { lr: 2e-4, beta1: 0.5, beta2: 0.9, eps: 1e-8, wd: 1e-6 };
    const rng = Rng.seeded(4);
    // One parameter above the host limit (updated by tensors), three below (on the host).
    const shapes: [string, number[]][] = [['big', [150, 120]], ['a', [40, 30]], ['b', [30]], ['c', [30, 1]]];
    const params = new Params(tf);
    for (const [name, shape] of shapes) params.add(name, shape, normals(shape.reduce((x, y) => x * y, 1), rng));
    let reference: { name: string; p: Tensor; m: Tensor; v: Tensor }[] = shapes.map(([name, shape]) => ({ name, p: tf.clone(params.get(name)), m: tf.zeros(shape), v: tf.zeros(shape) }));
    const adam = new Adam(tf, params, { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps, weightDecay: cfg.wd });
    for (let step = 1; step <= 4; step++) {
      const grads = shapes.map(([, shape]) => tf.tensor(normals(shape.reduce((x, y) => x * y, 1), rng), shape));
      const reads = readsDuring(tf, () => adam.apply(Object.fromEntries(shapes.map(([name], i) => [params.get(name).name, grads[i]!]))));
      if (step > 1 && tf.getBackend() === 'wasm') expect(reads).toBe(0);
      reference = reference.map((r, i) => {
        const [p, m, v] = tensorAdamStep(tf, r.p, grads[i]!, r.m, r.v, step, cfg);
        tf.dispose([r.p, r.m, r.v]);
        return { name: r.name, p, m, v };
      });
      tf.dispose(grads);
    }
    for (const r of reference) expect(params.get(r.name).dataSync()).toEqual(r.p.dataSync());
    const saved = adam.save();
    for (const r of reference) {
      const m = saved.m.find((t) => t.name === r.name)!;
      expect(Buffer.from(m.data, 'base64')).toEqual(Buffer.from((r.m.dataSync() as Float32Array).buffer));
    }
    adam.dispose();
    params.dispose();
    tf.dispose(reference.flatMap((r) => [r.p, r.m, r.v]));
  });
});

describe('sliceBlock', () => {
  it('has tf.slice’s values and gradient, and reads its input in place', async () => {
    const { tf } = await tensorflow();
    const x = tf.tensor2d(normals(7 * 9, Rng.seeded(2)), [7, 9]);
    const blocks: [[number, number], [number, number]][] = [
      [[0, 2], [-1, 3]],
      [[3, 0], [4, 9]],
      [[1, 4], [5, 5]],
    ];
    for (const [begin, size] of blocks) {
      let mine: Tensor | undefined;
      const reads = readsDuring(tf, () => {
        mine = sliceBlock(tf, x, begin, size);
      });
      if (tf.getBackend() === 'wasm') expect(reads).toBe(0);
      expect(mine!.dataSync()).toEqual(tf.slice(x, begin, size).dataSync());
      const weights = tf.tensor(normals(mine!.size, Rng.seeded(3)), mine!.shape);
      const loss = (slice: (t: Tensor) => Tensor) => (t: Tensor) => tf.sum(tf.mul(tf.square(slice(t)), weights));
      const got = tf.grad(loss((t) => sliceBlock(tf, t, begin, size)))(x);
      const want = tf.grad(loss((t) => tf.slice(t, begin, size)))(x);
      expect(got.dataSync()).toEqual(want.dataSync());
    }
  });
});

describe('Scratch', () => {
  it('hands back the same buffer for a purpose and length, and a new one for a new length', () => {
    const scratch = new Scratch();
    const a = scratch.floats('noise', 8);
    expect(scratch.floats('noise', 8)).toBe(a);
    expect(scratch.floats('gumbel', 8)).not.toBe(a);
    expect(scratch.floats('noise', 9)).toHaveLength(9);
  });
});
