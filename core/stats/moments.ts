/**
 * Central moments that merge. A chunk's moments come from two passes over its values (mean first,
 * then the sums of powers of deviations, which avoids the cancellation of raw power sums); two
 * chunks combine with the pairwise update of Chan, Golub & LeVeque (1979), extended to the third
 * and fourth moments by Pébay (2008, Sandia report SAND2008-6212, eqs. 2.1–2.3). A file read in
 * chunks therefore gets the moments of one pass over all of it, up to rounding.
 */

/**
 * n values, their mean, and the sums of the 2nd, 3rd and 4th powers of their deviations from it,
 * all in units of 2^exponent. Values near 1e300 would overflow d⁴ (and values near 1e-300 underflow
 * it), so each chunk works on x·2^−exponent with exponent taken from its largest |x|: scaling by a
 * power of two is exact, so ordinary data gets bit-for-bit the unscaled sums.
 */
export interface CentralMoments {
  readonly n: number;
  readonly mean: number;
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
  readonly exponent: number;
}

export const NO_MOMENTS: CentralMoments = { n: 0, mean: 0, m2: 0, m3: 0, m4: 0, exponent: 0 };

/** The power of two that brings the largest |x| near 1 (0 for zeros and non-finite data, left as they are; at least −1000 so 2^−exponent stays finite). */
const exponentFor = (maxAbs: number) => (maxAbs > 0 && Number.isFinite(maxAbs) ? Math.max(-1000, Math.floor(Math.log2(maxAbs))) : 0);

/**
 * Moments of the non-NaN values (a column with NaN for missing needs no copy), by the corrected
 * two-pass algorithm: the second pass also sums the deviations, whose mean (the rounding error of
 * the first pass's mean) then corrects the mean and shifts the sums of powers onto it. Without
 * that, a million values near 1e6 leave m3 wrong in its ninth digit.
 */
export function centralMoments(values: Float64Array): CentralMoments {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!n) return NO_MOMENTS;
  const exponent = exponentFor(Math.max(Math.abs(min), Math.abs(max)));
  const unit = 2 ** -exponent;
  // Constant data has no spread: exact zeros, not the rounding of a mean that is not quite the value.
  if (min === max) return { n, mean: min * unit, m2: 0, m3: 0, m4: 0, exponent };
  const provisional = Number.isFinite(sum) ? (sum * unit) / n : scaledSum(values, unit) / n;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const d = v * unit - provisional;
    const d2 = d * d;
    s1 += d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  // Σ(d − δ)^k expanded, with δ = s1/n the provisional mean's error.
  const delta = s1 / n;
  if (delta === 0) return { n, mean: provisional, m2: s2, m3: s3, m4: s4, exponent };
  const m2 = s2 - s1 * delta;
  const m3 = s3 - 3 * delta * s2 + 2 * n * delta ** 3;
  const m4 = s4 - 4 * delta * s3 + 6 * delta * delta * s2 - 3 * n * delta ** 4;
  return { n, mean: provisional + delta, m2, m3, m4, exponent };
}

/** Σ x·unit over the non-NaN values: the first pass again, for sums that overflowed unscaled. */
function scaledSum(values: Float64Array, unit: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) sum += values[i]! * unit;
  return sum;
}

/** The same moments in units of 2^exponent (exponent ≥ m.exponent: exact unless tiny ones underflow). */
function inUnits(m: CentralMoments, exponent: number): CentralMoments {
  if (m.exponent === exponent) return m;
  const f = 2 ** (m.exponent - exponent);
  return { n: m.n, mean: m.mean * f, m2: m.m2 * f * f, m3: m.m3 * f * f * f, m4: m.m4 * f * f * f * f, exponent };
}

/** The moments of the union of two disjoint sets of values. */
export function mergeMoments(a0: CentralMoments, b0: CentralMoments): CentralMoments {
  if (!b0.n) return a0;
  if (!a0.n) return b0;
  const exponent = Math.max(a0.exponent, b0.exponent);
  const a = inUnits(a0, exponent);
  const b = inUnits(b0, exponent);
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  const dn = delta / n;
  const ab = a.n * b.n;
  const m2 = a.m2 + b.m2 + delta * dn * ab;
  const m3 = a.m3 + b.m3 + delta * dn * dn * ab * (a.n - b.n) + 3 * dn * (a.n * b.m2 - b.n * a.m2);
  const m4 =
    a.m4 +
    b.m4 +
    delta * dn * dn * dn * ab * (a.n * a.n - ab + b.n * b.n) +
    6 * dn * dn * (a.n * a.n * b.m2 + b.n * b.n * a.m2) +
    4 * dn * (a.n * b.m3 - b.n * a.m3);
  return { n, mean: a.mean + dn * b.n, m2, m3, m4, exponent };
}

/**
 * The pandas estimators: std is the sample standard deviation (n − 1); skewness is the adjusted
 * Fisher–Pearson G1 = √(n(n−1))/(n−2) · g1; kurtosis is the excess kurtosis
 * G2 = (n−1)/((n−2)(n−3)) · ((n+1) g2 + 6), with g1, g2 the population (biased) moment ratios.
 * Constant data has skewness and kurtosis 0 (the bias correction would otherwise turn g2 = 0 into
 * 6(n−1)/((n−2)(n−3))); too few values give NaN, as in pandas. Mean and std come back in the data's
 * units; g1 and g2 are scale-free.
 */
export function momentStatistics(moments: CentralMoments): { mean: number; std: number; skewness: number; kurtosis: number } {
  const { n, mean } = moments;
  const unit = 2 ** moments.exponent;
  const m2 = moments.m2 / n;
  const m3 = moments.m3 / n;
  const m4 = moments.m4 / n;
  const std = n > 1 ? Math.sqrt((m2 * n) / (n - 1)) * unit : NaN;
  const spread = m2 > 0;
  const g1 = spread ? m3 / m2 ** 1.5 : 0;
  const g2 = spread ? m4 / (m2 * m2) - 3 : 0;
  const skewness = n > 2 ? (spread ? (Math.sqrt(n * (n - 1)) / (n - 2)) * g1 : 0) : NaN;
  const kurtosis = n > 3 ? (spread ? ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6) : 0) : NaN;
  return { mean: n ? mean * unit : NaN, std, skewness, kurtosis };
}
