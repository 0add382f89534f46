/**
 * A one-dimensional Bayesian Gaussian mixture, the mode finder of CTGAN's and TVAE's
 * mode-specific normalisation. SDV fits each numeric column with scikit-learn's
 * BayesianGaussianMixture (10 components, Dirichlet-process weights with concentration 0.001,
 * k-means initialisation, at most 100 iterations) and keeps the components weighing over 0.005.
 *
 * This is the same variational EM in one dimension: the E-step weighs each component by its
 * expected log weight under the stick-breaking posterior, ψ(aₖ) − ψ(aₖ + bₖ) + Σⱼ<ₖ (ψ(bⱼ) −
 * ψ(aⱼ + bⱼ)), and the M-step updates the conjugate (Normal-Gamma) posteriors. The small
 * concentration starves components that explain few rows, so surplus modes lose their weight and
 * are pruned. It reproduces scikit-learn's update equations and priors (mean prior: the data's
 * mean; precision prior 1; one degree of freedom; scale prior: the data's variance; reg_covar
 * 1e-6) but not its random stream: the k-means++ start comes from our seeded Rng, so components
 * and weights approximate SDV's fit, they do not copy it.
 */
import { z } from 'zod';
import { logGamma } from '../../stats/special.js';
import type { Rng } from '../../random.js';

export const MixtureComponent = z.object({
  weight: z.number(),
  mean: z.number(),
  std: z.number(),
  /** Log posterior score of the component at its mean: log weight and normaliser, as the E-step computes them. */
  bias: z.number(),
});
export type MixtureComponent = z.infer<typeof MixtureComponent>;

export interface MixtureOptions {
  readonly maxComponents?: number;
  /** Dirichlet-process concentration on the weights (SDV: 0.001). */
  readonly concentration?: number;
  readonly maxIterations?: number;
  /** Stop when the variational lower bound changes by less than this (scikit-learn: 1e-3). */
  readonly tolerance?: number;
}

const REG_COVAR = 1e-6;
const TINY_COUNT = 10 * Number.EPSILON;
const LOG_2PI = Math.log(2 * Math.PI);

/** The fitted components, in stick-breaking order; weights sum to 1. */
export function fitMixture(values: Float64Array, rng: Rng, options: MixtureOptions = {}): MixtureComponent[] {
  const n = values.length;
  if (n === 0) return [{ weight: 1, mean: 0, std: 1, bias: 0 }];
  const k = Math.max(1, Math.min(options.maxComponents ?? 10, n, distinctCount(values)));
  const fit = new VariationalMixture(values, k, options.concentration ?? 0.001);
  fit.maximise(oneHot(kMeansLabels(values, k, rng), k));
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-3;
  let bound = -Infinity;
  const resp = new Float64Array(n * k);
  for (let i = 0; i < maxIterations; i++) {
    const entropy = fit.expect(resp);
    fit.maximise(resp);
    const previous = bound;
    bound = fit.lowerBound(entropy);
    if (Math.abs(bound - previous) < tolerance) break;
  }
  return fit.components();
}

/** P(component | x) for every component, into `out`. */
export function posterior(components: readonly MixtureComponent[], x: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < components.length; j++) {
    const c = components[j]!;
    const d = (x - c.mean) / c.std;
    out[j] = c.bias - 0.5 * d * d;
    if (out[j]! > max) max = out[j]!;
  }
  let sum = 0;
  for (let j = 0; j < components.length; j++) sum += out[j] = Math.exp(out[j]! - max);
  for (let j = 0; j < components.length; j++) out[j]! /= sum;
  return out;
}

/** Variational posteriors of a k-component 1-D mixture (Bishop §10.2, scikit-learn's parametrisation). */
class VariationalMixture {
  private readonly n: number;
  private readonly priorMean: number;
  private readonly priorScale: number;
  /** Stick-breaking Beta posteriors (aₖ, bₖ). */
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** Posterior precision scale βₖ, mean mₖ, degrees of freedom νₖ and expected covariance. */
  private readonly beta: Float64Array;
  private readonly mean: Float64Array;
  private readonly dof: Float64Array;
  private readonly cov: Float64Array;

