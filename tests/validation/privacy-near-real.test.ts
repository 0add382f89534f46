/**
 * The DCR verdict counts rows a hair from a real row (fuzz review: real + tiny noise, median DCR
 * 2.8e-6, had a "safe" DCR while NNDR and DCR baseline protection said risk).
 */
import { describe, expect, it } from 'vitest';
import { privacyReport } from '../../core/validation/privacy.js';
import { nearReal } from '../../core/validation/near-real.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

const rows = (n: number, seed: number, shift = 0): Table => {
  const rng = Rng.seeded(seed);
  return {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => rng.uniform() + shift) },
      { type: 'float', name: 'y', values: Float64Array.from({ length: n }, () => rng.uniform() + shift) },
    ],
  };
};

describe('DCR verdict on near-copies', () => {
  const real = rows(400, 1);

  it('real rows plus tiny noise are a risk, though none sits at distance 0', () => {
    const noisy: Table = { ...real, columns: real.columns.map((c) => (c.type === 'float' ? { ...c, values: c.values.map((v) => v + 3e-6) } : c)) };
    const r = privacyReport(real, noisy, undefined, 0);
    expect(r.dcr.synthetic_to_real.p5).toBeGreaterThan(0);
    expect(r.dcr.near).toMatchObject({ share: 1, verdict: 'risk' });
    expect(r.dcr.near!.distance).toBeGreaterThan(1e-4);
    expect(r.dcr.verdict).toBe('risk');
  });

  it('fresh rows from the same distribution are safe: as near as real rows are to each other', () => {
    const r = privacyReport(real, rows(400, 2), undefined, 0);
    expect(r.dcr.near!.share).toBeLessThan(0.05);
    expect(r.dcr.verdict).toBe('safe');
  });

  it('strictly below the cut: with real rows repeating (the 1st percentile 0), exact copies are left to exact_copies', () => {
    const near = nearReal(Float64Array.from([0, 0, 0.1]), Float64Array.from([0, 0, 0, 0.2]));
    expect(near).toMatchObject({ distance: 0, rows: 0, share: 0, verdict: 'safe' });
  });

  it('too few rows to tell: review, as exact copies are', () => {
    expect(nearReal(Float64Array.from([1e-6, 1e-6, 1e-6]), Float64Array.from([0.2, 0.3, 0.5])).verdict).toBe('review');
  });
});
