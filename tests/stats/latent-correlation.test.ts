import { describe, expect, it } from 'vitest';
import { continuousScore, discreteScore, latentCorrelation, latentCorrelationMatrix, numericScore, valueScore } from '../../core/stats/latent-correlation.js';
import { isPositiveDefinite } from '../../core/stats/linalg.js';
import { pearson } from '../../core/metrics/quality.js';
import { normalCdf } from '../../core/stats/normal.js';
import { Rng } from '../../core/random.js';

/** A discrete latent cut at the given cumulative shares; rows' levels from the latent values z. */
function cutAt(cum: number[], z: Float64Array) {
  const levelOf = (x: number) => cum.findIndex((c, i) => i > 0 && normalCdf(x) < c) - 1;
  return discreteScore(Float64Array.from(cum), Int32Array.from(z, (x) => Math.max(0, levelOf(x) < 0 ? cum.length - 2 : levelOf(x))));
}

/** n draws of a standard-normal pair with correlation rho. */
function normalPair(n: number, rho: number, seed: number): [Float64Array, Float64Array] {
  const rng = Rng.seeded(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = rho * x[i]! + Math.sqrt(1 - rho * rho) * rng.normal();
  }
  return [x, y];
}

const linear = continuousScore(new Float64Array(0)).hermite;
const median = discreteScore(Float64Array.from([0, 0.5, 1]), new Int32Array(0)).hermite;

describe('latent correlation of thresholded normals', () => {
  it('inverts the point-biserial attenuation of a median split: r = ρ·√(2/π)', () => {
    for (const rho of [-0.8, 0.3, 0.9]) expect(latentCorrelation(rho * Math.sqrt(2 / Math.PI), median, linear)).toBeCloseTo(rho, 4);
  });

  it('inverts Sheppard’s formula for two median splits: φ = (2/π)·asin ρ (the tetrachoric correlation)', () => {
    for (const rho of [-0.6, 0.2, 0.85]) expect(latentCorrelation((2 / Math.PI) * Math.asin(rho), median, median)).toBeCloseTo(rho, 3);
  });

  it('gives 0 against a constant column, which tells nothing about any latent (bisection reached −1)', () => {
    const constant = discreteScore(Float64Array.from([0, 1]), new Int32Array(0)).hermite;
    expect(latentCorrelation(0, constant, median)).toBe(0);
    expect(latentCorrelation(0, linear, constant)).toBe(0);
  });

  it('gives back r itself for two continuous latents', () => {
    expect(latentCorrelation(0.4321, linear, linear)).toBe(0.4321);
  });

  it('recovers the latent ρ of simulated data cut at uneven shares (polyserial and polychoric)', () => {
    const [x, y] = normalPair(200_000, 0.6, 1);
    const a = cutAt([0, 0.1, 0.45, 0.8, 1], x);
    const b = cutAt([0, 0.7, 1], y);
    const polyserial = latentCorrelation(pearson(a.scores, y)!, a.hermite, linear);
    const polychoric = latentCorrelation(pearson(a.scores, b.scores)!, a.hermite, b.hermite);
    expect(Math.abs(polyserial - 0.6)).toBeLessThan(0.01);
    expect(Math.abs(polychoric - 0.6)).toBeLessThan(0.015);
    // What Pearson of the scores alone says: attenuated.
    expect(pearson(a.scores, b.scores)!).toBeLessThan(0.5);
  });

  it('returns a positive-definite matrix when pairwise estimates disagree, keeping their signs', () => {
    const [x] = normalPair(2000, 0, 2);
    const same = cutAt([0, 0.5, 1], x);
    const opposite = cutAt([0, 0.5, 1], x.map((v) => -v));
    const m = latentCorrelationMatrix([same, same, opposite]);
    expect(isPositiveDefinite(m, 3, 1e-4)).toBe(true);
    expect(m[1]).toBeGreaterThan(0.5);
    expect(m[2]).toBeLessThan(-0.5);
    for (let i = 0; i < 3; i++) expect(m[i * 3 + i]).toBe(1);
  });
  it('recovers ρ through a point mass: a numeric column censored at its 40th percentile', () => {
    const [x, y] = normalPair(200_000, 0.7, 3);
    // Below the cut every row holds the same value: the CDF jumps from 0 to 0.4 there.
    const lo = Float64Array.from(x, (v) => (normalCdf(v) < 0.4 ? 0 : normalCdf(v)));
    const hi = Float64Array.from(x, (v) => Math.max(0.4, normalCdf(v)));
    const tied = numericScore(lo, hi, 1e-10);
    expect(Math.abs(latentCorrelation(pearson(tied.scores, y)!, tied.hermite, linear) - 0.7)).toBeLessThan(0.01);
    // Without ties the score is the normal score itself, and r is ρ.
    const plain = numericScore(Float64Array.from(x, normalCdf), Float64Array.from(x, normalCdf), 1e-10);
    expect(Array.from(plain.hermite.slice(0, 3))).toEqual([1, 0, 0]);
  });
});

describe('values as generated (NORTA)', () => {
  it('gives the latent ρ behind two lognormals\' Pearson r, in closed form: r = (e^{ρσ²} − 1)/(e^{σ²} − 1)', () => {
    const sigma = 1;
    const lognormal = valueScore(new Float64Array(0), (z) => Math.exp(sigma * z)).hermite;
    for (const rho of [-0.5, 0.2, 0.6, 0.9]) {
      const r = Math.expm1(rho * sigma ** 2) / Math.expm1(sigma ** 2);
      expect(latentCorrelation(r, lognormal, lognormal)).toBeCloseTo(rho, 4);
    }
    // A normal marginal is linear in its latent: a₁ = 1, the rest 0.
    const normal = valueScore(new Float64Array(0), (z) => 3 + 2 * z).hermite;
    expect(normal[0]).toBeCloseTo(1, 6);
    expect(Math.max(...normal.slice(1).map(Math.abs))).toBeLessThan(1e-6);
    // Scale does not matter, even where squares overflow or underflow a double.
    for (const scale of [1e160, 1e-170]) expect(valueScore(new Float64Array(0), (z) => scale * z).hermite[0]).toBeCloseTo(1, 6);
    expect(latentCorrelation(NaN, normal, normal)).toBe(0);
  });

  it('pairs two value scores by their values\' r and the rest by the scores\' r', () => {
    const [x, y] = normalPair(20_000, 0.6, 4);
    const ex = Float64Array.from(x, Math.exp);
    const ey = Float64Array.from(y, Math.exp);
    const scores = [continuousScore(x), continuousScore(y), cutAt([0, 0.5, 1], x)];
    const values = [valueScore(ex, Math.exp), valueScore(ey, Math.exp), undefined];
    const m = latentCorrelationMatrix(scores, values);
    expect(Math.abs(m[1]! - 0.6)).toBeLessThan(0.03);
    // The discrete column against the first: its polyserial ρ with x, which is x itself.
    expect(m[2]).toBeCloseTo(1, 1);
  });
});