  constructor(
    private readonly x: Float64Array,
    private readonly k: number,
    private readonly concentration: number,
  ) {
    this.n = x.length;
    let sum = 0;
    for (const v of x) sum += v;
    this.priorMean = sum / this.n;
    let ss = 0;
    for (const v of x) ss += (v - this.priorMean) ** 2;
    this.priorScale = this.n > 1 ? ss / (this.n - 1) : 0;
    this.a = new Float64Array(k);
    this.b = new Float64Array(k);
    this.beta = new Float64Array(k);
    this.mean = new Float64Array(k);
    this.dof = new Float64Array(k);
    this.cov = new Float64Array(k);
  }

  /** M-step from responsibilities (n × k, row-major). */
  maximise(resp: Float64Array): void {
    const { x, k, n } = this;
    const nk = new Float64Array(k).fill(TINY_COUNT);
    const xk = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j]!;
        nk[j]! += r;
        xk[j]! += r * x[i]!;
      }
    }
    for (let j = 0; j < k; j++) xk[j]! /= nk[j]!;
    const sk = new Float64Array(k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sk[j]! += resp[i * k + j]! * (x[i]! - xk[j]!) ** 2;
    let after = 0;
    for (let j = k - 1; j >= 0; j--) {
      this.a[j] = 1 + nk[j]!;
      this.b[j] = this.concentration + after;
      after += nk[j]!;
    }
    for (let j = 0; j < k; j++) {
      const s = sk[j]! / nk[j]! + REG_COVAR;
      this.beta[j] = 1 + nk[j]!;
      this.mean[j] = (this.priorMean + nk[j]! * xk[j]!) / this.beta[j]!;
      this.dof[j] = 1 + nk[j]!;
      const spread = this.priorScale + nk[j]! * s + ((nk[j]! * 1) / this.beta[j]!) * (xk[j]! - this.priorMean) ** 2;
      this.cov[j] = spread / this.dof[j]!;
    }
  }

  /** Expected log weights under the stick-breaking posterior. */
  private logWeights(): Float64Array {
    const out = new Float64Array(this.k);
    let carried = 0;
    for (let j = 0; j < this.k; j++) {
      const total = digamma(this.a[j]! + this.b[j]!);
      out[j] = digamma(this.a[j]!) - total + carried;
      carried += digamma(this.b[j]!) - total;
    }
    return out;
  }

  /** Per component, the log score at the component's mean (log weight plus expected log density there). */
  biases(): Float64Array {
    const w = this.logWeights();
    return w.map((lw, j) => {
      const precision = 1 / this.cov[j]!;
      return lw - 0.5 * LOG_2PI + 0.5 * Math.log(precision) - 0.5 * Math.log(this.dof[j]!) + 0.5 * (Math.LN2 + digamma(0.5 * this.dof[j]!) - 1 / this.beta[j]!);
    });
  }

  /** E-step: responsibilities (n × k) into `resp`; returns their entropy, a term of the lower bound. */
  expect(resp: Float64Array): number {
    const { x, k, n } = this;
    const bias = this.biases();
    const score = new Float64Array(k);
    let entropy = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < k; j++) {
        score[j] = bias[j]! - (0.5 * (x[i]! - this.mean[j]!) ** 2) / this.cov[j]!;
        if (score[j]! > max) max = score[j]!;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) sum += resp[i * k + j] = Math.exp(score[j]! - max);
      const logSum = Math.log(sum);
      for (let j = 0; j < k; j++) {
        const r = (resp[i * k + j]! /= sum);
        entropy -= r * (score[j]! - max - logSum);
      }
    }
    return entropy;
  }

  /** scikit-learn's lower bound, constants dropped: only its changes matter (convergence). */
  lowerBound(entropy: number): number {
    let logWishart = 0;
    let logBetaNorm = 0;
    let logBeta = 0;
    for (let j = 0; j < this.k; j++) {
      const nu = this.dof[j]!;
      const logDetChol = -0.5 * Math.log(this.cov[j]!) - 0.5 * Math.log(nu);
      logWishart -= nu * logDetChol + 0.5 * nu * Math.LN2 + logGamma(0.5 * nu);
      logBetaNorm += logGamma(this.a[j]!) + logGamma(this.b[j]!) - logGamma(this.a[j]! + this.b[j]!);
      logBeta += Math.log(this.beta[j]!);
    }
    return entropy - logWishart + logBetaNorm - 0.5 * logBeta;
  }

  components(): MixtureComponent[] {
    const bias = this.biases();
    const weights = new Float64Array(this.k);
    let remaining = 1;
    let total = 0;
    for (let j = 0; j < this.k; j++) {
      const sum = this.a[j]! + this.b[j]!;
      weights[j] = (this.a[j]! / sum) * remaining;
      remaining *= this.b[j]! / sum;
      total += weights[j]!;
    }
    return Array.from({ length: this.k }, (_, j) => ({ weight: weights[j]! / total, mean: this.mean[j]!, std: Math.sqrt(this.cov[j]!), bias: bias[j]! }));
  }
}

