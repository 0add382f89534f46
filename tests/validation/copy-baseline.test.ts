import { describe, expect, it } from 'vitest';
import { judgedCopies } from '../../core/validation/copy-baseline.js';
import { fisherUpperTail } from '../../core/validation/fisher.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

/** a: uniform over A levels; b: binary with P(b = 1) = P1, independent. */
const A = 1000;
const P1 = 0.3;
function lowCardinality(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'a', codes: Int32Array.from({ length: n }, () => rng.int(0, A - 1)), categories: Array.from({ length: A }, (_, i) => `a${i}`) },
      { type: 'categorical', name: 'b', codes: Int32Array.from({ length: n }, () => (rng.uniform() < P1 ? 1 : 0)), categories: ['no', 'yes'] },
    ],
  };
}

/** Chance that a row drawn from the cells' distribution equals one of `n` drawn before it: Σ p_c (1 − (1 − p_c)^n). */
const coincidence = (n: number) => [(1 - P1) / A, P1 / A].reduce((s, p, i) => s + (i ? P1 : 1 - P1) * (1 - (1 - p) ** n), 0);

function continuous(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => rng.uniform() * 100) },
      { type: 'float', name: 'y', values: Float64Array.from({ length: n }, () => rng.normal()) },
    ],
  };
}

const head = (t: Table, n: number): Table => ({
  rowCount: n,
  columns: t.columns.map((c) => (c.type === 'float' ? { ...c, values: c.values.slice(0, n) } : c)),
});

describe('exact copies against what real rows do by themselves', () => {
  it('Fisher tail: exact on a small table, 1 at no excess, 0 when the baseline has none and every row is a copy', () => {
    // 3 of 3 vs 0 of 3: C(3,3)·C(3,0)/C(6,3) = 1/20.
    expect(fisherUpperTail(3, 3, 0, 3)).toBeCloseTo(0.05, 12);
    expect(fisherUpperTail(0, 10, 5, 10)).toBe(1);
    expect(fisherUpperTail(500, 500, 0, 1000)).toBeLessThan(1e-100);
  });

  it('a synthetic table drawn independently from a low-cardinality population copies at the base rate, and is not a risk', () => {
    const n = 2000;
    const real = lowCardinality(n, 1);
    const synthetic = lowCardinality(n, 2);
    const c = judgedCopies(real, synthetic, undefined);
    // Σ p_c (1 − (1 − p_c)^n) = 0.663 for n = 2000: two thirds of honest rows "copy" a real one.
    expect(Math.abs(c.rate - coincidence(n))).toBeLessThan(0.04);
    expect(Math.abs(c.baseline_share - coincidence(n - 1))).toBeLessThan(0.04);
    expect(c).toMatchObject({ baseline_basis: 'real', baseline_rows: n });
    expect(c.verdict).not.toBe('risk');

    // With a holdout: its rows equal to a training row are the baseline.
    const withHoldout = judgedCopies(real, synthetic, lowCardinality(1000, 3));
    expect(withHoldout).toMatchObject({ baseline_basis: 'holdout', baseline_rows: 1000 });
    expect(Math.abs(withHoldout.baseline_share - coincidence(n))).toBeLessThan(0.05);
    expect(withHoldout.verdict).not.toBe('risk');

    // The privacy reply: copies and DCR (distance 0 is a copy here) both judged against the baseline.
    const r = privacyReport(real, synthetic, undefined, 7);
    expect(r.exact_copies.verdict).not.toBe('risk');
    expect(r.dcr.synthetic_to_real.p5).toBe(0);
    expect(r.dcr.verdict).not.toBe('risk');
  });

  it('a verbatim copy of training rows of a high-cardinality table is a risk, copies and DCR alike', () => {
    const real = continuous(1000, 4);
    const r = privacyReport(real, head(real, 300), undefined, 7);
    expect(r.exact_copies).toMatchObject({ count: 300, rate: 1, baseline_share: 0, baseline_basis: 'real', verdict: 'risk' });
    expect(r.exact_copies.p_value).toBeLessThan(0.01);
    expect(r.dcr.verdict).toBe('risk');
  });

  it('a few copies among honest rows of a continuous table: review within 1 % above the baseline, risk beyond', () => {
    const real = continuous(2000, 5);
    const mixed = (copied: number): Table => {
      const honest = continuous(1000 - copied, 6);
      return {
        rowCount: 1000,
        columns: real.columns.map((c, i) => {
          const h = honest.columns[i]!;
          if (c.type !== 'float' || h.type !== 'float') throw new Error('float columns');
          return { ...c, values: Float64Array.from([...c.values.slice(0, copied), ...h.values]) };
        }),
      };
    };
    expect(judgedCopies(real, mixed(0), undefined).verdict).toBe('safe');
    expect(judgedCopies(real, mixed(8), undefined)).toMatchObject({ count: 8, verdict: 'review' });
    expect(judgedCopies(real, mixed(50), undefined)).toMatchObject({ count: 50, verdict: 'risk' });
  });
});
