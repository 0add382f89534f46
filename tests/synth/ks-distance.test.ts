/**
 * ksDistance on big samples evaluates the CDF at spaced runs only: the distance it finds is within
 * 1/2¹⁴ of the one over every value, and a point mass is never stepped over.
 */
import { describe, expect, it } from 'vitest';
import { ksDistance } from '../../core/synth/marginals.js';
import { normalCdf } from '../../core/stats/normal.js';
import { Rng } from '../../core/random.js';

/** The distance over every run of equal values: the definition. */
function ksEveryValue(sorted: Float64Array, cdfRange: (x: number) => readonly [number, number]): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const [below, at] = cdfRange(sorted[i]!);
    d = Math.max(d, Math.abs(below - i / n), Math.abs(at - (j + 1) / n));
    i = j + 1;
  }
  return d;
}

const normal = (x: number) => [normalCdf(x), normalCdf(x)] as const;

describe('ksDistance on big samples', () => {
  it('is within 1/2¹⁴ of the distance over every value (200 000 normals, against N(0,1) and N(0.05,1))', () => {
    const rng = Rng.seeded(3);
    const sorted = Float64Array.from({ length: 200_000 }, () => rng.normal()).sort();
    for (const cdf of [normal, (x: number) => [normalCdf(x - 0.05), normalCdf(x - 0.05)] as const]) {
      const full = ksEveryValue(sorted, cdf);
      const fast = ksDistance(sorted, cdf);
      expect(fast).toBeLessThanOrEqual(full);
      expect(full - fast).toBeLessThan(2 ** -14);
    }
  });

  it('sees a point mass wherever it lies: 20 % of the rows at 1.5, against a normal that has none', () => {
    const rng = Rng.seeded(4);
    const values = Float64Array.from({ length: 200_000 }, (_, i) => (i % 5 === 0 ? 1.5 : rng.normal())).sort();
    expect(ksDistance(values, normal)).toBe(ksEveryValue(values, normal));
    expect(ksDistance(values, normal)).toBeGreaterThan(0.15);
  });

  it('is the distance over every value on samples of up to 2¹⁴ rows', () => {
    const rng = Rng.seeded(5);
    const sorted = Float64Array.from({ length: 16_000 }, () => Math.round(rng.normal() * 20) / 10).sort();
    expect(ksDistance(sorted, normal)).toBe(ksEveryValue(sorted, normal));
  });
});
