/**
 * DCR baseline protection and NNDR judged against real data's own figures (core/validation/privacy.ts):
 * without a holdout, each real row against the OTHER real rows (leave-one-out); with one, its rows
 * against the training rows, unless it overlaps them (then real rows' own again, and said so).
 * Titanic without its names: real rows repeat each other 85 % of the time, so a faithful copula sat
 * at distance 0 and NNDR 0 and both read "risk" for what real data does by itself.
 */
import { describe, expect, it } from 'vitest';
import { privacyReport } from '../../core/validation/privacy.js';
import { distancePlan, encodeRows, nearestOthers } from '../../core/validation/distance.js';
import { buildReport, reportHtml } from '../../core/validation/report.js';
import { PrivacyPart } from '../../core/validation/schemas.js';
import { Rng } from '../../core/random.js';
import { takeRows, type Table } from '../../core/table/model.js';

/** `levels` distinct rows of one categorical column, row i being level ⌊i / k⌋: each repeats k times. */
function repeated(levels: number, k: number): Table {
  const n = levels * k;
  return { rowCount: n, columns: [{ type: 'categorical', name: 'c', codes: Int32Array.from({ length: n }, (_, i) => Math.floor(i / k)), categories: Array.from({ length: levels }, (_, i) => `v${i}`) }] };
}

/** Three yes/no columns: 8 distinct rows, so nearly every row has twins (titanic without names, in small). */
function coins(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  return { rowCount: n, columns: ['a', 'b', 'c'].map((name) => ({ type: 'categorical' as const, name, categories: ['no', 'yes'], codes: Int32Array.from({ length: n }, () => rng.int(0, 1)) })) };
}

/** Two continuous columns and a primary key (left out of the distances, as the schema's would be): every row unique. */
function unique(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: [
      { type: 'id', name: 'id', values: Array.from({ length: n }, (_, i) => `${seed}-${i}`) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => rng.uniform() * 100) },
      { type: 'float', name: 'y', values: Float64Array.from({ length: n }, () => rng.normal()) },
    ],
  };
}
const key = { leftOut: [{ column: 'id', reason: 'the primary key' }] };
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('leave-one-out distances among real rows', () => {
  it('a row repeated k ≥ 2 times is at distance 0 from a twin, itself skipped; NNDR 0 with k ≥ 3', () => {
    for (const k of [2, 3, 5]) {
      const t = repeated(4, k);
      const e = encodeRows(t, distancePlan(t));
      const all = rows(0, t.rowCount);
      const { d1, d2 } = nearestOthers(e, all, all);
      expect([...d1]).toEqual(new Array(t.rowCount).fill(0));
      // The second nearest: another twin (k ≥ 3), else the nearest other level (1 column differing: distance 1).
      expect([...d2]).toEqual(new Array(t.rowCount).fill(k >= 3 ? 0 : 1));
    }
  });

  it('unique rows sit at the distance to the nearest other row, never 0', () => {
    const t = repeated(5, 1);
    const e = encodeRows(t, distancePlan(t));
    const all = rows(0, 5);
    expect([...nearestOthers(e, all, all).d1]).toEqual([1, 1, 1, 1, 1]);
  });

  it('a mix: the share at distance 0 is the share of rows with a twin (2·m₂ of 2·m₂ + m₁)', () => {
    // 3 levels twice, 4 levels once: 6 of 10 rows have a twin.
    const codes = [0, 0, 1, 1, 2, 2, 3, 4, 5, 6];
    const t: Table = { rowCount: 10, columns: [{ type: 'categorical', name: 'c', codes: Int32Array.from(codes), categories: codes.map((_, i) => `v${i}`) }] };
    const e = encodeRows(t, distancePlan(t));
    const all = rows(0, 10);
    const d1 = nearestOthers(e, all, all).d1;
    expect(d1.filter((d) => d === 0).length / 10).toBe(0.6);
  });
});

