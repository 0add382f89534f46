/**
 * DP-SGD (Abadi et al. 2016) without per-example backward passes. Every trainable layer of our
 * networks sees one row per example, so the gradient of example i for a dense layer is the outer
 * product xᵢᵀgᵢ and its squared norm is ‖xᵢ‖²·‖gᵢ‖² (+ ‖gᵢ‖² for the bias), where gᵢ is the
 * gradient at the layer's output. A zero "tap" added to each layer's output yields every gᵢ in one
 * backward pass; each example's loss is then weighted by min(1, C/‖∇ᵢ‖) and a second pass gives
 * the clipped sum, to which Gaussian noise N(0, σ²C²) is added (Goodfellow 2015's trick, as used
 * by Opacus' ghost clipping). Lots are Poisson samples, as the RDP accountant assumes.
 */
import { unprocessable } from '../../errors.js';
import type { Tensor } from '@tensorflow/tfjs';
import type { Rng } from '../../random.js';
import { dpSgdEpsilon } from '../dp/rdp.js';
import { normals } from './nn.js';
import type { Tf } from './tf.js';

/** One layer's view for clipping: the tap at its output and its inputs' squared row norms. */
export interface LayerTap {
  readonly tap: Tensor;
  /** ‖xᵢ‖² per example; undefined for a bias-only layer (a learned prior). */
  readonly inputSqNorms?: Tensor;
  readonly hasBias: boolean;
}

/**
 * The taps of one forward pass. tf.grads differentiates by explicit inputs, so the zero taps are
 * made up front (in the order the forward pass reaches its layers) and handed out one by one.
 */
export class Taps {
  readonly layers: LayerTap[] = [];
  private next = 0;

  constructor(
    private readonly tf: Tf,
    private readonly given: readonly Tensor[],
  ) {}

  /** Returns z + tap (whose gradient is ∂L/∂z per example) and records the layer's input norms. */
  at(z: Tensor, input: Tensor | undefined, hasBias: boolean, inputIsOneHot = false): Tensor {
    const { tf } = this;
    const tap = this.given[this.next++];
    if (!tap) throw new Error('more layers than taps');
    // Kept past the tf.grads scope that disposes the forward pass; perExampleNorms releases them.
    const inputSqNorms = input ? tf.keep(inputIsOneHot ? tf.ones([input.shape[0]!]) : tf.sum(tf.square(input), 1)) : undefined;
    this.layers.push({ tap, inputSqNorms, hasBias });
    return tf.add(z, tap);
  }
}

/**
 * Per-example gradient norms of a loss: `forward(taps)` must return the summed per-example loss
 * and pass every layer through `taps.at`; `shapes` are the layers' output shapes in that order.
 */
export function perExampleNorms(tf: Tf, shapes: readonly number[][], forward: (taps: Taps) => Tensor): Tensor {
  const zeros = shapes.map((s) => tf.zeros(s));
  let seen: Taps | undefined;
  const grads = tf.grads((...given: Tensor[]) => {
    seen = new Taps(tf, given);
    return forward(seen);
  })(zeros);
  try {
    return exampleGradientNorms(tf, seen!.layers, grads);
  } finally {
    for (const layer of seen?.layers ?? []) layer.inputSqNorms?.dispose();
  }
}

/** ‖∇ᵢ‖ per example from the gradients at the taps: Σ over layers of (‖xᵢ‖² + bias)·‖gᵢ‖². */
export function exampleGradientNorms(tf: Tf, layers: readonly LayerTap[], tapGrads: readonly Tensor[]): Tensor {
  let total: Tensor | undefined;
  layers.forEach((layer, k) => {
    const g2 = tf.sum(tf.square(tapGrads[k]!), 1);
    const weight = layer.inputSqNorms ? (layer.hasBias ? tf.add(layer.inputSqNorms, 1) : layer.inputSqNorms) : tf.onesLike(g2);
    const term = tf.mul(weight, g2);
    total = total ? tf.add(total, term) : term;
  });
  if (!total) throw new Error('no layers to clip');
  return tf.sqrt(total);
}

/** Rows of a Poisson-sampled lot: each row independently with probability q. */
export function poissonLot(rows: number, q: number, rng: Rng): Int32Array {
  const picked: number[] = [];
  for (let r = 0; r < rows; r++) if (rng.uniform() < q) picked.push(r);
  return Int32Array.from(picked);
}

/** Adds N(0, σ²C²) to a summed, clipped gradient and divides by the expected lot size. */
export function noisyMean(tf: Tf, sum: Tensor, sigma: number, clip: number, expectedLot: number, rng: Rng): Tensor {
  const noise = tf.tensor(normals(sum.size, rng), sum.shape);
  return tf.div(tf.add(sum, tf.mul(noise, sigma * clip)), expectedLot);
}

/** The smallest noise multiplier (to 0.1 %) that keeps ε ≤ target for the training plan. */
export function noiseForEpsilon(target: number, plan: { datasetSize: number; lotSize: number; epochs: number; delta: number }): number {
  const eps = (sigma: number) => dpSgdEpsilon({ datasetSize: plan.datasetSize, batchSize: plan.lotSize, epochs: plan.epochs, noiseMultiplier: sigma, delta: plan.delta }).epsilon;
  let lo = 0.3;
  let hi = 0.5;
  while (eps(hi) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e4) {
      throw unprocessable(
        `No noise level reaches epsilon = ${target} over ${plan.epochs} epochs of ${plan.datasetSize} rows (δ = ${plan.delta}): even noise 10 000 times the clipping norm spends more. ${plan.epochs > 1 ? 'Raise epsilon, or train fewer epochs.' : 'Raise epsilon: a single epoch over so few rows already spends more.'}`,
      );
    }
  }
  while ((hi - lo) / hi > 1e-3) {
    const mid = (lo + hi) / 2;
    if (eps(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}
