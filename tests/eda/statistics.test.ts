import { describe as group, expect, it } from 'vitest';
import { describe, histogram, moments } from '../../core/eda/describe.js';
import { correlationRatio, cramersVCorrected, kendallTauB, pearsonR, correlation } from '../../core/eda/correlation.js';
import { drift, jensenShannonDistance, ksStatistic, psi, wasserstein1 } from '../../core/eda/drift.js';
import { outliers } from '../../core/eda/outliers.js';
import { summary } from '../../core/eda/summary.js';
import { kolmogorovSurvival, studentTTwoSided } from '../../core/stats/tests.js';
import { coded } from '../../core/eda/codes.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

const f = (xs: number[]) => Float64Array.from(xs);

group('moments (pandas estimators, computed by hand)', () => {
  it('sample std, adjusted skewness G1 and excess kurtosis G2 of [1, 2, 3, 4, 10]', () => {
    // mean 4; m2 = 10, m3 = 36, m4 = 278.8 → g1 = 1.13842, G1 = √20/3 · g1; g2 = −0.212, G2 = (4/6)(6·g2 + 6).
    const m = moments(f([1, 2, 3, 4, 10]));
    expect(m.mean).toBe(4);
    expect(m.std).toBeCloseTo(Math.sqrt(50 / 4), 12);
    expect(m.skewness).toBeCloseTo((Math.sqrt(20) / 3) * (36 / 10 ** 1.5), 10);
    expect(m.kurtosis).toBeCloseTo((4 / 6) * (6 * (278.8 / 100 - 3) + 6), 10);
  });

  it('symmetric data has zero skewness', () => {
    expect(moments(f([1, 2, 3, 4, 5])).skewness).toBeCloseTo(0, 12);
  });

  it('Freedman–Diaconis histogram counts every value once', () => {
    const rng = Rng.seeded(1);
    const xs = Float64Array.from({ length: 1000 }, () => rng.normal()).sort();
    const h = histogram(xs);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(h.edges.length).toBe(h.counts.length + 1);
  });
});

group('association measures and tests', () => {
  it('Pearson r and its two-sided t-test p-value', () => {
    expect(pearsonR(f([1, 2, 3, 4]), f([2, 4, 6, 8]))).toBeCloseTo(1, 12);
    // t = 0.5·√(8/0.75) = 1.63299 with 8 df: p = 0.14111 (Student's t table).
    expect(studentTTwoSided(0.5 * Math.sqrt(8 / 0.75), 8)).toBeCloseTo(0.1411, 4);
  });

  it("Kendall's τ-b on a hand-counted example (7 concordant, 3 discordant pairs)", () => {
    expect(kendallTauB(f([1, 2, 3, 4, 5]), f([3, 1, 2, 5, 4])).tau).toBeCloseTo(0.4, 12);
  });

  it("Kendall's p-value uses the tie-corrected Var(S) and keeps tiny tails (scipy.stats.kendalltau, method='asymptotic')", () => {
    const x = f([1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 5, 5, 6, 7, 7, 8]);
    const y = f([1, 2, 1, 3, 3, 2, 4, 4, 5, 4, 6, 6, 5, 7, 8, 8]);
    const tied = kendallTauB(x, y);
    // scipy 1.17: kendalltau(x, y, method='asymptotic') → (0.8311282135993063, 2.6583480778880655e-05)
    expect(tied.tau).toBeCloseTo(0.8311282135993063, 12);
    expect(tied.p! / 2.6583480778880655e-5 - 1).toBeCloseTo(0, 9);
    const n = f(Array.from({ length: 60 }, (_, i) => i));
    // scipy 1.17: kendalltau(range(60), 2·range(60), method='asymptotic').pvalue
    expect(kendallTauB(n, n.map((v) => 2 * v)).p! / 1.488330417793829e-29 - 1).toBeCloseTo(0, 9);
  });

  it('χ² test of a 2×2 table [[10, 20], [20, 10]]: χ² = 6.667, p = 0.00982', () => {
    const a = [...Array(30).fill('x'), ...Array(30).fill('y')];
    const b = [...Array(10).fill('u'), ...Array(20).fill('v'), ...Array(20).fill('u'), ...Array(10).fill('v')];
    const r = cramersVCorrected(coded({ type: 'text', name: 'a', values: a }), coded({ type: 'text', name: 'b', values: b }));
    expect(r.chi2).toBeCloseTo(20 / 3, 10);
    expect(r.p).toBeCloseTo(0.009823, 5);
  });

  it('correlation ratio is 1 when the groups explain everything', () => {
    expect(correlationRatio(f([1, 1, 5, 5]), coded({ type: 'text', name: 'g', values: ['a', 'a', 'b', 'b'] }))).toBeCloseTo(1, 12);
  });

  it('auto picks the measure per pair type', () => {
    const t: Table = {
      rowCount: 4,
      columns: [
        { type: 'float', name: 'x', values: f([1, 2, 3, 4]) },
        { type: 'float', name: 'y', values: f([1, 3, 2, 4]) },
        { type: 'categorical', name: 'g', codes: Int32Array.from([0, 0, 1, 1]), categories: ['a', 'b'] },
      ],
    };
    const r = correlation(t, 'auto', 5);
    expect(r.top_pairs.map((p) => p.measure).sort()).toEqual(['correlation_ratio', 'correlation_ratio', 'pearson']);
  });
});

