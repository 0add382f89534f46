/**
 * Natural duplicates are no overlap (core/validation/rows.ts holdoutOverlap): on a table of few
 * distinct rows a holdout disjoint by row still matches training rows, as often as training rows
 * match each other (expected_share). Only a share clearly above that (Fisher, p < 0.01) is an
 * overlap, and only then do the privacy baselines fall back and the HTML report warn.
 */
import { describe, expect, it } from 'vitest';
import { holdoutOverlap, OVERLAP_ALPHA } from '../../core/validation/rows.js';
import { fisherUpperTail } from '../../core/validation/fisher.js';
import { privacyReport } from '../../core/validation/privacy.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import { utilityReport } from '../../core/validation/utility.js';
import { PrivacyPart } from '../../core/validation/schemas.js';
import { Rng } from '../../core/random.js';
import { takeRows, type Table } from '../../core/table/model.js';

/** One categorical column `c` holding `labels[i]` in row i. */
const labelled = (labels: readonly string[]): Table => {
  const categories = [...new Set(labels)];
  return { rowCount: labels.length, columns: [{ type: 'categorical', name: 'c', categories, codes: Int32Array.from(labels, (l) => categories.indexOf(l)) }] };
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** `k` yes/no columns (the last, d…, a target): with 4, 16 distinct rows, so nearly every row has twins (titanic without names, in small). */
function coins(n: number, seed: number, k = 4): Table {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].slice(0, k).map((name) => ({ type: 'categorical' as const, name, categories: ['no', 'yes'], codes: Int32Array.from({ length: n }, () => rng.int(0, 1)) })),
  };
}

describe('holdoutOverlap against natural duplicates', () => {
  it('every row with a twin, split disjoint by row: every holdout row matches, as expected, no overlap', () => {
    // Values v0…v19, each 4 times: training takes 2 of each (every training row has a twin), the holdout the other 2.
    const all = range(80).map((i) => `v${Math.floor(i / 4)}`);
    const training = labelled(all.filter((_, i) => i % 4 < 2));
    const holdout = labelled(all.filter((_, i) => i % 4 >= 2));
    const o = holdoutOverlap(training, holdout);
    // Closed form: 40 of 40 match, training's own share 40 of 40: Fisher's tail is the whole distribution.
    expect(o).toEqual({ rows: 40, of: 40, share: 1, expected_share: 1, p_value: 1, overlapping: false });
  });

  it('a holdout copying training rows of which half have a twin: share 1 against 0.5, an overlap', () => {
    // 20 values twice and 40 once: 80 training rows, 40 with a twin.
    const training = labelled([...range(40).map((i) => `t${i % 20}`), ...range(40).map((i) => `u${i}`)]);
    const o = holdoutOverlap(training, training);
    expect(o).toMatchObject({ rows: 80, of: 80, share: 1, expected_share: 0.5, overlapping: true });
    // All 120 rows with the trait falling on the holdout's 80: C(80, 40) / C(160, 40).
    expect(o.p_value).toBeCloseTo(fisherUpperTail(80, 80, 40, 80), 15);
    expect(o.p_value).toBeLessThan(1e-12);
  });

  it('a copy of three unique rows is within chance for the test (p = 1 / C(6, 3) = 0.05) yet an overlap (no training twins), a copy of ten is beyond it', () => {
    const three = labelled(['a', 'b', 'c']);
    expect(holdoutOverlap(three, three)).toMatchObject({ rows: 3, share: 1, expected_share: 0, overlapping: true });
    expect(holdoutOverlap(three, three).p_value).toBeCloseTo(0.05, 12);
    const ten = labelled(range(10).map((i) => `r${i}`));
    // 1 / C(20, 10) ≈ 5.4e-6.
    expect(holdoutOverlap(ten, ten)).toMatchObject({ rows: 10, overlapping: true });
    expect(OVERLAP_ALPHA).toBe(0.01);
  });

  it('random rows of 16 kinds split disjointly share about as many rows as training shares with itself: no overlap, the holdout stays the reference', () => {
    const population = coins(600, 1);
    const training = takeRows(population, range(400));
    const holdout = takeRows(population, range(200).map((i) => 400 + i));
    const r = privacyReport(training, coins(300, 2), holdout, 0);
    expect(r.holdout_overlap!.rows).toBeGreaterThan(190);
    expect(r.holdout_overlap!.expected_share).toBeGreaterThan(0.95);
    expect(r.holdout_overlap!.overlapping).toBe(false);
    // The baselines stay on the holdout and the DCR share uses every holdout row: dropping the natural twins would skew it.
    expect(r.exact_copies.baseline_basis).toBe('holdout');
    expect(r.nndr.baseline_basis).toBe('holdout');
    expect(r.dcr_baseline_protection.baseline_basis).toBe('holdout');
    expect(r.holdout_measures).toMatchObject({ basis: 'holdout', rows: 200 });
    expect(() => PrivacyPart.parse(JSON.parse(JSON.stringify(r)))).not.toThrow();
  });

  it('the whole source as holdout is an overlap where the natural share leaves room: the training part matches beyond it', () => {
    // 256 kinds over 600 rows: some rows have twins, not all (with 16 kinds all do, and a copy cannot be told from a fresh draw).
    const population = coins(600, 1, 8);
    const o = holdoutOverlap(takeRows(population, range(400)), population);
    expect(o.share).toBeGreaterThan(o.expected_share);
    expect(o.overlapping).toBe(true);
  });

  it('the HTML report warns of neither privacy nor utility overlap for natural duplicates', () => {
    const population = coins(600, 3);
    const training = takeRows(population, range(400));
    const holdout = takeRows(population, range(200).map((i) => 400 + i));
    const doc = buildReport({ real: training, synthetic: coins(300, 4), holdout, target: 'd', seed: 0, pairAggregate: 'all', disclosure: {} });
    if ('not_measured' in doc.privacy) throw new Error('measured: every column is compared');
    expect(doc.privacy.holdout_overlap?.rows).toBeGreaterThan(0);
    expect(doc.privacy.holdout_overlap?.overlapping).toBe(false);
    expect(doc.utility?.holdout_overlap.overlapping).toBe(false);
    expect(reportHtml('t', doc, [], '')).not.toContain('Holdout rows also in the training rows');
  });

  it('utility carries the same figures', () => {
    const population = coins(600, 5);
    const u = utilityReport(takeRows(population, range(400)), coins(300, 6), takeRows(population, range(200).map((i) => 400 + i)), 'd', 0);
    expect(u.holdout_overlap).toMatchObject({ of: 200, overlapping: false });
    expect(u.holdout_overlap.expected_share).toBeGreaterThan(0.9);
  });
});
