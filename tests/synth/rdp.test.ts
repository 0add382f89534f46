import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORDERS,
  dpSgdEpsilon,
  epsilonFromRdp,
  epsilonFromRdpClassic,
  logErfc,
  rdpSampledGaussian,
} from '../../core/synth/dp/rdp.js';
import { noiseForEpsilon } from '../../core/synth/neural/dp-sgd.js';
import type { ProblemError } from '../../core/errors.js';

/** |actual − expected| ≤ tol·|expected|. */
function expectRelClose(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

/** |actual − expected| ≤ tol, for figures published rounded to two decimals. */
function expectAbsClose(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol);
}

/** Orders of the 2019 TF Privacy MNIST tutorial: [1 + x/10 for x in range(1, 100)] + list(range(12, 64)). */
const TUTORIAL_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, k) => 12 + k),
];

describe('logErfc', () => {
  // Reference values: mpmath log(erfc(x)) at 50 digits.
  it.each([
    [-5, 0.6931471805591766],
    [-1, 0.6112323176780705],
    [0, 0],
    [0.5, -0.7350111298370844],
    [1.49, -3.3494933196824848],
    [1.51, -3.4196693873666084],
    [3, -10.720363041981113],
    [27, -732.8688865078974], // erfc itself underflows here
    [1000, -1000007.4801207219],
  ])('log erfc(%s)', (x, expected) => {
    expect(Math.abs(logErfc(x) - expected)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(expected)));
  });
});

describe('rdpSampledGaussian', () => {
  it('without subsampling (q = 1) is the Gaussian mechanism: α·T/(2σ²)', () => {
    const orders = [1.5, 2, 3.7, 32, 512];
    for (const [sigma, steps] of [[1, 1], [1.1, 100], [4, 7]] as const) {
      rdpSampledGaussian(1, sigma, steps, orders).forEach((r, k) => {
        expectRelClose(r, (orders[k]! * steps) / (2 * sigma * sigma), 1e-15);
      });
    }
  });

  it('special cases: q = 0 costs nothing, σ = 0 has no guarantee, RDP is linear in steps', () => {
    expect(rdpSampledGaussian(0, 1, 1000, DEFAULT_ORDERS).every((r) => r === 0)).toBe(true);
    expect(rdpSampledGaussian(0.01, 0, 10, [1.5, 2]).every((r) => r === Infinity)).toBe(true);
    expect(epsilonFromRdp([1.5, 2], [Infinity, Infinity], 1e-5).epsilon).toBe(Infinity);
    const one = rdpSampledGaussian(0.02, 1.3, 1, DEFAULT_ORDERS);
    rdpSampledGaussian(0.02, 1.3, 250, DEFAULT_ORDERS).forEach((r, k) => expectRelClose(r, 250 * one[k]!, 1e-14));
    expect(() => rdpSampledGaussian(0.1, 1, 1, [1])).toThrow(RangeError);
    expect(() => rdpSampledGaussian(1.5, 1, 1, [2])).toThrow(RangeError);
  });

  // Independent reference: log(A_α)/(α−1) with A_α = ∫ N(z; 0, σ²)·((1−q) + q·e^((2z−1)/(2σ²)))^α dz
  // by mpmath quadrature at 40 digits (the check TF Privacy's own tests make against mpmath).
  it.each([
    [256 / 60000, 1.1, 1.5, 1.7479784462924327e-5],
    [256 / 60000, 1.1, 2.5, 2.9358070281807934e-5],
    [256 / 60000, 1.1, 3, 3.5367698972047458e-5],
    [256 / 60000, 1.1, 8, 9.8341061779926004e-5],
    [256 / 60000, 1.1, 32, 7.5901883462101088],
    [0.01, 0.7, 2.999, 1.2197579596895894e-3],
    [0.01, 0.7, 3.001, 1.2212172801369020e-3],
    [1.024e-5, 0.1, 1.25, 6.0497073317456434],
    [0.5, 100, 1.5, 1.8750468750976551e-5],
    [0.1, 2, 5, 7.7369684897958652e-3],
    [0.01, 2.5, 1.5, 1.3001417943760795e-5],
    [0.01, 2.5, 100, 3.3483261509683651],
  ])('q=%s σ=%s α=%s matches numerical integration', (q, sigma, alpha, expected) => {
    // The fractional series stops at terms < e^−30, as TF Privacy's does: ~1e-8 relative at worst
    // when the RDP itself is ~1e-5. The integer path is exact to rounding.
    const tol = Number.isInteger(alpha) ? 1e-12 : 3e-8;
    expectRelClose(rdpSampledGaussian(q, sigma, 1, [alpha])[0]!, expected, tol);
  });

  // tensorflow_privacy/privacy/analysis/rdp_accountant_test.py (test_compute_rdp_scalar,
  // test_compute_rdp_sequence), asserted there to 5 decimal places.
  it('reproduces TF Privacy rdp_accountant_test values', () => {
    expect(rdpSampledGaussian(0.1, 2, 10, [5])[0]).toBeCloseTo(0.07737, 5);
    const expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
    rdpSampledGaussian(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]).forEach((r, k) => {
      expect(Math.abs(r - expected[k]!)).toBeLessThanOrEqual(1e-5);
    });
  });

  it('integer-α and fractional-α computations agree across an integer order', () => {
    for (const [q, sigma] of [[0.01, 0.7], [256 / 60000, 1.1], [0.1, 2], [0.5, 0.5]] as const) {
      for (const alpha of [2, 3, 8]) {
        const [below, at, above] = rdpSampledGaussian(q, sigma, 1, [alpha - 1e-3, alpha, alpha + 1e-3]);
        // RDP is increasing in α ...
        expect(below!).toBeLessThan(at!);
        expect(at!).toBeLessThan(above!);
        // ... and smooth: the fractional path's values either side of α average to the integer path's.
        const [near0, near1] = rdpSampledGaussian(q, sigma, 1, [alpha - 1e-6, alpha + 1e-6]);
        expectRelClose((near0! + near1!) / 2, at!, 1e-10);
        expectRelClose(near0!, at!, 1e-5);
      }
    }
  });
});

