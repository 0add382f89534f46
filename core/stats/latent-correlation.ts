/**
 * Correlations of latent standard normals seen through thresholds: a discrete column is a
 * standard normal cut at Φ⁻¹ of its cumulative level shares, and the Pearson correlation of
 * observed scores understates the latent one (a median split keeps 2/π of it). Mehler's formula
 * inverts that: for functions f, g of a standard-normal pair with correlation ρ,
 * E[f(X)g(Y)] = Σₖ ρᵏ aₖ(f) aₖ(g), aₖ(f) = E[f(Z) Heₖ(Z)]/√k!. A discrete column's score is its
 * level's conditional latent mean, whose aₖ have a closed form in the thresholds; a continuous
 * column's normal score is Z itself (a₁ = 1). Solving the series for ρ gives the polyserial and
 * polychoric correlations, and the ordinary one for two continuous columns.
 */
import { normalPdf, normalPpf } from './normal.js';
import { correlationMatrix, identity, isPositiveDefinite } from './linalg.js';

/** Terms of the series kept: the rest weigh at most |ρ|^TERMS, negligible below |ρ| = 0.9. */
const TERMS = 64;

/** Smallest eigenvalue kept clear of zero, so conditioning on some latents stays well posed. */
const MARGIN = 1e-3;

/** One latent as observed: its score per row and the coefficients aₙ of that score, standardised. */
export interface LatentScore {
  readonly scores: Float64Array;
  readonly hermite: Float64Array;
}

/** A continuous latent: its normal scores (NaN where the value is missing) are the latent itself. */
export function continuousScore(z: Float64Array): LatentScore {
  const hermite = new Float64Array(TERMS);
  hermite[0] = 1;
  return { scores: z, hermite };
}

/**
 * A discrete latent from its cumulative level shares (`cum[0] = 0` … `cum[k] = 1`) and each row's
 * level: rows score their level's conditional mean E[Z | level].
 */
export function discreteScore(cum: Float64Array, rowLevel: Int32Array): LatentScore {
  const k = cum.length - 1;
  const cut = Float64Array.from(cum, (c) => (c <= 0 ? -Infinity : c >= 1 ? Infinity : normalPpf(c)));
  const density = Float64Array.from(cut, (t) => (Number.isFinite(t) ? normalPdf(t) : 0));
  const means = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const p = cum[a + 1]! - cum[a]!;
    means[a] = p > 0 ? (density[a]! - density[a + 1]!) / p : 0;
  }
  // aₙ = Σ_levels mean · ∫ Heₙ φ over the level = Σ mean · [heₙ₋₁ φ]_upper^lower / √n, with
  // heₙ = Heₙ/√n! by its normalised recurrence, which stays bounded where Heₙ overflows.
  const hermite = new Float64Array(TERMS);
  const prev = new Float64Array(k + 1);
  const curr = new Float64Array(k + 1).fill(1);
  for (let n = 1; n <= TERMS; n++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += means[a]! * (curr[a]! * density[a]! - curr[a + 1]! * density[a + 1]!);
    hermite[n - 1] = s / Math.sqrt(n);
    for (let i = 0; i <= k; i++) {
      const t = Number.isFinite(cut[i]!) ? cut[i]! : 0;
      const next = (t * curr[i]! - Math.sqrt(n - 1) * prev[i]!) / Math.sqrt(n);
      prev[i] = curr[i]!;
      curr[i] = next;
    }
  }
  // Scaled by the scores' standard deviation (Σ aₙ² over all n, not just the terms kept), so
  // Σ ρⁿaₙbₙ is a correlation.
  let variance = 0;
  for (let a = 0; a < k; a++) variance += (cum[a + 1]! - cum[a]!) * means[a]! ** 2;
  const sd = Math.sqrt(variance);
  return { scores: Float64Array.from(rowLevel, (a) => means[a]!), hermite: sd > 0 ? hermite.map((h) => h / sd) : hermite };
}

/**
 * The latent correlation whose implied score correlation Σₖ ρᵏ aₖbₖ equals `observed`: monotone
 * in ρ because both scores rise with their latent, so bisection finds it; an observed value past
 * what any ρ implies takes the nearest end.
 */
export function latentCorrelation(observed: number, a: Float64Array, b: Float64Array): number {
  if (a.every((x, k) => k === 0 || x === 0) && b.every((x, k) => k === 0 || x === 0)) return observed; // two continuous latents: r itself
  const implied = (rho: number) => {
    let s = 0;
    let power = 1;
    for (let k = 0; k < TERMS; k++) {
      power *= rho;
      s += power * a[k]! * b[k]!;
    }
    return s;
  };
  let lo = -1;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (implied(mid) < observed) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The latents' correlation matrix: each pair over the rows where both are observed, the latent
 * correlation behind its scores' Pearson r. Pairs estimated one at a time need not agree with each
 * other (nor, with missing values, need the scores' own matrix): the result goes as far toward them
 * as it can while staying positive definite, from the identity to the scores' matrix and from there
 * to the latent one.
 */
export function latentCorrelationMatrix(latents: readonly LatentScore[]): Float64Array {
  const d = latents.length;
  const observed = correlationMatrix(latents.map((l) => l.scores));
  const target = Float64Array.from(observed);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) target[i * d + j] = target[j * d + i] = latentCorrelation(observed[i * d + j]!, latents[i]!.hermite, latents[j]!.hermite);
  return farthestDefinite(farthestDefinite(identity(d), observed, d), target, d);
}

/** The point nearest `to` on the segment from `from` (positive definite) whose eigenvalues all exceed MARGIN. */
function farthestDefinite(from: Float64Array, to: Float64Array, d: number): Float64Array {
  if (isPositiveDefinite(to, d, MARGIN)) return to;
  const at = (t: number) => from.map((a, x) => a + t * (to[x]! - a));
  let lo = 0;
  let hi = 1;
  // 16 halvings: within 2⁻¹⁶ of the boundary, each a Cholesky factorisation of d × d.
  for (let i = 0; i < 16; i++) {
    const mid = (lo + hi) / 2;
    if (isPositiveDefinite(at(mid), d, MARGIN)) lo = mid;
    else hi = mid;
  }
  return at(lo);
}
