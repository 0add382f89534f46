/**
 * Rényi differential privacy (RDP) accountant for DP-SGD, i.e. for repeated runs of the
 * sampled Gaussian mechanism (SGM): each step includes every record independently with
 * probability q (Poisson sampling), and adds N(0, σ²·C²) noise to the sum of gradients
 * clipped to norm C.
 *
 * - RDP of one SGM step at order α is log(A_α)/(α − 1), with A_α computed as in Mironov,
 *   Talwar & Zhang, "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019,
 *   arXiv:1908.10530): for integer α the finite binomial expansion (Sec. 3.3), for fractional α
 *   the two convergent series split at z₀ = σ²·log(1/q − 1) + 1/2 (Sec. 3.4), both summed in
 *   log space. This mirrors tensorflow_privacy's `rdp_accountant.py` (`_compute_log_a_int`,
 *   `_compute_log_a_frac`). RDP composes additively, so T steps cost T times one step
 *   (Mironov, "Rényi Differential Privacy", CSF 2017).
 * - Conversion to (ε, δ)-DP: the improved bound of Balle et al., "Hypothesis Testing
 *   Interpretations and Rényi Differential Privacy" (AISTATS 2020, Thm. 21) / Canonne, Kamath &
 *   Steinke (2020, arXiv:2004.00010, Prop. 12), as used by current TF Privacy and Opacus;
 *   and, for comparison with older published figures, Mironov's original bound (2017, Prop. 3).
 */

/**
 * RDP orders of TF Privacy's `compute_dp_sgd_privacy` (and of `dp_accounting`'s DP-SGD
 * helpers): [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5] + range(5, 64) + [128, 256, 512].
 * Note that range(5, 64) stops at 63: there is no order 64. Keeping TF's list exactly lets
 * results be compared with TF Privacy's published numbers.
 */
export const DEFAULT_ORDERS: readonly number[] = Object.freeze([
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5,
  ...Array.from({ length: 59 }, (_, k) => 5 + k),
  128, 256, 512,
]);

export interface EpsilonAtOrder {
  /** ε of the (ε, δ)-DP guarantee; Infinity when no order gives a finite bound. */
  epsilon: number;
  /** The order α that minimises ε; NaN when ε is Infinity. */
  order: number;
}

export interface DpSgdParams {
  datasetSize: number;
  batchSize: number;
  epochs: number;
  noiseMultiplier: number;
  delta: number;
  orders?: readonly number[];
}

export interface DpSgdEpsilon extends EpsilonAtOrder {
  steps: number;
  samplingRate: number;
}

// ---------------------------------------------------------------------------------------------
// Log-space arithmetic: A_α's terms easily overflow a double (exp(α²/2σ²) for small σ), so the
// sums are kept as logarithms throughout.

/** log(eˣ + eʸ). */
function logAdd(x: number, y: number): number {
  const hi = Math.max(x, y);
  const lo = Math.min(x, y);
  if (lo === -Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/** log(eˣ − eʸ) for x ≥ y. */
function logSub(x: number, y: number): number {
  if (y === -Infinity) return x;
  if (x < y) {
    // The partial sums of A_α are positive; getting here means the series lost all precision,
    // and silently returning a number could understate the privacy loss.
    throw new RangeError(`logSub: result would be negative (log ${x} − log ${y})`);
  }
  if (x === y) return -Infinity;
  // −expm1(y − x) = 1 − e^(y−x) stays accurate both when y ≈ x and when y ≪ x.
  return x + Math.log(-Math.expm1(y - x));
}

// ---------------------------------------------------------------------------------------------
// log erfc in double precision. JavaScript has no erf; the fractional-α series needs log erfc at
// arguments from about −10 to far beyond the point where erfc underflows (x ≈ 27), so it is
// computed here from two pieces that are each accurate to a few ulps where they are used.

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Below this |x| the Maclaurin series is used, above it the continued fraction. */
const SERIES_LIMIT = 1.5;

/**
 * erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (Abramowitz & Stegun 7.1.6). Every term
 * has the sign of x, so unlike the alternating Taylor series there is no cancellation.
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * log(√π·e^(x²)·erfc(x)) for x > 0 from the continued fraction (A&S 7.1.14)
 *   √π·e^(x²)·erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
 * evaluated with the modified Lentz algorithm. Working with the scaled value means erfc's
 * underflow (x ≳ 27) never arises.
 */
function logScaledErfcCf(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 10_000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -Math.log(f);
}

/** log(erfc(x)) for any real x, accurate to about 1e-15 relative (also for huge x). */
export function logErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return -Infinity;
  if (x === -Infinity) return Math.LN2;
  if (Math.abs(x) < SERIES_LIMIT) return Math.log1p(-erfSeries(x));
  if (x > 0) return logScaledErfcCf(x) - x * x - LOG_SQRT_PI;
  // erfc(x) = 2 − erfc(|x|) ∈ (1.96, 2) here: no cancellation.
  return Math.log(2 - Math.exp(logScaledErfcCf(-x) - x * x - LOG_SQRT_PI));
}

// ---------------------------------------------------------------------------------------------
// log A_α, where A_α = E_{z∼N(0,σ²)}[((1 − q) + q·e^((2z − 1)/(2σ²)))^α] and RDP = log A_α/(α−1).

/** Integer α: A_α = Σᵢ C(α,i)·qⁱ·(1−q)^(α−i)·e^((i²−i)/(2σ²)), all terms positive. */
function logAInt(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const twoSigma2 = 2 * sigma * sigma;
  let logA = -Infinity;
  let logBinom = 0; // log C(α, 0)
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log((alpha - i + 1) / i);
    logA = logAdd(logA, logBinom + i * logQ + (alpha - i) * log1mQ + (i * i - i) / twoSigma2);
  }
  return logA;
}

