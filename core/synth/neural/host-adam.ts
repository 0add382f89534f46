/**
 * Adam (torch.optim.Adam's update, weight decay added to the gradient) done on the host: each
 * step reads the gradients and the weights out, updates the moments kept in JavaScript, and
 * writes the weights back. For a network of many small parameters this is a read and a write per
 * parameter, where the tensor version (nn.ts's Adam) runs a dozen kernels over the concatenated
 * parameters plus a reshape, a copy and three assignments per parameter — a quarter of an
 * autoregressive step. The arithmetic is in double precision, the moments are stored in single
 * precision after every step (so a resumed run continues exactly), and the state saves in the
 * same format as Adam's.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from './tf.js';
import { AdamConfig, type AdamState, type Params, decodeFloats, encodeFloats } from './nn.js';

export class HostAdam {
  private step = 0;
  private readonly m = new Map<string, Float32Array>();
  private readonly v = new Map<string, Float32Array>();
  /** Per parameter, the values last assigned to it here and the data id that assignment gave it. */
  private readonly written = new Map<string, { dataId: object; values: Float32Array }>();
  private readonly config: ReturnType<typeof AdamConfig.parse>;

  constructor(
    private readonly tf: Tf,
    private readonly params: Params,
    config: AdamConfig,
  ) {
    this.config = AdamConfig.parse(config);
    for (const name of params.names()) {
      const size = params.get(name).size;
      this.m.set(name, new Float32Array(size));
      this.v.set(name, new Float32Array(size));
    }
  }

  variables(): Variable[] {
    return this.params.list();
  }

  /** One update from gradients keyed like `variables()` (tf.variableGrads keys them by variable name). */
  apply(grads: Readonly<Record<string, Tensor>>): void {
    const { tf } = this;
    this.step++;
    tf.tidy(() => {
      for (const name of this.params.names()) {
        const variable = this.params.get(name);
        const grad = grads[variable.name];
        if (!grad) continue;
        const next = this.updated(name, this.weights(name, variable), grad.dataSync() as Float32Array);
        variable.assign(tf.tensor(next, variable.shape));
        this.written.set(name, { dataId: variable.dataId, values: next });
      }
    });
  }

  /**
   * A parameter's values: those this optimiser last wrote while the variable still holds them
   * (any other assignment, such as restoring the best weights, gives it a new data id), else read.
   */
  private weights(name: string, variable: Variable): Float32Array {
    const last = this.written.get(name);
    return last && last.dataId === variable.dataId ? last.values : (variable.dataSync() as Float32Array);
  }

  /** The moments updated in place; the new weights returned. */
  private updated(name: string, p: Float32Array, g: Float32Array): Float32Array {
    const { lr, beta1, beta2, eps, weightDecay } = this.config;
    const stepSize = lr / (1 - beta1 ** this.step);
    const c2 = 1 - beta2 ** this.step;
    const m = this.m.get(name)!;
    const v = this.v.get(name)!;
    const next = new Float32Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]! + weightDecay * p[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * gi;
      v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
      // From the stored (single-precision) moments, as a resumed run would see them.
      next[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]! / c2) + eps);
    }
    return next;
  }

  save(): AdamState {
    const saved = (moments: ReadonlyMap<string, Float32Array>) => [...moments].map(([name, data]) => ({ name, shape: this.params.get(name).shape, data: encodeFloats(data) }));
    return { step: this.step, m: saved(this.m), v: saved(this.v) };
  }

  restore(state: AdamState): void {
    this.step = state.step;
    for (const [saved, moments] of [
      [state.m, this.m],
      [state.v, this.v],
    ] as const) {
      for (const t of saved) if (moments.has(t.name)) moments.set(t.name, decodeFloats(t.data));
    }
  }

  dispose(): void {
    this.m.clear();
    this.v.clear();
    this.written.clear();
  }
}
