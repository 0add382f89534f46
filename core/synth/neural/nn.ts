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

/** n standard normals, into `out` when given (its first n places). */
export function normals(n: number, rng: Rng, out: Float32Array = new Float32Array(n)): Float32Array {
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/**
 * Host buffers reused from one training step to the next, one per purpose. A fresh typed array
 * of a batch's size can cost more to allocate, first write and collect than filling it does (a
 * loop over a fresh 1.6 MB array ran five times slower here than over a reused one); a buffer may
 * be reused only once every tensor made from it is gone (tensors made in a step are disposed by
 * its end; some backends keep the array itself).
 */
export class Scratch {
  private readonly buffers = new Map<string, Float32Array>();

  /** `reuse` false: a fresh array each time, for a backend that keeps the arrays its tensors are made from. */
  constructor(private readonly reuse = true) {}

  /** `length` floats for `purpose`, holding whatever the last use left: the caller overwrites them all. */
  floats(purpose: string, length: number): Float32Array {
    if (!this.reuse) return new Float32Array(length);
    let buffer = this.buffers.get(purpose);
    if (buffer?.length !== length) this.buffers.set(purpose, (buffer = new Float32Array(length)));
    return buffer;
  }
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

/** Parameters of more than this many elements keep their update in tensors (see Adam). */
const HOST_LIMIT = 16_384;

/**
 * Adam (Kingma & Ba) with weight decay added to the gradient, as torch.optim.Adam does.
 *
 * Large parameters (a CTGAN critic's 1300×256 layer) are updated by a chain of a dozen
 * elementwise kernels each, which the wasm backend runs faster than a JavaScript loop. Small
 * ones (biases, batch-norm scales, a TVAE's many small layers) are updated on the host, one pass
 * each: as tensors they had to be concatenated, run through the chain and split again (a read of
 * all of them and a tensor per part), for a few hundred numbers. The host pass is single
 * precision op for op — it rounds to float32 exactly where the chain does (add, mul, square, div,
 * sqrt, sub on float32 tensors and scalars), and double arithmetic on two floats rounded once to
 * float32 is the float32 result (53 ≥ 2·24 + 2 bits) — so models are the same to the bit either way.
 */
export class Adam {
  private step = 0;
  /** Moments of the large parameters, as tensors. */
  private readonly mTensors = new Map<string, Variable>();
  private readonly vTensors = new Map<string, Variable>();
  /** Moments of the small parameters, on the host. */
  private readonly m = new Map<string, Float32Array>();
  private readonly v = new Map<string, Float32Array>();
  /**
   * Per small parameter, the values last assigned to it here and the data id that assignment gave
   * it (so they need not be read back), and a buffer for the next values.
   */
  private readonly written = new Map<string, { dataId: object; values: Float32Array; spare: Float32Array }>();
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
      if (p.size > HOST_LIMIT) {
        this.mTensors.set(name, ownedVariable(tf, tf.zerosLike(p), false));
        this.vTensors.set(name, ownedVariable(tf, tf.zerosLike(p), false));
      } else {
        this.m.set(name, new Float32Array(p.size));
        this.v.set(name, new Float32Array(p.size));
      }
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
    this.step++;
    for (const name of this.trained()) {
      const variable = this.params.get(name);
      const grad = grads[variable.name];
      if (!grad) continue;
      if (this.mTensors.has(name)) this.applyTensors(name, variable, grad);
      else this.applyHost(name, variable, grad);
    }
  }

  private applyTensors(name: string, p: Variable, g: Tensor): void {
    const { tf } = this;
    const { lr, beta1, beta2, eps, weightDecay } = this.config;
    const [mVar, vVar] = [this.mTensors.get(name)!, this.vTensors.get(name)!];
    tf.tidy(() => {
      const gd = weightDecay ? tf.add(g, tf.mul(p, weightDecay)) : g;
      const m = tf.add(tf.mul(mVar, beta1), tf.mul(gd, 1 - beta1));
      const v = tf.add(tf.mul(vVar, beta2), tf.mul(tf.square(gd), 1 - beta2));
      const update = tf.div(tf.mul(m, lr / (1 - beta1 ** this.step)), tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** this.step)), eps));
      mVar.assign(m);
      vVar.assign(v);
      p.assign(tf.sub(p, update));
    });
  }

  private applyHost(name: string, variable: Variable, grad: Tensor): void {
    const { tf } = this;
    const f = Math.fround;
    const { lr, beta1, beta2, eps, weightDecay } = this.config;
    // The scalars as the tensor chain sees them: float32.
    const decay = f(weightDecay);
    const [b1, b2, rest1, rest2] = [f(beta1), f(beta2), f(1 - beta1), f(1 - beta2)];
    const stepSize = f(lr / (1 - beta1 ** this.step));
    const c2 = f(1 - beta2 ** this.step);
    const epsilon = f(eps);
    const last = this.written.get(name);
    // Any other assignment (restoring the best weights) gives the variable a new data id: then read it.
    const p = last && last.dataId === variable.dataId ? last.values : (variable.dataSync() as Float32Array);
    const next = last?.spare ?? new Float32Array(p.length);
    const m = this.m.get(name)!;
    const v = this.v.get(name)!;
    // A view of the backend's memory: read before the next tensor is made.
    const g = peekValues(tf, grad);
    for (let i = 0; i < p.length; i++) {
      const gi = weightDecay ? f(g[i]! + f(p[i]! * decay)) : g[i]!;
      const mi = f(f(m[i]! * b1) + f(gi * rest1));
      const vi = f(f(v[i]! * b2) + f(f(gi * gi) * rest2));
      m[i] = mi;
      v[i] = vi;
      next[i] = p[i]! - f(f(mi * stepSize) / f(f(Math.sqrt(f(vi / c2))) + epsilon));
    }
    tf.tidy(() => variable.assign(tf.tensor(next, variable.shape)));
    this.written.set(name, { dataId: variable.dataId, values: next, spare: last?.values ?? new Float32Array(p.length) });
  }

  save(): AdamState {
    const saved = (host: ReadonlyMap<string, Float32Array>, tensors: ReadonlyMap<string, Variable>): SavedTensor[] =>
      this.trained().map((name) => {
        const data = host.get(name) ?? (tensors.get(name)!.dataSync() as Float32Array);
        return { name, shape: this.params.get(name).shape, data: encodeFloats(data) };
      });
    return { step: this.step, m: saved(this.m, this.mTensors), v: saved(this.v, this.vTensors) };
  }

  restore(state: AdamState): void {
    this.step = state.step;
    for (const [saved, host, tensors] of [
      [state.m, this.m, this.mTensors],
      [state.v, this.v, this.vTensors],
    ] as const) {
      for (const t of saved) {
        const target = tensors.get(t.name);
        if (target) this.tf.tidy(() => target.assign(this.tf.tensor(decodeFloats(t.data), target.shape)));
        else if (host.has(t.name)) host.set(t.name, decodeFloats(t.data));
      }
    }
  }

  dispose(): void {
    for (const t of [...this.mTensors.values(), ...this.vTensors.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
    this.written.clear();
  }
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
 * The block of a matrix of `size` rows and columns from `begin`: tf.slice's values and gradient
 * (a pad with zeros). The wasm backend's Slice copies its whole input out of the heap before it
 * slices (a readSync, into a fresh array), so slicing a batch span by span copied the batch once
 * per span — a fifteenth of a TVAE epoch — and CTGAN's generator gradient copied its widest
 * activations five times a step; this reads the rows it takes in place. Elsewhere it is tf.slice.
 */
export function sliceBlock(tf: Tf, x: Tensor, begin: readonly [number, number], size: readonly [number, number]): Tensor {
  if (tf.getBackend() !== 'wasm' || x.rank !== 2 || x.dtype !== 'float32') return tf.slice(x, [...begin], [...size]);
  const backend = tf.getBackend();
  if (!tf.getKernel(SLICE_BLOCK, backend)) {
    tf.registerKernel({ kernelName: SLICE_BLOCK, backendName: backend, kernelFunc: sliceBlockKernel });
    // Slice's gradient, from the attributes alone: nothing is saved for it.
    if (!tf.getGradient(SLICE_BLOCK)) {
      tf.registerGradient({
        kernelName: SLICE_BLOCK,
        gradFunc: (dy, _saved, attrs) => {
          const a = attrs as unknown as SliceBlockAttrs;
          return { x: () => tf.pad(dy as Tensor, [[a.row, a.rows - a.row - a.height], [a.column, a.columns - a.column - a.width]]) };
        },
      });
    }
  }
  const [rows, columns] = x.shape as [number, number];
  const attrs: SliceBlockAttrs = { row: begin[0], column: begin[1], height: size[0] < 0 ? rows - begin[0] : size[0], width: size[1] < 0 ? columns - begin[1] : size[1], rows, columns };
  return tf.engine().runKernel(SLICE_BLOCK, { x }, attrs as unknown as Parameters<RunKernel>[2]) as Tensor;
}

/** Columns [start, start + width) of every row. */
export const sliceColumns = (tf: Tf, x: Tensor, start: number, width: number): Tensor => sliceBlock(tf, x, [0, start], [-1, width]);

const SLICE_BLOCK = 'TabmimicSliceBlock';
interface SliceBlockAttrs {
  readonly row: number;
  readonly column: number;
  readonly height: number;
  readonly width: number;
  readonly rows: number;
  readonly columns: number;
}

interface HeapTensor {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: 'float32';
}

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): HeapTensor;
  typedArrayFromHeap(t: HeapTensor): Float32Array;
}

type KernelFuncArgs = Parameters<Parameters<Tf['registerKernel']>[0]['kernelFunc']>[0];

function sliceBlockKernel({ inputs, attrs, backend }: KernelFuncArgs): HeapTensor {
  const wasm = backend as unknown as WasmHeapBackend;
  const { row, column, height, width, columns } = attrs as unknown as SliceBlockAttrs;
  const out = wasm.makeOutput([height, width], 'float32');
  // Views after the output is made: making it may grow (and move) the heap.
  const from = wasm.typedArrayFromHeap(inputs.x as unknown as HeapTensor);
  const to = wasm.typedArrayFromHeap(out);
  if (width === columns) to.set(from.subarray(row * columns, (row + height) * columns));
  else for (let r = 0; r < height; r++) to.set(from.subarray((row + r) * columns + column, (row + r) * columns + column + width), r * width);
  return out;
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