/** Stop the fractional series once both new terms are below e^−30 (A_α ≥ 1, so that is negligible), as TF Privacy does. */
const FRAC_TERM_CUTOFF = -30;
/** Guard against a series that never meets the cutoff; far beyond what sane parameters need. */
const FRAC_MAX_TERMS = 1_000_000;

/**
 * Fractional α: A_α = A₀ + A₁, the integrals over z ≤ z₀ and z ≥ z₀, each an infinite series in
 * the generalised binomial coefficients C(α, i) (whose sign alternates once i > α + 1).
 */
function logAFrac(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const twoSigma2 = 2 * sigma * sigma;
  const sqrt2Sigma = Math.SQRT2 * sigma;
  // z₀ = σ²·log(1/q − 1) + 1/2, where the two mixture components' likelihood ratio crosses 1.
  const z0 = sigma * sigma * (log1mQ - logQ) + 0.5;
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  let logAbsBinom = 0; // log |C(α, 0)|
  let binomSign = 1;
  for (let i = 0; i < FRAC_MAX_TERMS; i++) {
    if (i > 0) {
      const ratio = (alpha - i + 1) / i;
      logAbsBinom += Math.log(Math.abs(ratio));
      if (ratio < 0) binomSign = -binomSign;
    }
    const j = alpha - i;
    const logT0 = logAbsBinom + i * logQ + j * log1mQ;
    const logT1 = logAbsBinom + j * logQ + i * log1mQ;
    const logE0 = -Math.LN2 + logErfc((i - z0) / sqrt2Sigma);
    const logE1 = -Math.LN2 + logErfc((z0 - j) / sqrt2Sigma);
    const logS0 = logT0 + (i * i - i) / twoSigma2 + logE0;
    const logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
    if (binomSign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < FRAC_TERM_CUTOFF) return logAdd(logA0, logA1);
  }
  // Not converged: report no guarantee rather than a possibly understated one.
  return Infinity;
}

/** RDP of a single sampled-Gaussian step at order α (> 1). */
function rdpOneStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (alpha === Infinity) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  // A_α ≥ 1 exactly; rounding may leave log A_α a hair below 0.
  return Math.max(0, logA / (alpha - 1));
}

function checkOrders(orders: readonly number[]): void {
  for (const alpha of orders) {
    if (!(alpha > 1)) throw new RangeError(`RDP orders must be > 1, got ${alpha}`);
  }
}

/**
 * RDP ε(α) at each order of `steps` compositions of the sampled Gaussian mechanism with Poisson
 * sampling rate q and noise multiplier σ (noise standard deviation / L2 sensitivity).
 */
