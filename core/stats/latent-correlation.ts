/**
 * Correlations of latent standard normals seen through thresholds. A discrete column is a
 * standard normal cut at Φ⁻¹ of its cumulative level shares; a numeric column is its normal
 * score, cut the same way where many rows share one value (a point mass). Scoring such a row by a
 * draw inside its interval, as SDV does, makes the Pearson correlation of the scores understate
 * the latent one (a median split keeps 2/π of it). Mehler's formula inverts that: for functions
 * f, g of a standard-normal pair with correlation ρ, E[f(X)g(Y)] = Σₙ ρⁿ aₙ(f) aₙ(g), with
 * aₙ(f) = E[f(Z) Heₙ(Z)]/√n!. A row of an interval scores the interval's conditional mean, any
 * other row Z itself, and the aₙ of that step-and-identity function have a closed form in the cut
 * points. Solving the series for ρ gives the polyserial and polychoric correlations, and the
 * ordinary one for two columns without ties.
 */
import { normalPdf, normalPpf } from './normal.js';
import { nearestCorrelation, correlationMatrix, identity, isPositiveDefinite } from './linalg.js';

/** Terms of the series kept: the rest weigh at most |ρ|^TERMS, negligible below |ρ| = 0.9. */
const TERMS = 64;

/** Smallest eigenvalue kept clear of zero, so conditioning on some latents stays well posed. */
const MARGIN = 1e-3;

/**
 * Work allowed for repairing the scores' matrix, in d³ (one eigendecomposition of d × d costs a few
 * d³): about a second. A table of hundreds of latents gets few rounds, or none past about 460.
 */
const EIGEN_BUDGET = 1e8;

/** One latent as observed: its score per row (NaN where missing) and the coefficients aₙ of that score, standardised. */
export interface LatentScore {
  readonly scores: Float64Array;
  readonly hermite: Float64Array;
}

/** A latent observed without ties: its normal scores (NaN where the value is missing) are the latent itself. */
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
  const { means, hermite } = piecewise(cum, () => true);
  return { scores: Float64Array.from(rowLevel, (a) => means[a]!), hermite };
}

/**
 * A numeric latent from each row's interval of the uniform scale, [lo, hi] (NaN for missing): a
 * point value (lo = hi) scores Φ⁻¹ of it, clamped `epsilon` inside (0, 1); a value many rows
 * share (lo < hi, the jump of the CDF there) the conditional mean of its interval.
 */
export function numericScore(lo: Float64Array, hi: Float64Array, epsilon: number): LatentScore {
  const pointScore = (u: number) => (Number.isNaN(u) ? NaN : normalPpf(Math.min(1 - epsilon, Math.max(epsilon, u))));
  const jumps = new Map<number, number>();
  for (let r = 0; r < lo.length; r++) if (hi[r]! > lo[r]!) jumps.set(lo[r]!, hi[r]!);
  if (!jumps.size) return continuousScore(Float64Array.from(lo, pointScore));
  // Pieces alternate: the stretch before a jump (Z itself, possibly empty), then the jump (flat).
  const cum = [0];
  const flatPiece = new Map<number, number>();
  for (const [a, b] of [...jumps].sort((x, y) => x[0] - y[0])) {
    cum.push(Math.max(a, cum.at(-1)!));
    flatPiece.set(a, cum.length - 1);
    cum.push(Math.max(b, cum.at(-1)!));
  }
  cum.push(1);
  const flat = new Set(flatPiece.values());
  const { means, hermite } = piecewise(Float64Array.from(cum), (piece) => flat.has(piece));
  const scores = Float64Array.from(lo, (u, r) => {
    const piece = hi[r]! > u ? flatPiece.get(u) : undefined;
    return piece === undefined ? pointScore(u) : means[piece]!;
  });
  return { scores, hermite };
}

/** Standard-normal quadrature for valueScore: trapezoid over ±8 (past it φ < 6e-15), fine enough for a kinked g. */
const QUADRATURE_STEP = 1 / 64;
const QUADRATURE_EDGE = 8;

/** The quadrature's points, their weights (summing to 1) and he₁…he_TERMS at them: the same for every column, so made once. */
let quadratureTable: { z: Float64Array; weight: Float64Array; he: Float64Array[] } | undefined;
function quadrature() {
  if (quadratureTable) return quadratureTable;
  const steps = Math.round((2 * QUADRATURE_EDGE) / QUADRATURE_STEP);
  const z = Float64Array.from({ length: steps + 1 }, (_, i) => -QUADRATURE_EDGE + i * QUADRATURE_STEP);
  const density = z.map((t) => normalPdf(t));
  const total = density.reduce((a, b) => a + b, 0);
  const he: Float64Array[] = [];
  forEachHermite(z, (_, current) => he.push(current));
  return (quadratureTable = { z, weight: density.map((d) => d / total), he });
}

