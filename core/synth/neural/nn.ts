/**
 * The few building blocks our networks need, on plain TensorFlow.js ops: named parameters
 * initialised from our seeded Rng (so the seed alone fixes the weights), Adam with PyTorch's
 * coupled weight decay (CTGAN's and TVAE's optimiser) whose state is ours to checkpoint, and a
 * byte format for both.
 */
import { z } from 'zod';
import type { Rng } from '../../random.js';
import type { Tf } from './tf.js';
import type { Tensor, Variable } from '@tensorflow/tfjs';

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

/** Parameters of at most this many elements share Adam's one fused update chain. */
const FUSE_LIMIT = 16_384;

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
    // One elementwise chain over every parameter at once (concatenated), not one per parameter:
    // the same arithmetic, element for element, in a dozen kernels instead of a dozen per tensor,
    // which is most of a small network's step on the wasm backend.
    // Large tensors keep a chain each: splitting the flat result back copies the whole flat tensor
    // once per part on wasm, which made the update of CTGAN's critic (a 1300×256 layer) 6× slower.
    const trained = this.trained().filter((name) => grads[this.params.get(name).name]);
    const large = (name: string) => this.params.get(name).size > FUSE_LIMIT;
    const groups = [trained.filter((name) => !large(name)), ...trained.filter(large).map((name) => [name])];
    for (const present of groups.filter((g) => g.length)) tf.tidy(() => {
      const flat = (ts: readonly Tensor[]) => (ts.length === 1 ? tf.reshape(ts[0]!, [-1]) : tf.concat(ts.map((t) => tf.reshape(t, [-1]))));
      const params = present.map((name) => this.params.get(name));
      const p = flat(params);
      const raw = flat(params.map((v) => grads[v.name]!));
      const g = weightDecay ? tf.add(raw, tf.mul(p, weightDecay)) : raw;
      const m = tf.add(tf.mul(flat(present.map((n) => this.m.get(n)!)), beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(flat(present.map((n) => this.v.get(n)!)), beta2), tf.mul(tf.square(g), 1 - beta2));
      const update = tf.div(tf.mul(m, lr / c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
      const shapes = params.map((v) => v.shape);
      const parts = (t: Tensor) => (shapes.length === 1 ? [t] : splitFlat(tf, t, shapes));
      const [ms, vs, ps] = [parts(m), parts(v), parts(tf.sub(p, update))];
      present.forEach((name, i) => {
        const shape = params[i]!.shape;
        this.m.get(name)!.assign(tf.reshape(ms[i]!, shape));
        this.v.get(name)!.assign(tf.reshape(vs[i]!, shape));
        params[i]!.assign(tf.reshape(ps[i]!, shape));
      });
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
 * A flat tensor cut into tensors of the given shapes, through one read of its values. tf.split
 * on wasm copies the whole input once per part (each slice reads all of it first): for a
 * network's 45 parameters that was 45 copies of all of them, three times a step — a fifth of an
 * autoregressive step on the diamonds table. The values are the same, bit for bit.
 */
function splitFlat(tf: Tf, flat: Tensor, shapes: readonly number[][]): Tensor[] {
  const values = flat.dataSync() as Float32Array;
  let offset = 0;
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const part = tf.tensor(values.subarray(offset, offset + size), shape);
    offset += size;
    return part;
  });
}

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
 * a·b of two matrices, whose gradients multiply by explicit transposes: the wasm backend's matMul
 * is about ten times slower on transposed operands, which is what tfjs's own gradient asks for. The gradient
 * is built from this op again, so second derivatives (the gradient penalty) stay on the fast path.
 * A kernel of its own (the backend's matMul under another name) rather than tf.customGrad: the
 * engine asks a registered gradient only for the inputs that need one, where customGrad computes
 * both — a critic's weight gradients when only the generator trains, an input's that is data.
 */
export function fastMatMul(tf: Tf, a: Tensor, b: Tensor): Tensor {
  return runAliasKernel(tf, FAST_MATMUL, { a, b }, { transposeA: false, transposeB: false });
}

const FAST_MATMUL: KernelAlias = {
  name: 'TabmimicFastMatMul',
  base: 'BatchMatMul',
  gradient: (tf) => ({
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => timesTransposed(tf, dy as Tensor, b!), b: () => fastMatMul(tf, tf.transpose(a!), dy as Tensor) }),
  }),
};

type GradConfig = Parameters<Tf['registerGradient']>[0];
type RunKernel = ReturnType<Tf['engine']>['runKernel'];

/** A backend kernel run under a name of our own, so that it can have a gradient of our own. */
export interface KernelAlias {
  readonly name: string;
  /** The backend's kernel that does the work. */
  readonly base: string;
  readonly gradient: (tf: Tf) => Omit<GradConfig, 'kernelName'>;
}

/** Per alias, the backends it is registered on (a kernel is registered per backend, a gradient once). */
const aliasedOn = new Map<string, Set<string>>();

/** Runs an aliased kernel, registering it on the current backend (and its gradient) on first use. */
export function runAliasKernel(tf: Tf, alias: KernelAlias, inputs: Parameters<RunKernel>[1], attrs?: Parameters<RunKernel>[2]): Tensor {
  const backend = tf.getBackend();
  let on = aliasedOn.get(alias.name);
  if (!on) aliasedOn.set(alias.name, (on = new Set()));
  if (!on.has(backend)) {
    if (!tf.getKernel(alias.name, backend)) tf.registerKernel({ ...tf.getKernel(alias.base, backend)!, kernelName: alias.name });
    if (!tf.getGradient(alias.name)) tf.registerGradient({ ...alias.gradient(tf), kernelName: alias.name });
    on.add(backend);
  }
  return tf.engine().runKernel(alias.name, inputs, attrs) as Tensor;
}

/**
 * dy·bᵀ, the left factor's gradient. The wasm backend packs a product's right operand afresh on
 * every call (weights change every step): where b is the big one — a wide layer's weights against
 * a few rows — it is computed as (b·dyᵀ)ᵀ, with the small dyᵀ on the right, which halved such a
 * product's time.
 */
export function timesTransposed(tf: Tf, dy: Tensor, b: Tensor): Tensor {
  const [m, n] = dy.shape as [number, number];
  const k = b.shape[0]!;
  // Elements moved: transposing and packing b, against transposing dy and the result and packing dyᵀ.
  if (2 * k * n > 2 * m * n + k * m) return tf.transpose(fastMatMul(tf, b, tf.transpose(dy)));
  return fastMatMul(tf, dy, tf.transpose(b));
}

/** x·W + b of the named dense layer, on the fast matMul. */
export const dense = (tf: Tf, p: Params, name: string, x: Tensor): Tensor => tf.add(fastMatMul(tf, x, p.get(`${name}.w`)), p.get(`${name}.b`));

/**
 * A tensor's values, computed in a tidy scope and read after it: tidy walks whatever its function
 * returns, element by element for a typed array (a batch of logits was 6 % of an epoch).
 */
export function valuesOf(tf: Tf, compute: () => Tensor): Float32Array {
  const t = tf.tidy(compute);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/**
 * A float tensor's values without a copy where the backend allows: on wasm a view of its heap,
 * valid only until the next tensor is made (the heap may grow and move), so read it at once; on
 * other backends dataSync's. For loops that read a batch's values on the host once: no copy of
 * the batch to allocate, fill and collect at each read.
 */
export function peekValues(tf: Tf, t: Tensor): Float32Array {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (info: Tensor) => Float32Array };
  return t.dtype === 'float32' && backend.typedArrayFromHeap ? backend.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
}