export function rdpSampledGaussian(q: number, noiseMultiplier: number, steps: number, orders: readonly number[]): number[] {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`sampling rate must be in [0, 1], got ${q}`);
  if (!(noiseMultiplier >= 0)) throw new RangeError(`noise multiplier must be ≥ 0, got ${noiseMultiplier}`);
  if (!(steps >= 0 && Number.isFinite(steps))) throw new RangeError(`steps must be finite and ≥ 0, got ${steps}`);
  checkOrders(orders);
  // Zero steps release nothing; avoids 0 · Infinity = NaN when σ = 0.
  if (steps === 0) return orders.map(() => 0);
  return orders.map((alpha) => steps * rdpOneStep(q, noiseMultiplier, alpha));
}

/** Smallest ε over the usable orders for a per-order bound ε(α, rdp(α)). */
function minimiseOverOrders(
  orders: readonly number[],
  rdp: readonly number[],
  delta: number,
  bound: (alpha: number, rdp: number) => number,
): EpsilonAtOrder {
  if (orders.length !== rdp.length) throw new RangeError(`orders (${orders.length}) and rdp (${rdp.length}) differ in length`);
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
  let best: EpsilonAtOrder = { epsilon: Infinity, order: NaN };
  orders.forEach((alpha, k) => {
    const r = rdp[k]!;
    if (Number.isNaN(r) || r < 0) throw new RangeError(`RDP values must be ≥ 0, got ${r} at order ${alpha}`);
    // α = 1 is KL divergence, for which neither bound holds; infinite orders/RDP bound nothing.
    if (!(alpha > 1) || !Number.isFinite(alpha) || !Number.isFinite(r)) return;
    const epsilon = bound(alpha, r);
    // Strict '<' keeps the first of equal minima, like numpy's argmin in TF Privacy / Opacus.
    if (epsilon < best.epsilon) best = { epsilon, order: alpha };
  });
  // A negative bound still certifies (0, δ)-DP; ε itself is never negative.
  return { epsilon: Math.max(0, best.epsilon), order: best.order };
}

/**
 * (ε, δ)-DP from RDP by the improved conversion (Balle et al. 2020, Thm. 21; Canonne, Kamath &
 * Steinke 2020, Prop. 12): ε = rdp(α) + log((α−1)/α) − (log δ + log α)/(α−1), minimised over α.
 * This is what TF Privacy (since Dec 2020) and Opacus report.
 */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number): EpsilonAtOrder {
  // Same arrangement as TF Privacy's `_compute_eps`, so results agree to the last digits.
  return minimiseOverOrders(orders, rdp, delta, (a, r) => r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1));
}

/**
 * (ε, δ)-DP from RDP by Mironov's original conversion (2017, Prop. 3):
 * ε = rdp(α) + log(1/δ)/(α−1), minimised over α. Always ≥ the improved bound; kept to reproduce
 * figures published before the improved conversion was adopted.
 */
export function epsilonFromRdpClassic(orders: readonly number[], rdp: readonly number[], delta: number): EpsilonAtOrder {
  return minimiseOverOrders(orders, rdp, delta, (a, r) => r - Math.log(delta) / (a - 1));
}

/**
 * ε of DP-SGD with Poisson sampling rate q = batchSize/datasetSize run for
 * ceil(epochs·datasetSize/batchSize) steps, by the improved conversion — the same accounting as
 * TF Privacy's `compute_dp_sgd_privacy` (with its default orders).
 */
export function dpSgdEpsilon({ datasetSize, batchSize, epochs, noiseMultiplier, delta, orders = DEFAULT_ORDERS }: DpSgdParams): DpSgdEpsilon {
  if (!(Number.isInteger(datasetSize) && datasetSize > 0)) throw new RangeError(`datasetSize must be a positive integer, got ${datasetSize}`);
  if (!(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= datasetSize)) {
    throw new RangeError(`batchSize must be an integer in [1, datasetSize], got ${batchSize}`);
  }
  if (!(epochs >= 0 && Number.isFinite(epochs))) throw new RangeError(`epochs must be finite and ≥ 0, got ${epochs}`);
  const samplingRate = batchSize / datasetSize;
  // Same operation order as TF Privacy (epochs·n/batch), so the step count matches exactly.
  const steps = Math.ceil((epochs * datasetSize) / batchSize);
  const rdp = rdpSampledGaussian(samplingRate, noiseMultiplier, steps, orders);
  return { ...epsilonFromRdp(orders, rdp, delta), steps, samplingRate };
}