/**
 * A continuous column as generated, x = g(Z) for the latent Z: its values (NaN where missing) and
 * the standardised aₙ of g, by quadrature. Two such columns are paired by their values' Pearson r —
 * the latent ρ whose Σ ρⁿaₙbₙ implies it (NORTA) — so the synthetic values keep the r a report
 * measures, where the normal scores' r carries it only when the data is a Gaussian copula (a yield
 * that rose and fell over the years came back with its r to time 0.38 as 0.29).
 */
export function valueScore(values: Float64Array, g: (z: number) => number): LatentScore {
  const { z, weight, he } = quadrature();
  const raw = z.map(g);
  // The coefficients do not depend on scale: values near 1e160 or 1e-170 must not overflow their squares.
  const scale = raw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const x = scale > 0 && Number.isFinite(scale) ? raw.map((v) => v / scale) : raw;
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += weight[i]! * x[i]!;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += weight[i]! * (x[i]! - mean) ** 2;
  const hermite = Float64Array.from(he, (current) => {
    let s = 0;
    for (let i = 0; i < z.length; i++) s += weight[i]! * (x[i]! - mean) * current[i]!;
    return variance > 0 ? s / Math.sqrt(variance) : 0;
  });
  return { scores: values, hermite };
}

/**
 * heₙ = Heₙ/√n! at `points` for n = 1 … TERMS, by the normalised recurrence (bounded where Heₙ
 * overflows): `visit` gets n, heₙ, heₙ₋₁ and heₙ₋₂.
 */
function forEachHermite(points: Float64Array, visit: (n: number, current: Float64Array, old: Float64Array, older: Float64Array) => void): void {
  let older = new Float64Array(points.length);
  let old = new Float64Array(points.length).fill(1);
  for (let n = 1; n <= TERMS; n++) {
    const current = points.map((t, i) => (t * old[i]! - Math.sqrt(n - 1) * older[i]!) / Math.sqrt(n));
    visit(n, current, old, older);
    older = old;
    old = current;
  }
}

/**
 * The conditional means of the flat pieces between the cut points Φ⁻¹(cum), and the standardised
 * aₙ of the score that is flat there and Z elsewhere. With heₙ = Heₙ/√n! (by its normalised
 * recurrence, which stays bounded where Heₙ overflows) and [g]_c^d = g(c)φ(c) − g(d)φ(d):
 * a flat piece of mean m adds m·[heₙ₋₁]/√n, since ∫Heₙφ = −[Heₙ₋₁φ]; a piece of Z adds
 * [heₙ] + √(n/(n−1))·[heₙ₋₂] (n ≥ 2) or [he₁] + Φ(d) − Φ(c) (n = 1), since z·Heₙ = Heₙ₊₁ + n·Heₙ₋₁.
 */
function piecewise(cum: Float64Array, isFlat: (piece: number) => boolean): { means: Float64Array; hermite: Float64Array } {
  const k = cum.length - 1;
  const cut = Float64Array.from(cum, (c) => (c <= 0 ? -Infinity : c >= 1 ? Infinity : normalPpf(c)));
  const density = Float64Array.from(cut, (t) => (Number.isFinite(t) ? normalPdf(t) : 0));
  const at = Float64Array.from(cut, (t) => (Number.isFinite(t) ? t : 0)); // where φ is 0 the value is moot
  const share = (i: number) => cum[i + 1]! - cum[i]!;
  const means = new Float64Array(k);
  let variance = 0;
  for (let i = 0; i < k; i++) {
    const p = share(i);
    if (isFlat(i)) {
      means[i] = p > 0 ? (density[i]! - density[i + 1]!) / p : 0;
      variance += p * means[i]! ** 2;
    } else variance += at[i]! * density[i]! - at[i + 1]! * density[i + 1]! + p; // ∫ z²φ over the piece
  }
  const bracket = (h: Float64Array, i: number) => h[i]! * density[i]! - h[i + 1]! * density[i + 1]!;
  const hermite = new Float64Array(TERMS);
  forEachHermite(at, (n, current, old, older) => {
    let s = 0;
    for (let i = 0; i < k; i++) {
      if (isFlat(i)) s += (means[i]! * bracket(old, i)) / Math.sqrt(n);
      else s += bracket(current, i) + (n === 1 ? share(i) : Math.sqrt(n / (n - 1)) * bracket(older, i));
    }
    hermite[n - 1] = s;
  });
  // Scaled by the score's standard deviation (Σ aₙ² over all n, not just the terms kept), so
  // Σ ρⁿaₙbₙ is a correlation.
  const sd = Math.sqrt(variance);
  return { means, hermite: sd > 0 ? hermite.map((h) => h / sd) : hermite };
}

