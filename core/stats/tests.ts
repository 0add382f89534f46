/** Sampling distributions used by the EDA tests: Student's t, χ² and Kolmogorov. */
import { regularizedBeta, regularizedGammaQ } from './special.js';

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Upper-tail p-value of a χ² statistic. */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/** Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²): the asymptotic Kolmogorov survival function. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/** Two-sample KS p-value with Stephens' small-sample correction of λ (as in Numerical Recipes). */
export function ksTwoSampleP(d: number, n: number, m: number): number {
  const ne = (n * m) / (n + m);
  const sq = Math.sqrt(ne);
  return kolmogorovSurvival((sq + 0.12 + 0.11 / sq) * d);
}
