/**
 * Ops of the autoregressive network whose work, or whose gradient, is done in JavaScript on the
 * host. On the wasm backend a small network's step is mostly per-kernel overhead and copies, not
 * arithmetic: a column's cross-entropy was a dozen kernels, a bias's gradient a transpose and a
 * sum (a tenth of a step). Each op here is one or two kernels or none, and the loop over a
 * batch's values is cheaper than the kernels it replaces.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from './tf.js';
import { fastMatMul, runAliasKernel, type KernelAlias } from './nn.js';

/**
 * Row sums of the cross-entropies −Σ_k t_jk·log softmax(z_j)_k over several columns, for logits
 * z_j ([rows, k_j]) and targets t_j (row-major, each row summing to 1). A [rows] tensor, whose
 * gradient with respect to z_j is dy·(softmax(z_j) − t_j).
 */
export function crossEntropyRows(tf: Tf, logits: readonly Tensor[], targets: readonly Float32Array[]): Tensor {
  const op = tf.customGrad((...args) => {
    const zs = args.slice(0, logits.length) as Tensor[];
    const rows = zs[0]!.shape[0]!;
    const total = new Float64Array(rows);
    // Per column, the softmax, kept for the gradient.
    const probs = zs.map((z, j) => columnLoss(z.dataSync() as Float32Array, targets[j]!, rows, total));
    return {
      value: tf.tensor1d(Float32Array.from(total)),
      gradFunc: (dy: Tensor) => {
        const scale = dy.dataSync() as Float32Array;
        return probs.map((p, j) => tf.tensor2d(softmaxMinusTarget(p, targets[j]!, scale), zs[j]!.shape as [number, number]));
      },
    };
  });
  return op(...logits);
}

/** Adds one column's cross-entropy to each row's total; returns the column's softmax. */
function columnLoss(z: Float32Array, t: Float32Array, rows: number, total: Float64Array): Float64Array {
  const card = z.length / rows;
  const p = new Float64Array(z.length);
  for (let r = 0, base = 0; r < rows; r++, base += card) {
    let max = -Infinity;
    for (let k = 0; k < card; k++) max = Math.max(max, z[base + k]!);
    let sum = 0;
    for (let k = 0; k < card; k++) sum += p[base + k] = Math.exp(z[base + k]! - max);
    const lse = max + Math.log(sum);
    let loss = 0;
    // Σ_k t_k·(lse − z_k): the targets sum to 1.
    for (let k = 0; k < card; k++) {
      p[base + k]! /= sum;
      if (t[base + k]) loss += t[base + k]! * (lse - z[base + k]!);
    }
    total[r]! += loss;
  }
  return p;
}

function softmaxMinusTarget(p: Float64Array, t: Float32Array, scale: Float32Array): Float32Array {
  const rows = scale.length;
  const card = p.length / rows;
  const g = new Float32Array(p.length);
  for (let r = 0, base = 0; r < rows; r++, base += card) {
    const s = scale[r]!;
    for (let k = 0; k < card; k++) g[base + k] = s * (p[base + k]! - t[base + k]!);
  }
  return g;
}

/**
 * x + b for x [rows, n] and a bias b [n]. tfjs differentiates the broadcast by summing dy over
 * axis 0, which the wasm backend does as a transpose and a sum; a product with a row of ones is
 * one fast kernel (5–20× quicker at a batch's sizes, and quicker than a loop on the host). A
 * kernel of its own (the backend's Add under another name), as fastMatMul is.
 */
export function addBias(tf: Tf, x: Tensor, b: Tensor): Tensor {
  return runAliasKernel(tf, BIAS_ADD, { a: x, b });
}

const BIAS_ADD: KernelAlias = {
  name: 'TabmimicBiasAdd',
  base: 'Add',
  gradient: (tf) => ({
    gradFunc: (dy) => {
      const g = dy as Tensor;
      return { a: () => g, b: () => tf.reshape(fastMatMul(tf, tf.ones([1, g.shape[0]!]), g), [-1]) };
    },
  }),
};

/**
 * The context of the next column's head: `context` ([rows, width], or none) with the embeddings
 * of the batch's codes appended (rows of `table`, [codes, dim]), times the dropout mask (row-major
 * [rows, dim]) when there is one, all in one upload. As tf ops this was a one-hot product, a
 * dropout product and a concatenation, and twice as many kernels again for their gradients.
 * `tap` (zeros, [rows, dim]) is DP-SGD's: its gradient is that at the embeddings before dropout.
 */
export function extendContext(tf: Tf, context: Tensor | undefined, table: Tensor, codes: Int32Array, mask: Float32Array | undefined, tap?: Tensor): Tensor {
  const [, dim] = table.shape as [number, number];
  const rows = codes.length;
  const width = context?.shape[1] ?? 0;
  const inputs = [table, ...(context ? [context] : []), ...(tap ? [tap] : [])];
  const op = tf.customGrad((...args) => {
    const weights = (args[0] as Tensor).dataSync() as Float32Array;
    const before = context ? ((args[1] as Tensor).dataSync() as Float32Array) : undefined;
    const taps = tap ? ((args[inputs.length - 1] as Tensor).dataSync() as Float32Array) : undefined;
    const out = new Float32Array(rows * (width + dim));
    for (let r = 0; r < rows; r++) {
      const base = r * (width + dim);
      if (before) out.set(before.subarray(r * width, (r + 1) * width), base);
      for (let d = 0, w = codes[r]! * dim; d < dim; d++) {
        const e = weights[w + d]! + (taps ? taps[r * dim + d]! : 0);
        out[base + width + d] = mask ? e * mask[r * dim + d]! : e;
      }
    }
    return {
      value: tf.tensor2d(out, [rows, width + dim]),
      gradFunc: (dy: Tensor) => contextGradients(tf, dy.dataSync() as Float32Array, table.shape as [number, number], codes, width, mask, !!context, !!tap),
    };
  });
  return op(...inputs);
}

/** Gradients of extendContext for its inputs, in their order: table, context, tap. */
function contextGradients(tf: Tf, dy: Float32Array, [card, dim]: [number, number], codes: Int32Array, width: number, mask: Float32Array | undefined, context: boolean, tap: boolean): Tensor[] {
  const rows = codes.length;
  const stride = width + dim;
  const table = new Float64Array(card * dim);
  const atEmbedding = new Float32Array(rows * dim);
  const before = context ? new Float32Array(rows * width) : undefined;
  for (let r = 0; r < rows; r++) {
    const base = r * stride;
    before?.set(dy.subarray(base, base + width), r * width);
    for (let d = 0, w = codes[r]! * dim; d < dim; d++) {
      const g = mask ? dy[base + width + d]! * mask[r * dim + d]! : dy[base + width + d]!;
      atEmbedding[r * dim + d] = g;
      table[w + d]! += g;
    }
  }
  return [
    tf.tensor2d(Float32Array.from(table), [card, dim]),
    ...(before ? [tf.tensor2d(before, [rows, width])] : []),
    ...(tap ? [tf.tensor2d(atEmbedding, [rows, dim])] : []),
  ];
}
