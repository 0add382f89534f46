/**
 * Overlaps the Fisher test cannot see (core/validation/rows.ts holdoutOverlap): a match or two when
 * no training row has a twin (p ≈ 0.17), and a holdout of a few rows copied whole from training rows
 * that are mostly unique (p ≈ 0.05). Both are overlaps, and like any overlap they leave the shared rows
 * out of the DCR share and the membership attack (privacy.ts holdoutUsed) and the baselines fall back.
 */
import { describe, expect, it } from 'vitest';
import { holdoutOverlap } from '../../core/validation/rows.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { utilityReport } from '../../core/validation/utility.js';
import { PrivacyPart } from '../../core/validation/schemas.js';
import { Rng } from '../../core/random.js';
import { takeRows, type Table } from '../../core/table/model.js';

/** Columns x (the given values) and y (a function of x, so rows repeat exactly when x does) and kind (a target). */
function table(xs: readonly number[]): Table {
  return {
    rowCount: xs.length,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from(xs) },
      { type: 'float', name: 'y', values: Float64Array.from(xs, (x) => Math.sin(x) * 10) },
      { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from(xs, (x) => Math.floor(x) % 2) },
    ],
  };
}
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
/** Random unique values, for synthetic rows unrelated to the real ones. */
const fresh = (n: number, seed: number) => {
  const rng = Rng.seeded(seed);
  return table(range(n).map(() => 1000 + rng.uniform() * 100));
};
const privacy = (...args: Parameters<typeof privacyReport>) => PrivacyPart.parse(JSON.parse(JSON.stringify(privacyReport(...args))));

describe('training rows with no twins: any holdout row equal to one is an overlap', () => {
  // 100 unique training rows 0…99; a holdout of 20: one (or two) of them leaked, the rest never seen.
  const training = table(range(100));
  const oneLeaked = table([42, ...range(19, 200)]);
  const twoLeaked = table([42, 7, ...range(18, 200)]);

  it('one or two leaked rows are an overlap although the test alone is far from p < 0.01', () => {
    const one = holdoutOverlap(training, oneLeaked);
    expect(one).toMatchObject({ rows: 1, of: 20, expected_share: 0, overlapping: true });
    // Closed form: 20 / 120, the chance the one row with the trait is a holdout row.
    expect(one.p_value).toBeCloseTo(1 / 6, 12);
    expect(holdoutOverlap(training, twoLeaked)).toMatchObject({ rows: 2, of: 20, expected_share: 0, overlapping: true });
  });

  it('a disjoint holdout stays no overlap', () => {
    expect(holdoutOverlap(training, table(range(20, 200)))).toMatchObject({ rows: 0, overlapping: false });
  });

  it('training rows with twins of their own: one match is chance, the test decides', () => {
    // 20 of 100 training rows are pairs (10 values twice): a holdout row matching one is what unseen rows do.
    const twinned = table([...range(10).flatMap((i) => [i, i]), ...range(80, 10)]);
    const o = holdoutOverlap(twinned, oneLeaked);
    expect(o).toMatchObject({ rows: 1, of: 20, expected_share: 0.2, overlapping: false });
    expect(o.p_value).toBeGreaterThan(0.5);
  });

  it('privacy leaves the leaked row out of the DCR share and the membership attack, and judges against real rows', () => {
    const r = privacy(training, fresh(100, 3), oneLeaked, 0);
    expect(r.holdout_overlap).toMatchObject({ rows: 1, of: 20, overlapping: true });
    expect(r.holdout_measures).toMatchObject({ basis: 'unseen_holdout', rows: 19 });
    expect(r.holdout_measures?.note).toMatch(/1 of 20 holdout rows are also training rows.*only the 19 others/);
    expect(r.sample.holdout_rows).toBe(19);
    expect(r.exact_copies.baseline_basis).toBe('real');
    expect(r.dcr_baseline_protection.baseline_basis).toBe('real');
  });

  it('utility flags it too', () => {
    expect(utilityReport(training, fresh(100, 4), twoLeaked, 'kind', 0).holdout_overlap).toMatchObject({ rows: 2, overlapping: true });
  });
});

describe('a tiny holdout copied whole from training rows that are mostly unique is an overlap', () => {
  // 100 training rows: 45 in triples (15 values three times), 55 unique: expected_share 0.45.
  const training = table([...range(15).flatMap((i) => [i, i, i]), ...range(55, 100)]);
  // Four unique training rows, two with twins and two without.
  const copied = takeRows(training, [0, 3, 50, 90]);

  it('4 of 4 is an overlap although the test gives p ≈ 0.05', () => {
    const o = holdoutOverlap(training, copied);
    expect(o).toMatchObject({ rows: 4, of: 4, share: 1, expected_share: 0.45, overlapping: true });
    expect(o.p_value).toBeGreaterThan(0.01);
  });

  it('3 of 4 is not: a row unseen in training leaves it to the test', () => {
    const o = holdoutOverlap(training, table([0, 1, 105, 500]));
    expect(o).toMatchObject({ rows: 3, of: 4, overlapping: false });
  });

  it('training rows mostly twins: a whole copy cannot be told from a fresh draw, no overlap', () => {
    // 60 of 100 rows in pairs: 4 unseen rows would match as often.
    const mostlyTwins = table([...range(30).flatMap((i) => [i, i]), ...range(40, 100)]);
    expect(holdoutOverlap(mostlyTwins, takeRows(mostlyTwins, [0, 2, 4, 6]))).toMatchObject({ rows: 4, of: 4, expected_share: 0.6, overlapping: false });
  });

  it('privacy has no holdout row unseen in training: neither the DCR share nor the membership attack, baselines from real rows', () => {
    const r = privacy(training, fresh(100, 5), copied, 0);
    expect(r.holdout_overlap).toMatchObject({ rows: 4, of: 4, overlapping: true });
    expect(r.holdout_measures).toMatchObject({ basis: 'none', rows: 0 });
    expect(r).not.toHaveProperty('dcr_share');
    expect(r).not.toHaveProperty('membership_inference');
    expect(r.exact_copies.baseline_basis).toBe('real');
    expect(r.nndr.baseline_basis).toBe('real');
  });
});
