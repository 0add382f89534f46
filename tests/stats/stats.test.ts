import { describe, expect, it } from 'vitest';
import { normalCdf, normalPpf } from '../../core/stats/normal.js';
import { logGamma, regularizedBeta, regularizedGammaP } from '../../core/stats/special.js';
import { cholesky, inverseSpd } from '../../core/stats/linalg.js';

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
