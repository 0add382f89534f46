/**
 * The few building blocks our networks need, on plain TensorFlow.js ops: named parameters
 * initialised from our seeded Rng (so the seed alone fixes the weights), Adam with PyTorch's
 * coupled weight decay (CTGAN's and TVAE's optimiser) whose state is ours to checkpoint, and a
 * byte format for both.
 */
import { z } from 'zod';
import type { Rng } from '../../random.js';
import type { Tf } from './tf.js';
import type { GradSaveFunc, Tensor, Variable } from '@tensorflow/tfjs';

export const SavedTensor = z.object({ name: z.string(), shape: z.array(z.number().int()), data: z.string().describe('float32 little-endian, base64') });
export type SavedTensor = z.infer<typeof SavedTensor>;

export const encodeFloats = (values: Float32Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
export function decodeFloats(data: string): Float32Array {
  const bytes = Buffer.from(data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Named variables as saved tensors (weights, optimiser moments). */
const saveVariables = (vars: ReadonlyMap<string, Variable>): SavedTensor[] =>
  [...vars].map(([name, v]) => ({ name, shape: v.shape, data: encodeFloats(v.dataSync() as Float32Array) }));

export class Params {
  readonly vars = new Map<string, Variable>();

  constructor(private readonly tf: Tf) {}

  get(name: string): Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /** Dense layer weights, PyTorch's default init: U(±1/√fan_in) for weights and biases alike. */
  dense(name: string, fanIn: number, fanOut: number, rng: Rng): void {
    const bound = 1 / Math.sqrt(Math.max(1, fanIn));
    this.add(`${name}.w`, [fanIn, fanOut], uniform(fanIn * fanOut, bound, rng));
    this.add(`${name}.b`, [fanOut], uniform(fanOut, bound, rng));
  }

  add(name: string, shape: number[], values: Float32Array): void {
    if (this.vars.has(name)) throw new Error(`duplicate parameter ${name}`);
    this.vars.set(name, ownedVariable(this.tf, this.tf.tensor(values, shape), true, `${name}_${nextId++}`));
  }

  /** x·W + b */
  apply(name: string, x: Tensor): Tensor {
    return this.tf.add(fastMatMul(this.tf, x, this.get(`${name}.w`)), this.get(`${name}.b`));
  }

  list(): Variable[] {
    return [...this.vars.values()];
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  save(): SavedTensor[] {
    return saveVariables(this.vars);
  }

  /** Values copied out, e.g. the best weights seen so far. */
  snapshot(): Map<string, Float32Array> {
    return new Map([...this.vars].map(([name, v]) => [name, Float32Array.from(v.dataSync() as Float32Array)]));
  }

  restore(values: ReadonlyMap<string, Float32Array> | readonly SavedTensor[]): void {
    const entries: [string, Float32Array][] = values instanceof Map ? [...values] : (values as readonly SavedTensor[]).map((t) => [t.name, decodeFloats(t.data)]);
    for (const [name, data] of entries) {
      const v = this.get(name);
      this.tf.tidy(() => v.assign(this.tf.tensor(data, v.shape)));
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

/** A variable from an initial tensor, which is then released (tf.variable keeps its own copy). */
function ownedVariable(tf: Tf, initial: Tensor, trainable: boolean, name?: string): Variable {
  const v = tf.variable(initial, trainable, name);
  initial.dispose();
  return v;
}

// tfjs variable names are global to the engine; a counter keeps models side by side apart.
let nextId = 0;

export function uniform(n: number, bound: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

export function normals(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

export const AdamConfig = z.object({
  lr: z.number(),
  beta1: z.number(),
  beta2: z.number(),
  eps: z.number().default(1e-8),
  weightDecay: z.number().default(0),
});
export type AdamConfig = z.input<typeof AdamConfig>;

export const AdamState = z.object({ step: z.number().int(), m: z.array(SavedTensor), v: z.array(SavedTensor) });
export type AdamState = z.infer<typeof AdamState>;

/** Adam (Kingma & Ba) with weight decay added to the gradient, as torch.optim.Adam does. */
export class Adam {
  private step = 0;
  private readonly m = new Map<string, Variable>();
  private readonly v = new Map<string, Variable>();
  private readonly config: z.infer<typeof AdamConfig>;

  constructor(
    private readonly tf: Tf,
    private readonly params: Params,
    config: AdamConfig,
    private readonly only?: readonly string[],
  ) {
    this.config = AdamConfig.parse(config);
    for (const name of this.trained()) {
      const p = params.get(name);
      this.m.set(name, ownedVariable(tf, tf.zerosLike(p), false));
      this.v.set(name, ownedVariable(tf, tf.zerosLike(p), false));
    }
  }

  /** The parameters this optimiser updates (all, unless a subset was named). */
  trained(): string[] {
    return this.only ? [...this.only] : this.params.names();
  }

  variables(): Variable[] {
    return this.trained().map((n) => this.params.get(n));
  }

  /** One update from gradients keyed like `variables()` (tf.variableGrads keys them by variable name). */
  apply(grads: Readonly<Record<string, Tensor>>): void {
    const { tf } = this;
    const { lr, beta1, beta2, eps, weightDecay } = this.config;
    this.step++;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const name of this.trained()) {
        const p = this.params.get(name);
        const raw = grads[p.name];
        if (!raw) continue;
        const g = weightDecay ? tf.add(raw, tf.mul(p, weightDecay)) : raw;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.mul(m, lr / c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        p.assign(tf.sub(p, update));
      }
    });
  }

  save(): AdamState {
    return { step: this.step, m: saveVariables(this.m), v: saveVariables(this.v) };
  }

  restore(state: AdamState): void {
    this.step = state.step;
    for (const [saved, map] of [
      [state.m, this.m],
      [state.v, this.v],
    ] as const) {
      for (const t of saved) {
        const target = map.get(t.name);
        if (target) this.tf.tidy(() => target.assign(this.tf.tensor(decodeFloats(t.data), target.shape)));
      }
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/**
 * Leaky ReLU with slope 0.2 written as 0.6·x + 0.4·|x|: tfjs has no second-order gradient for
 * its leakyRelu, and WGAN-GP's gradient penalty differentiates through the critic twice.
 */
export const leakyRelu = (tf: Tf, x: Tensor): Tensor => tf.add(tf.mul(x, 0.6), tf.mul(tf.abs(x), 0.4));

/** Row indices in a fresh seeded order, cut into batches (the last one may be short). */
export function batches(rows: number, size: number, rng: Rng): Int32Array[] {
  const order = rng.shuffle(Array.from({ length: rows }, (_, i) => i));
  const out: Int32Array[] = [];
  for (let i = 0; i < rows; i += size) out.push(Int32Array.from(order.slice(i, i + size)));
  return out;
}

/** Draws one category per row from rows of probabilities (row-major), with our Rng. */
export function sampleCategorical(probs: Float32Array, rows: number, k: number, rng: Rng): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let u = rng.uniform();
    let c = 0;
    const base = r * k;
    for (; c < k - 1; c++) {
      u -= probs[base + c]!;
      if (u < 0) break;
    }
    out[r] = c;
  }
  return out;
}

/**
 * a·b whose gradients multiply by explicit transposes: the wasm backend's matMul is about ten
 * times slower on transposed operands, which is what tfjs's own gradient asks for. The gradient
 * is built from this op again, so second derivatives (the gradient penalty) stay on the fast path.
 */
export function fastMatMul(tf: Tf, a: Tensor, b: Tensor): Tensor {
  return tf.customGrad((x, y, save) => {
    // Saved tensors (not closures): the engine keeps them for the backward pass and links them to the inputs.
    (save as GradSaveFunc)([x as Tensor, y as Tensor]);
    return {
      value: tf.matMul(x as Tensor, y as Tensor),
      gradFunc: (dy: Tensor, [xs, ys]: Tensor[]) => [fastMatMul(tf, dy, tf.transpose(ys!)), fastMatMul(tf, tf.transpose(xs!), dy)],
    };
  })(a, b);
}

/** x·W + b of the named dense layer, on the fast matMul. */
export const dense = (tf: Tf, p: Params, name: string, x: Tensor): Tensor => tf.add(fastMatMul(tf, x, p.get(`${name}.w`)), p.get(`${name}.b`));