describe('epsilonFromRdp', () => {
  // rdp_accountant_test.py test_get_privacy_spent_check_target_delta (improved conversion).
  it('constant RDP picks the largest order (TF Privacy test value)', () => {
    const orders = Array.from({ length: 31 }, (_, k) => 2 + k);
    const { epsilon, order } = epsilonFromRdp(orders, orders.map(() => 1.1), 1e-5);
    expect(order).toBe(32);
    expect(epsilon).toBeCloseTo(1.32783806176, 9);
  });

  it('σ = 4.530877117 Gaussian gives ε = 1 at δ = 1e-6 over a fine order grid (TF Privacy test value)', () => {
    const orders = Array.from({ length: 98_999 }, (_, k) => 0.001 * (1001 + k));
    const rdp = rdpSampledGaussian(1, 4.530877117, 1, orders);
    expect(epsilonFromRdp(orders, rdp, 1e-6).epsilon).toBeCloseTo(1, 6);
  });

  it('the improved conversion is never worse than the classic one', () => {
    for (const [q, sigma, steps] of [[0.004, 1.1, 14063], [0.01, 0.5, 1000], [0.1, 2, 100], [1, 3, 1]] as const) {
      const rdp = rdpSampledGaussian(q, sigma, steps, DEFAULT_ORDERS);
      for (const delta of [1e-3, 1e-5, 1e-9]) {
        expect(epsilonFromRdp(DEFAULT_ORDERS, rdp, delta).epsilon).toBeLessThanOrEqual(epsilonFromRdpClassic(DEFAULT_ORDERS, rdp, delta).epsilon);
      }
    }
  });

  it('skips orders ≤ 1 and infinite RDP, and rejects malformed input', () => {
    const { order } = epsilonFromRdp([1, 2, 3], [0.01, Infinity, 0.5], 1e-5);
    expect(order).toBe(3);
    expect(() => epsilonFromRdp([2, 3], [0.1], 1e-5)).toThrow(RangeError);
    expect(() => epsilonFromRdp([2], [0.1], 0)).toThrow(RangeError);
  });
});

