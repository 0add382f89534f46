/**
 * The gaussian_kde marginal: its tabulated CDF is the kernel density estimate's (Scott's bandwidth,
 * as scipy's gaussian_kde), renormalised to the seen range. The fit tabulates it from one table of
 * Φ over whole steps; here it is summed kernel by kernel, the definition.
 */
import { describe, expect, it } from 'vitest';
import { fitMarginal } from '../../core/synth/marginals.js';
import { normalCdf } from '../../core/stats/normal.js';
import { Rng } from '../../core/random.js';

function kdeCdfByDefinition(values: Float64Array, centreOf: (v: number) => number): (x: number) => number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const h = std * n ** (-1 / 5);
  const raw = (x: number) => values.reduce((s, v) => s + normalCdf((x - centreOf(v)) / h), 0) / n;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (x) => (raw(x) - raw(min)) / (raw(max) - raw(min));
}

describe('gaussian_kde marginal', () => {
  const rng = Rng.seeded(11);
  // Skewed and two-humped, so no other family is the same.
  const values = Float64Array.from({ length: 3_000 }, (_, i) => (i % 3 === 0 ? 4 + rng.normal() * 0.5 : Math.exp(rng.normal() * 0.6)));
  const { marginal } = fitMarginal(values, 'gaussian_kde');
  const spec = marginal.spec;
  if (spec.kind !== 'gaussian_kde') throw new Error('expected a KDE');
  const min = Math.min(...values);
  const span = Math.max(...values) - min;

  it('is the binned kernel sum at every tabulated point', () => {
    const bin = (v: number) => Math.min(511, Math.floor(((v - min) / span) * 512));
    const binned = kdeCdfByDefinition(values, (v) => min + ((bin(v) + 0.5) * span) / 512);
    for (let i = 0; i < spec.xs.length; i += 7) expect(spec.us[i]).toBeCloseTo(binned(spec.xs[i]!), 12);
  });

  it('is within binning error of the unbinned estimate', () => {
    const exact = kdeCdfByDefinition(values, (v) => v);
    for (let i = 0; i < spec.xs.length; i += 13) expect(Math.abs(spec.us[i]! - exact(spec.xs[i]!))).toBeLessThan(2e-3);
  });
});
