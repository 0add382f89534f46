import { describe, expect, it } from 'vitest';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { Adam, Params } from '../../core/synth/neural/nn.js';
import { referenceAdam } from '../helpers/reference-adam.js';

describe('Adam', () => {
  it('updates every parameter as torch.optim.Adam does, and leaves one without a gradient untouched', async () => {
    const { tf } = await tensorflow();
    const cfg = { lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-8, wd: 0.1 };
    const params = new Params(tf);
    params.add('w', [2, 3], Float32Array.from([0.5, -1, 2, 0.25, 3, -0.75]));
    params.add('b', [3], Float32Array.from([0.1, 0.2, -0.3]));
    params.add('frozen', [2], Float32Array.from([7, 8]));
    const adam = new Adam(tf, params, { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps, weightDecay: cfg.wd });
    const steps = [
      [0.3, -0.2, 0.1, 1.5, -0.4, 0.05, 0.2, -0.1, 0.7],
      [-0.1, 0.25, 0.3, -1, 0.2, 0.5, 0.05, 0.4, -0.2],
      [0.6, 0.1, -0.3, 0.2, 0.1, -0.05, -0.3, 0.2, 0.1],
    ];
    for (const g of steps) {
      adam.apply({ [params.get('w').name]: tf.tensor2d(g.slice(0, 6), [2, 3]), [params.get('b').name]: tf.tensor1d(g.slice(6)) });
    }
    const start = [0.5, -1, 2, 0.25, 3, -0.75, 0.1, 0.2, -0.3];
    const expected = referenceAdam(start, steps, cfg);
    const got = [...(params.get('w').dataSync() as Float32Array), ...(params.get('b').dataSync() as Float32Array)];
    got.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    expect([...(params.get('frozen').dataSync() as Float32Array)]).toEqual([7, 8]);
    const state = adam.save();
    expect(state.step).toBe(3);
    expect(state.m.find((t) => t.name === 'frozen')).toBeDefined();
    adam.dispose();
    params.dispose();
  });
});