/** ψ(x) for x > 0: the recurrence up to 6, then the asymptotic series. */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 6) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

function distinctCount(values: Float64Array): number {
  return new Set(values).size;
}

function oneHot(labels: Int32Array, k: number): Float64Array {
  const out = new Float64Array(labels.length * k);
  labels.forEach((l, i) => (out[i * k + l] = 1));
  return out;
}

/** Lloyd's k-means from a greedy k-means++ start (scikit-learn's KMeans with n_init = 1). */
export function kMeansLabels(x: Float64Array, k: number, rng: Rng): Int32Array {
  const centres = kMeansPlusPlus(x, k, rng);
  const labels = new Int32Array(x.length).fill(-1);
  for (let iteration = 0; iteration < 300; iteration++) {
    let changed = false;
    for (let i = 0; i < x.length; i++) {
      const best = nearest(centres, x[i]!);
      if (best !== labels[i]) {
        labels[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    for (let i = 0; i < x.length; i++) {
      sums[labels[i]!]! += x[i]!;
      counts[labels[i]!]!++;
    }
    // An emptied cluster keeps its centre.
    for (let j = 0; j < k; j++) if (counts[j]! > 0) centres[j] = sums[j]! / counts[j]!;
  }
  return labels;
}

function nearest(centres: Float64Array, v: number): number {
  let best = 0;
  for (let j = 1; j < centres.length; j++) if (Math.abs(v - centres[j]!) < Math.abs(v - centres[best]!)) best = j;
  return best;
}

/** Greedy k-means++: each new centre is the best of 2 + ⌊ln k⌋ draws proportional to D². */
function kMeansPlusPlus(x: Float64Array, k: number, rng: Rng): Float64Array {
  const n = x.length;
  const centres = new Float64Array(k);
  centres[0] = x[rng.int(0, n - 1)]!;
  const closest = x.map((v) => (v - centres[0]!) ** 2);
  const trials = 2 + Math.floor(Math.log(k));
  for (let c = 1; c < k; c++) {
    let potential = 0;
    for (const d of closest) potential += d;
    let bestCandidate = x[rng.int(0, n - 1)]!;
    let bestPotential = Infinity;
    for (let t = 0; t < trials && potential > 0; t++) {
      const candidate = x[rng.categorical(closest)]!;
      let p = 0;
      for (let i = 0; i < n; i++) p += Math.min(closest[i]!, (x[i]! - candidate) ** 2);
      if (p < bestPotential) {
        bestPotential = p;
        bestCandidate = candidate;
      }
    }
    centres[c] = bestCandidate;
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i]!, (x[i]! - bestCandidate) ** 2);
  }
  return centres;
}
