import { describe, expect, it } from 'vitest';
import { detection, macroF1, utilityReport } from '../../core/validation/utility.js';
import { categoricalCap, kAnonymity, lDiversity, piiVerbatim } from '../../core/validation/disclosure.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

/** y depends on x: a learnable target. */
function table(n: number, seed: number, noise = 0.3): Table {
  const rng = Rng.seeded(seed);
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const z = Float64Array.from({ length: n }, () => rng.normal());
  return {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: x },
      { type: 'float', name: 'z', values: z },
      { type: 'categorical', name: 'y', codes: Int32Array.from(x, (v) => (v + noise * rng.normal() > 0 ? 1 : 0)), categories: ['no', 'yes'] },
      { type: 'float', name: 'amount', values: Float64Array.from(x, (v, i) => 3 * v - z[i]! + 0.1 * rng.normal()) },
    ],
  };
}

describe('utility', () => {
  const train = table(2000, 1);
  const holdout = table(1000, 2);

  it('learns a learnable target from real and from equally good synthetic data', () => {
    const r = utilityReport(train, table(2000, 3), holdout, 'y', 0);
    expect(r.task).toBe('classification');
    expect(r.train_real.accuracy).toBeGreaterThan(0.85);
    expect(r.train_synthetic.accuracy).toBeGreaterThan(0.85);
    expect(r.relative_utility).toBeGreaterThan(0.9);
  });

  it('says r² is undefined, not 0, on a holdout whose target does not vary, and gives no ratio (review s27)', () => {
    const one = { ...holdout, rowCount: 1, columns: holdout.columns.map((c) => ('values' in c ? { ...c, values: c.values.slice(0, 1) } : { ...c, codes: c.codes.slice(0, 1) })) } as Table;
    const r = utilityReport(train, table(2000, 3), one, 'amount', 0);
    expect(r.task).toBe('regression');
    expect(r.train_real.r2).toBeNaN();
    expect(r.train_synthetic.r2).toBeNaN();
    expect(r.relative_utility).toBeNull();
    expect(r.note).toContain('R² is undefined (null): amount does not vary in the holdout');
  });

  it('gives no ratio to a real score of rounding noise, and refuses a target with nothing to learn from (review s27)', () => {
    // Only the target: nothing to predict it from.
    const alone = (t: Table): Table => ({ rowCount: t.rowCount, columns: t.columns.filter((c) => c.name === 'amount') });
    expect(() => utilityReport(alone(train), alone(table(500, 3)), alone(holdout), 'amount', 0)).toThrow(/Nothing to predict amount from/);
    // A real model no better than the mean: no ratio, however the synthetic one scores.
    const unrelated = (t: Table, seed: number): Table => {
      const rng = Rng.seeded(seed);
      return { ...t, columns: t.columns.map((c) => (c.name === 'amount' ? { ...c, values: Float64Array.from({ length: t.rowCount }, () => rng.normal()) } : c)) } as Table;
    };
    const r = utilityReport(unrelated(train, 7), unrelated(table(2000, 3), 8), unrelated(holdout, 9), 'amount', 0);
    expect(r.train_real.r2!).toBeLessThan(0.01);
    expect(r.relative_utility).toBeNull();
  });

  it('finds no signal in synthetic data whose target is noise', () => {
    const noisy = table(2000, 4, 100);
    const r = utilityReport(train, noisy, holdout, 'y', 0);
    expect(r.train_synthetic.macro_f1!).toBeLessThan(r.train_real.macro_f1!);
  });

  it("macro-F1 matches scikit-learn's, which leaves out classes neither true nor predicted", () => {
    // scikit-learn's documented example: f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average='macro') = 0.2666…
    expect(macroF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3)).toBeCloseTo(0.26666666666666666, 15);
    // A third class the model knows but this test set never shows: 2/3, not 4/9.
    expect(macroF1([0, 0, 1], [0, 1, 1], 3)).toBeCloseTo(2 / 3, 15);
    // A holdout of one class, all right: 1, not 1/2.
    expect(macroF1([1, 1, 1], [1, 1, 1], 2)).toBe(1);
    expect(macroF1([], [], 2)).toBe(0);
  });

  it('fits regressions (R²) and rejects unknown targets', () => {
    const r = utilityReport(train, table(2000, 5), holdout, 'amount', 0);
    expect(r.task).toBe('regression');
    expect(r.train_real.r2).toBeGreaterThan(0.95);
    expect(() => utilityReport(train, train, holdout, 'nope', 0)).toThrow(/No target/);
  });

  it('detection: indistinguishable → score near 1; shifted → near 0', () => {
    expect(detection(train, table(2000, 6), 0).score).toBeGreaterThan(0.85);
    const shifted = table(2000, 7);
    const x = shifted.columns[0]! as { values: Float64Array };
    x.values.forEach((v, i) => (x.values[i] = v + 3));
    expect(detection(train, shifted, 0).score).toBeLessThan(0.2);
  });
});