/**
 * The latent correlation whose implied score correlation Σₖ ρᵏ aₖbₖ equals `observed`: monotone
 * in ρ because both scores rise with their latent, so Newton's method kept inside a shrinking
 * bracket finds it in a few steps (a wide table has ~10⁶ pairs); an observed value past what any ρ
 * implies takes the nearest end.
 */
export function latentCorrelation(observed: number, a: Float64Array, b: Float64Array): number {
  if (!Number.isFinite(observed)) return 0;
  // A constant column (one level, one value) tells nothing about any latent: 0, not the −1 bisection would reach.
  if (a.every((x) => x === 0) || b.every((x) => x === 0)) return 0;
  if (isLinear(a) && isLinear(b)) return observed; // two latents without ties: r itself
  const c = a.map((x, k) => x * b[k]!);
  // The implied correlation less `observed`, and its slope.
  const gap = (rho: number) => {
    let s = 0;
    let slope = 0;
    let power = 1;
    for (let k = 0; k < TERMS; k++) {
      slope += (k + 1) * power * c[k]!;
      power *= rho;
      s += power * c[k]!;
    }
    return { value: s - observed, slope };
  };
  let lo = -1;
  let hi = 1;
  if (gap(hi).value <= 0) return hi;
  if (gap(lo).value >= 0) return lo;
  let rho = Math.max(-0.99, Math.min(0.99, observed));
  for (let i = 0; i < 100 && hi - lo > 1e-15; i++) {
    const { value, slope } = gap(rho);
    if (value === 0) return rho;
    if (value < 0) lo = rho;
    else hi = rho;
    const next = rho - value / slope;
    // A Newton step that leaves the bracket (or barely moves it) gives way to halving.
    const step = next > lo && next < hi ? next : (lo + hi) / 2;
    if (Math.abs(step - rho) < 1e-16) break;
    rho = step;
  }
  return rho;
}

/** The coefficients of a latent seen without ties: a₁ = 1, every other 0. */
const isLinear = (a: Float64Array): boolean => a[0] === 1 && a.every((x, k) => k === 0 || x === 0);

/**
 * The latents' correlation matrix: each pair over the rows where both are observed, the latent
 * correlation behind its scores' Pearson r. Pairs estimated one at a time need not agree with each
 * other (nor, with missing values, need the scores' own matrix). The scores' matrix is made definite
 * as the nearest correlation matrix that is (on a table of years, each missing on other rows,
 * shrinking it toward the identity instead had cut neighbouring years' 0.98 to 0.6), or, past the
 * eigendecomposition budget, by that shrinking; from there the result goes as far toward the latent
 * matrix as it can while staying definite.
 */
export function latentCorrelationMatrix(latents: readonly LatentScore[], values: readonly (LatentScore | undefined)[] = []): Float64Array {
  const d = latents.length;
  const observed = correlationMatrix(latents.map((l) => l.scores));
  const withValues = latents.map((_, i) => values[i]).flatMap((v, i) => (v ? [i] : []));
  const valueR = correlationMatrix(withValues.map((i) => values[i]!.scores));
  const slot = new Map(withValues.map((i, k) => [i, k]));
  const target = Float64Array.from(observed);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const [vi, vj] = [slot.get(i), slot.get(j)];
      target[i * d + j] = target[j * d + i] =
        vi !== undefined && vj !== undefined
          ? latentCorrelation(valueR[vi * withValues.length + vj]!, values[i]!.hermite, values[j]!.hermite)
          : latentCorrelation(observed[i * d + j]!, latents[i]!.hermite, latents[j]!.hermite);
    }
  const rounds = Math.min(100, Math.floor(EIGEN_BUDGET / d ** 3));
  const definite = (rounds > 0 ? nearestCorrelation(observed, d, MARGIN, rounds) : undefined) ?? farthestDefinite(identity(d), observed, d);
  return farthestDefinite(definite, target, d);
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
