/**
 * With a holdout overlapping the training rows (core/validation/privacy.ts holdoutUsed), the DCR share
 * and the membership attack compare only the holdout rows unseen in training: a shared row is
 * nearest to itself on both sides, so a copy of the training rows looked even (share 0, AUC 0.75)
 * rather than the risk it is. With no unseen row left, neither measure, as without a holdout.
 */
import { describe, expect, it } from 'vitest';
import { privacyReport } from '../../core/validation/privacy.js';
import { PrivacyPart } from '../../core/validation/schemas.js';
import { Rng } from '../../core/random.js';
import { takeRows, type Table } from '../../core/table/model.js';

/** Two continuous columns: every row unique. */
function unique(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => rng.uniform() * 100) },
      { type: 'float', name: 'y', values: Float64Array.from({ length: n }, () => rng.normal()) },
    ],
  };
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The reply as a client reads it, checked against its documented (strict) schema. */
const privacy = (...args: Parameters<typeof privacyReport>) => PrivacyPart.parse(JSON.parse(JSON.stringify(privacyReport(...args))));

describe('holdout rows that are training rows are left out of the DCR share and the membership attack', () => {
  // 100 training rows; the holdout is all of them and 100 fresh ones; the synthetic file copies the training rows.
  const population = unique(200, 1);
  const training = takeRows(population, range(100));

  it('a copy of the training rows is a risk on both, over the 100 unseen holdout rows', () => {
    const r = privacy(training, training, population, 0);
    // Each synthetic row sits on its training row (all 100 compared) and away from every unseen holdout row: closed form 1.
    expect(r.dcr_share).toMatchObject({ closer_to_training: 1, verdict: 'risk' });
    expect(r.dcr_overfitting_protection?.score).toBe(0);
    // Training rows at distance 0 from the synthetic rows, unseen rows above: a perfect attack.
    expect(r.membership_inference).toMatchObject({ auc: 1, verdict: 'risk' });
    expect(r.holdout_overlap).toMatchObject({ rows: 100, of: 200, overlapping: true });
    expect(r.holdout_measures).toMatchObject({ basis: 'unseen_holdout', rows: 100 });
    expect(r.holdout_measures?.note).toMatch(/100 of 200 holdout rows are also training rows.*only the 100 others/);
    expect(r.sample.holdout_rows).toBe(100);
  });

  it('a fresh synthetic file stays near 0.5 on both, over the unseen rows', () => {
    const r = privacy(training, unique(100, 9), population, 0);
    expect(r.holdout_measures).toMatchObject({ basis: 'unseen_holdout', rows: 100 });
    expect(r.dcr_share!.closer_to_training).toBeGreaterThan(0.3);
    expect(r.dcr_share!.closer_to_training).toBeLessThan(0.7);
    expect(r.membership_inference!.auc).toBeGreaterThan(0.35);
    expect(r.membership_inference!.auc).toBeLessThan(0.65);
  });

  it('with every holdout row a training row, neither measure, as without a holdout, and says so', () => {
    const r = privacy(training, training, training, 0);
    expect(r.holdout_overlap).toMatchObject({ rows: 100, of: 100, overlapping: true });
    expect(r.holdout_measures).toMatchObject({ basis: 'none', rows: 0 });
    expect(r.holdout_measures?.note).toMatch(/no DCR share or membership attack/);
    expect(r).not.toHaveProperty('dcr_share');
    expect(r).not.toHaveProperty('membership_inference');
    expect(r).not.toHaveProperty('dcr_overfitting_protection');
    expect(r.sample).not.toHaveProperty('holdout_rows');
    expect(r.dcr).not.toHaveProperty('holdout_to_real');
    // The baselines fall back as before.
    expect(r.exact_copies).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    expect(r.dcr_baseline_protection).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
  });

  it('a disjoint holdout is used whole', () => {
    const r = privacy(training, unique(100, 9), takeRows(population, range(100).map((i) => 100 + i)), 0);
    expect(r.holdout_overlap).toMatchObject({ rows: 0, overlapping: false });
    expect(r.holdout_measures).toEqual({ basis: 'holdout', rows: 100, note: 'The DCR share and the membership attack compare every holdout row.' });
  });

  it('without a holdout, no holdout_measures in the reply', () => {
    expect(privacy(training, training, undefined, 0)).not.toHaveProperty('holdout_measures');
  });
});