describe('without a holdout: against real rows\' own figures', () => {
  it('rows repeating each other: faithful draws at distance 0 and NNDR 0 are safe, as the real rows themselves score so', () => {
    const r = privacyReport(coins(400, 1), coins(400, 2), undefined, 0);
    expect(r.dcr.synthetic_to_real.median).toBe(0);
    expect(r.nndr.median).toBe(0);
    // Before: score 0 < 0.02 and median NNDR 0 < 0.2 read "risk".
    expect(r.dcr_baseline_protection).toMatchObject({ score: 0, real_score: 0, baseline_basis: 'real', verdict: 'safe' });
    expect(r.nndr).toMatchObject({ median: 0, real_median: 0, baseline_basis: 'real', verdict: 'safe' });
    expect(r.dcr_baseline_protection.threshold).toMatch(/other real rows.*real_score 0\.000.*safe ≥ 0\.5 of it/);
    expect(r.nndr.threshold).toMatch(/real_median 0\.000/);
    expect(r.dcr_baseline_protection).not.toHaveProperty('holdout_score', expect.anything());
  });

  it('a copy of a table of unique rows is still a risk on both', () => {
    const real = unique(500, 1);
    const r = privacyReport(real, real, undefined, 0, key);
    expect(r.dcr_baseline_protection.real_score).toBeGreaterThan(0);
    expect(r.nndr.real_median).toBeGreaterThan(0.3);
    expect(r.dcr_baseline_protection).toMatchObject({ score: 0, verdict: 'risk' });
    expect(r.nndr).toMatchObject({ median: 0, verdict: 'risk' });
  });

  it('fresh draws from the same distribution score like real rows among themselves: safe', () => {
    const r = privacyReport(unique(500, 1), unique(500, 2), undefined, 0, key);
    expect(r.dcr_baseline_protection.score / r.dcr_baseline_protection.real_score!).toBeGreaterThan(0.7);
    expect(r.nndr.median / r.nndr.real_median!).toBeGreaterThan(0.7);
    expect(r.dcr_baseline_protection.verdict).toBe('safe');
    expect(r.nndr.verdict).toBe('safe');
  });

  it('the reply matches its schema, reference figures kept', () => {
    const r = privacyReport(unique(100, 1), unique(100, 2), undefined, 0, key);
    const parsed = PrivacyPart.parse(JSON.parse(JSON.stringify(r)));
    expect(parsed.dcr_baseline_protection.real_score).toBe(r.dcr_baseline_protection.real_score);
    expect(parsed.nndr.real_median).toBe(r.nndr.real_median);
  });

  it('with one real row, which has no other to be measured against, falls back to the fixed thresholds, every figure finite', () => {
    const real = unique(1, 1);
    const copy = privacyReport(real, real, undefined, 0, key);
    expect(copy.dcr_baseline_protection.real_score).toBeUndefined();
    expect(copy.nndr.real_median).toBeUndefined();
    expect(copy.dcr_baseline_protection.threshold).toContain('fixed: safe ≥ 0.05, review ≥ 0.02');
    expect(copy.nndr.threshold).toContain('fixed: safe ≥ 0.5, review ≥ 0.2');
    // A copy of the lone row sits on it: DCR 0, the risk the fixed rule gives.
    expect(copy.dcr_baseline_protection.verdict).toBe('risk');
    expect(() => PrivacyPart.parse(JSON.parse(JSON.stringify(copy)))).not.toThrow();
    expect(JSON.stringify(copy)).not.toContain('null');
  });
});

describe('with a holdout', () => {
  it('NNDR is judged against the holdout rows\' own NNDR against the training rows', () => {
    const r = privacyReport(unique(400, 1), unique(400, 2), unique(400, 3), 0, key);
    expect(r.holdout_overlap).toMatchObject({ rows: 0, of: 400, overlapping: false });
    expect(r.nndr.baseline_basis).toBe('holdout');
    expect(r.nndr.holdout_median).toBeGreaterThan(0.3);
    expect(r.nndr.verdict).toBe('safe');
    expect(r.nndr.threshold).toMatch(/holdout rows' own.*holdout_median/);
    expect(r.dcr_baseline_protection).toMatchObject({ baseline_basis: 'holdout', verdict: 'safe' });
    expect(r.exact_copies.baseline_basis).toBe('holdout');
  });

  it('a holdout overlapping the training rows is counted, and the baselines fall back to real rows\' own', () => {
    const real = unique(400, 1);
    // Half the holdout is training rows: they sit at distance 0 and equal a training row, which would excuse a copy.
    const holdout: Table = { rowCount: 300, columns: unique(200, 4).columns.map((c, i) => concat(c, takeRows(real, rows(0, 100)).columns[i]!)) };
    const r = privacyReport(real, real, holdout, 0, key);
    expect(r.holdout_overlap).toMatchObject({ rows: 100, of: 300, overlapping: true });
    // Against the holdout a wholesale copy read safe (baseline_share 1/3 and holdout_score near 0); against real rows' own it is a risk.
    expect(r.exact_copies).toMatchObject({ baseline_basis: 'real', baseline_share: 0, verdict: 'risk' });
    expect(r.exact_copies.threshold).toMatch(/holdout overlaps the training rows/);
    expect(r.dcr_baseline_protection).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    expect(r.dcr_baseline_protection.real_score).toBeGreaterThan(0);
    expect(r.nndr).toMatchObject({ baseline_basis: 'real', verdict: 'risk' });
    // The holdout still serves the measures only it can give.
    expect(r).toHaveProperty('membership_inference');
  });

  it('the HTML report names the overlap and shows NNDR with what it is judged against', () => {
    const real = unique(200, 1);
    const doc = buildReport({ real, synthetic: unique(200, 2), holdout: takeRows(real, rows(0, 50)), seed: 0, pairAggregate: 'all', disclosure: key });
    if ('not_measured' in doc.privacy) throw new Error('measured: some column is compared');
    expect(doc.privacy.holdout_overlap).toMatchObject({ rows: 50, of: 50, overlapping: true });
    const html = reportHtml('t', doc, [], '');
    expect(html).toContain('<tr><th>Holdout rows also in the training rows (privacy judged against real rows instead)</th><td>50 of 50</td><td class="how"></td></tr>');
    expect(html).toMatch(/<tr><th>Nearest-neighbour distance ratio \(NNDR\)<\/th><td>median [0-9.]+ \(safe\)<\/td><td class="how">[^<]*real_median/);
  });
});

/** Column `a` followed by the rows of `b` (same name and type). */
function concat(a: Table['columns'][number], b: Table['columns'][number]): Table['columns'][number] {
  if (a.type === 'id' && b.type === 'id') return { ...a, values: [...a.values, ...b.values] };
  if (a.type === 'float' && b.type === 'float') return { ...a, values: Float64Array.from([...a.values, ...b.values]) };
  throw new Error(`cannot join ${a.type} with ${b.type}`);
}
