import { describe, expect, it } from 'vitest';
import { normalCdf, normalPpf } from '../../core/stats/normal.js';
import { logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from '../../core/stats/special.js';
import { chiSquareSurvival } from '../../core/stats/tests.js';
import { centralMoments, mergeMoments, momentStatistics } from '../../core/stats/moments.js';
import { cholesky, inverseSpd, recolour } from '../../core/stats/linalg.js';
import { Rng } from '../../core/random.js';

describe('special functions against published values', () => {
  it('normal CDF and quantile (Abramowitz & Stegun tables)', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalPpf(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalPpf(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    for (const p of [1e-8, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalPpf(p))).toBeCloseTo(p, 12);
  });

  it('log-gamma at integers and halves', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('incomplete beta: closed forms I_x(1,1) = x, I_x(2,1) = x², I_0.5(a,a) = 1/2', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(regularizedBeta(0.5, 3.7, 3.7)).toBeCloseTo(0.5, 12);
  });

  it('incomplete gamma: exponential CDF and χ² with 2 dof', () => {
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    // χ²(k=4) CDF at 9.488 is 0.95 (the textbook critical value).
    expect(regularizedGammaP(2, 9.487729 / 2)).toBeCloseTo(0.95, 5);
  });
});

describe('χ² and Gamma upper tails keep their relative precision', () => {
  it('chiSquareSurvival matches scipy.stats.chi2.sf far into the tail', () => {
    // Constants printed by scipy 1.17: scipy.stats.chi2.sf(x, df).
    const cases: [number, number, number][] = [
      [90, 2, 2.862518580549388e-20],
      [80, 3, 3.0692774861724164e-17],
      [200, 5, 2.8406228986415534e-41],
      [1500, 20, 3.9825649431766797e-306],
      [3.84, 1, 0.05004352124870519],
      [0.5, 10, 0.999993388289439],
    ];
    for (const [x, df, expected] of cases) expect(Math.abs(chiSquareSurvival(x, df) / expected - 1)).toBeLessThan(1e-9);
    // Closed form for df = 2: Q = e^(−x/2).
    expect(chiSquareSurvival(90, 2) / Math.exp(-45) - 1).toBeCloseTo(0, 12);
  });

  it('regularizedGammaQ matches scipy.special.gammaincc on both branches', () => {
    // scipy.special.gammaincc(a, x)
    expect(regularizedGammaQ(3.5, 2)).toBeCloseTo(0.779777408475716, 13);
    expect(regularizedGammaQ(0.5, 0.1)).toBeCloseTo(0.6547208460185768, 13);
    expect(regularizedGammaQ(50, 60)).toBeCloseTo(0.08440668109369177, 13);
  });
});

describe('linear algebra', () => {
  it('Cholesky reproduces the matrix and the inverse is an inverse', () => {
    const a = Float64Array.from([4, 2, 0.4, 2, 3, 0.5, 0.4, 0.5, 1]);
    const l = cholesky(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!;
        expect(s).toBeCloseTo(a[i * 3 + j]!, 12);
      }
    const inv = inverseSpd(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
  });
});

describe('recolour', () => {
  it('gives draws a mean of 0 and the covariance L·Lᵀ exactly', () => {
    const rng = Rng.seeded(3);
    const rows = 50;
    const z = Array.from({ length: 3 }, () => Float64Array.from({ length: rows }, () => 5 + rng.normal()));
    const target = Float64Array.from([4, 1, -2, 1, 2, 0.5, -2, 0.5, 3]);
    recolour(z, rows, cholesky(target, 3));
    for (let i = 0; i < 3; i++) {
      expect(z[i]!.reduce((a, b) => a + b, 0) / rows).toBeCloseTo(0, 12);
      for (let j = 0; j < 3; j++) {
        let c = 0;
        for (let r = 0; r < rows; r++) c += z[i]![r]! * z[j]![r]!;
        expect(c / (rows - 1)).toBeCloseTo(target[i * 3 + j]!, 10);
      }
    }
  });
});

describe('moments at the edges of the float range', () => {
  it('a constant column has skewness and kurtosis 0, not the bias correction of g2 = 0', () => {
    // pandas.Series([0.1] * 10).kurt() is 0; the G2 formula at g2 = 0 would give 6·9/(8·7) = 0.964.
    for (const values of [Array(10).fill(0.1), Array(4).fill(7)]) {
      const m = momentStatistics(centralMoments(Float64Array.from(values)));
      expect(m.kurtosis).toBe(0);
      expect(m.skewness).toBe(0);
      expect(m.std).toBe(0);
      expect(m.mean).toBe(values[0]);
    }
  });

  it('values near 1e301 keep finite moments: those of x/1e300, rescaled', () => {
    const x = [1e300, 3e300, 7e300, 1.2e301, 5e300];
    // numpy/scipy on x/1e300 = [1, 3, 7, 12, 5] (on x itself numpy overflows to inf):
    // mean 5.6, std(ddof=1) 4.219004621945797, skew(bias=False) 0.8309111488745674, kurtosis(bias=False) 0.5813659891427876.
    const m = momentStatistics(centralMoments(Float64Array.from(x)));
    expect(m.mean / 5.6e300 - 1).toBeCloseTo(0, 12);
    expect(m.std / 4.219004621945797e300 - 1).toBeCloseTo(0, 12);
    expect(m.skewness).toBeCloseTo(0.8309111488745674, 12);
    expect(m.kurtosis).toBeCloseTo(0.5813659891427876, 12);
    // Chunks with different scales merge to the same moments.
    const merged = mergeMoments(centralMoments(Float64Array.from([1e-300, 3e-300])), centralMoments(Float64Array.from(x)));
    const all = momentStatistics(centralMoments(Float64Array.from([1e-300, 3e-300, ...x])));
    const parts = momentStatistics(merged);
    for (const key of ['mean', 'std', 'skewness', 'kurtosis'] as const) expect(parts[key] / all[key] - 1).toBeCloseTo(0, 12);
    expect(Number.isFinite(all.std)).toBe(true);
  });
});