group('drift', () => {
  it('KS, Wasserstein, PSI and JS against closed forms', () => {
    expect(ksStatistic(f([1, 2, 3, 4]), f([3, 4, 5, 6]))).toBe(0.5);
    expect(wasserstein1(f([0, 1]), f([1, 2]))).toBeCloseTo(1, 12);
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(psi([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.25 * Math.log(1.5) - 0.25 * Math.log(0.5), 12);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
    // Q_KS(1.36) ≈ 0.0494: the 5 % critical value of the Kolmogorov distribution.
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.0494, 3);
  });

  it('calls identical samples stable and a shifted one drift', () => {
    const rng = Rng.seeded(2);
    const a = Float64Array.from({ length: 2000 }, () => rng.normal());
    const same: Table = { rowCount: 2000, columns: [{ type: 'float', name: 'v', values: a }] };
    const shifted: Table = { rowCount: 2000, columns: [{ type: 'float', name: 'v', values: Float64Array.from(a, (v) => v + 1) }] };
    expect(drift(same, same).columns[0]).toMatchObject({ verdict: 'stable', psi: 0 });
    expect(drift(same, shifted).columns[0]).toMatchObject({ verdict: 'drift' });
  });
});

group('outliers and summary', () => {
  const t: Table = {
    rowCount: 6,
    columns: [
      { type: 'integer', name: 'n', values: f([1, 2, 3, 4, 3, 100]) },
      { type: 'categorical', name: 'k', codes: Int32Array.from([0, 0, 0, 0, 0, 0]), categories: ['only'] },
    ],
  };

  it('flags values beyond the fences, by row', () => {
    const r = outliers(t, 'iqr', undefined, { offset: 0, limit: 10 });
    expect(r.columns[0]).toMatchObject({ column: 'n', count: 1, rows: [5] });
    expect(outliers(t, 'mad', undefined, { offset: 0, limit: 10 }).columns[0]!.rows).toEqual([5]);
  });

  it('warns in words about constant, skewed columns', () => {
    const s = summary(t);
    expect(s.constant_columns).toEqual(['k']);
    expect(s.warnings.map((w) => w.kind)).toEqual(expect.arrayContaining(['constant', 'skew']));
    expect(describe(t).columns[0]).toMatchObject({ name: 'n', min: 1, max: 100, median: 3 });
  });
});

group('isolation forest', () => {
  it('c(n) matches the paper: c(256) ≈ 10.24', async () => {
    const { averagePathLength } = await import('../../core/eda/isolation-forest.js');
    expect(averagePathLength(256)).toBeCloseTo(2 * (Math.log(255) + 0.5772156649) - (2 * 255) / 256, 10);
    expect(averagePathLength(2)).toBe(1);
  });

  it('scores planted anomalies highest, deterministically', async () => {
    const { isolationOutliers } = await import('../../core/eda/outliers.js');
    const rng = Rng.seeded(4);
    const n = 1000;
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const b = Float64Array.from({ length: n }, () => rng.normal());
    for (const r of [10, 500, 900]) {
      a[r] = 8;
      b[r] = -8;
    }
    const t: Table = { rowCount: n, columns: [{ type: 'float', name: 'a', values: a }, { type: 'float', name: 'b', values: b }] };
    const r = isolationOutliers(t, undefined, { offset: 0, limit: 3 }, 1);
    expect(r.rows.map((x) => x.row).sort((x, y) => x - y)).toEqual([10, 500, 900]);
    expect(isolationOutliers(t, undefined, { offset: 0, limit: 3 }, 1)).toEqual(r);
  });
});