describe('dpSgdEpsilon', () => {
  // tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py, test_compute_dp_sgd_privacy:
  // (n, batch, σ, epochs, δ) → (ε, order) with DEFAULT_ORDERS. The improved-conversion values are
  // those of commit be8175b (Dec 2020, "Improved conversion from Renyi DP to approx DP") through
  // 2023 (since 2024 the third reads 5907982.3113984, 3e-12 away); the classic ones are the same
  // test at commit 2007aac (Oct 2019).
  it.each([
    [60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 0.941870567, 19],
    [100000, 100, 1.0, 30, 1e-7, 1.4154988495444845, 1.70928734, 13],
    [100000000, 1024, 0.1, 10, 1e-7, 5907982.31138195, 5907984.81339406, 1.25],
  ])('TF Privacy regression case n=%s batch=%s σ=%s epochs=%s', (n, batch, sigma, epochs, delta, improved, classic, order) => {
    const result = dpSgdEpsilon({ datasetSize: n, batchSize: batch, epochs, noiseMultiplier: sigma, delta });
    expectRelClose(result.epsilon, improved, 1e-9);
    expect(result.order).toBe(order);
    const rdp = rdpSampledGaussian(result.samplingRate, sigma, result.steps, DEFAULT_ORDERS);
    const old = epsilonFromRdpClassic(DEFAULT_ORDERS, rdp, delta);
    expectRelClose(old.epsilon, classic, 1e-8);
    expect(old.order).toBe(order);
  });

  it('steps and sampling rate follow TF Privacy (ceil(epochs·n/batch))', () => {
    const r = dpSgdEpsilon({ datasetSize: 60000, batchSize: 256, epochs: 60, noiseMultiplier: 1.1, delta: 1e-5 });
    expect(r.steps).toBe(14063);
    expect(r.samplingRate).toBe(256 / 60000);
  });

  // Published figures from the time TF Privacy used the classic conversion, rounded to 2 decimals
  // (so asserted within 0.01). All have n = 60000 (MNIST) and δ = 1e-5.
  it('compute_dp_sgd_privacy.py docstring (Jan 2019): batch 256, σ = 1.12, 60 epochs → ε = 2.92', () => {
    const q = 256 / 60000;
    const rdp = rdpSampledGaussian(q, 1.12, Math.ceil((60 * 60000) / 256), DEFAULT_ORDERS);
    expectAbsClose(epsilonFromRdpClassic(DEFAULT_ORDERS, rdp, 1e-5).epsilon, 2.92, 0.01);
  });

  it('Classification_Privacy.ipynb (2019–2020): batch 250, σ = 1.3, 15 epochs → ε = 1.18', () => {
    const rdp = rdpSampledGaussian(250 / 60000, 1.3, Math.ceil((15 * 60000) / 250), DEFAULT_ORDERS);
    expectAbsClose(epsilonFromRdpClassic(DEFAULT_ORDERS, rdp, 1e-5).epsilon, 1.18, 0.01);
  });

  // tutorials/README.md, MNIST tutorial with batch 256: mnist_dpsgd_tutorial.py trains
  // 60000 // 256 = 234 steps per epoch and uses TUTORIAL_ORDERS.
  // Jan 2019 (commit 047e1ee) default σ = 1.12: 1 epoch 1.00, 2 epochs 1.04, 60 epochs 2.92;
  // table: σ = 0.6 / 30 epochs 9.74, σ = 1.2 / 10 epochs 1.20.
  // Sep 2019 (commit 0776ed1) default σ = 1.1: 1 epoch 1.03, 2 epochs 1.11, 60 epochs 3.01;
  // table: σ = 1.3 / 15 epochs 1.19, σ = 0.7 / 45 epochs 7.10.
  it.each([
    [1.12, 1, 1.0],
    [1.12, 2, 1.04],
    [1.12, 60, 2.92],
    [0.6, 30, 9.74],
    [1.2, 10, 1.2],
    [1.1, 1, 1.03],
    [1.1, 2, 1.11],
    [1.1, 60, 3.01],
    [1.3, 15, 1.19],
    [0.7, 45, 7.1],
  ])('TF Privacy MNIST tutorial README: σ=%s, %s epochs → ε = %s', (sigma, epochs, published) => {
    const rdp = rdpSampledGaussian(256 / 60000, sigma, 234 * epochs, TUTORIAL_ORDERS);
    expectAbsClose(epsilonFromRdpClassic(TUTORIAL_ORDERS, rdp, 1e-5).epsilon, published, 0.01);
  });

  it('ε falls as σ grows and rises with epochs and with the sampling rate', () => {
    const base = { datasetSize: 60000, batchSize: 256, epochs: 10, noiseMultiplier: 1.1, delta: 1e-5 };
    const eps = (over: Partial<typeof base>) => dpSgdEpsilon({ ...base, ...over }).epsilon;
    const bySigma = [0.6, 0.8, 1.1, 1.5, 2, 4].map((noiseMultiplier) => eps({ noiseMultiplier }));
    const byEpochs = [1, 2, 5, 10, 30, 100].map((epochs) => eps({ epochs }));
    // Fixed number of steps, so only q changes.
    const byRate = [64, 128, 256, 512, 1024].map((batchSize) => dpSgdEpsilon({ ...base, batchSize, epochs: (10 * batchSize) / 256 }).epsilon);
    for (let k = 1; k < bySigma.length; k++) expect(bySigma[k]!).toBeLessThan(bySigma[k - 1]!);
    for (let k = 1; k < byEpochs.length; k++) expect(byEpochs[k]!).toBeGreaterThan(byEpochs[k - 1]!);
    for (let k = 1; k < byRate.length; k++) expect(byRate[k]!).toBeGreaterThan(byRate[k - 1]!);
  });

  it('rejects a batch larger than the dataset', () => {
    expect(() => dpSgdEpsilon({ datasetSize: 100, batchSize: 101, epochs: 1, noiseMultiplier: 1, delta: 1e-5 })).toThrow(RangeError);
  });
});

describe('noise for a target epsilon', () => {
  it('says what can help when no noise reaches the target: fewer epochs, or for a single one only a larger epsilon', () => {
    const detail = (epochs: number) => {
      try {
        noiseForEpsilon(1e-4, { datasetSize: 10, lotSize: 10, epochs, delta: 1e-5 });
      } catch (e) {
        return (e as ProblemError).detail;
      }
      return 'reached';
    };
    expect(detail(5)).toContain('Raise epsilon, or train fewer epochs.');
    expect(detail(1)).toContain('Raise epsilon: a single epoch over so few rows already spends more.');
    expect(noiseForEpsilon(1, { datasetSize: 1000, lotSize: 100, epochs: 1, delta: 1e-5 })).toBeGreaterThan(0);
  });
});