describe('disclosure', () => {
  const t: Table = {
    rowCount: 4,
    columns: [
      { type: 'categorical', name: 'zip', codes: Int32Array.from([0, 0, 1, 1]), categories: ['100', '200'] },
      { type: 'categorical', name: 'disease', codes: Int32Array.from([0, 1, 0, 0]), categories: ['flu', 'cold'] },
      { type: 'text', name: 'email', values: ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org'] },
    ],
  };

  it('k-anonymity and l-diversity by hand', () => {
    expect(kAnonymity(t, ['zip'])).toMatchObject({ k: 2, groups: 2, singletons: 0 });
    expect(lDiversity(t, ['zip'], 'disease')).toBe(1);
  });

  it('CAP: a synthetic copy lets the attacker guess right every time', () => {
    expect(categoricalCap(t, t, ['zip'], 'disease')).toBeCloseTo((0.5 + 0.5 + 1 + 1) / 4, 12);
  });

  it('finds real PII reappearing verbatim', () => {
    const syn: Table = { rowCount: 2, columns: [{ type: 'text', name: 'email', values: ['b@x.org', 'new@example.com'] }] };
    expect(piiVerbatim(t, syn, ['email'])).toEqual([{ column: 'email', leaked_values: 1 }]);
  });
});

describe('detection across tables of different shapes', () => {
  const labelled = (categories: string[], codes: number[]): Table => ({
    rowCount: codes.length,
    columns: [
      { type: 'categorical', name: 'c', categories, codes: Int32Array.from(codes) },
      { type: 'integer', name: 'n', values: Float64Array.from(codes, (_, i) => i % 7) },
    ],
  });

  it('compares by label, not by code: the same rows with categories listed in another order are undetectable', () => {
    const codes = Array.from({ length: 100 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2)); // x 60 %, y 30 %, z 10 %
    const a = labelled(['x', 'y', 'z'], codes);
    const b = labelled(['z', 'y', 'x'], codes.map((c) => 2 - c)); // the same labels, reversed codes
    expect(detection(a, b, 0).auc).toBeLessThan(0.6); // read by code, b would be 60 % z: plainly detectable
  });

  it('scores tables with other columns, other types or fewer rows instead of throwing', () => {
    const real = labelled(['x', 'y'], Array.from({ length: 60 }, (_, i) => i % 2));
    const otherColumns: Table = { rowCount: 4, columns: [{ type: 'float', name: 'q', values: Float64Array.from([1, 2, 3, 4]) }] };
    const otherTypes: Table = {
      rowCount: 3,
      columns: [
        { type: 'integer', name: 'c', values: Float64Array.from([1, 2, 3]) },
        { type: 'categorical', name: 'n', categories: ['u'], codes: Int32Array.from([0, 0, 0]) },
      ],
    };
    for (const current of [otherColumns, otherTypes]) {
      const { auc, score } = detection(real, current, 0);
      expect(auc).toBeGreaterThanOrEqual(0);
      expect(auc).toBeLessThanOrEqual(1);
      expect(Number.isFinite(score)).toBe(true);
    }
  });
});
