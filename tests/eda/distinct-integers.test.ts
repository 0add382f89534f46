import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { DistinctIntegers } from '../../core/eda/distinct-integers.js';

describe('DistinctIntegers', () => {
  it('counts exactly past its set, as the bitset grows left and right in any order', () => {
    const rng = Rng.seeded(3);
    for (let trial = 0; trial < 40; trial++) {
      const counter = new DistinctIntegers(8, 100_000);
      const seen = new Set<number>();
      const centre = Math.floor(rng.uniform() * 2000) - 1000;
      for (let i = 0; i < 3000; i++) {
        // A widening spread, so the span keeps growing on both sides.
        const v = centre + Math.round((rng.uniform() - 0.5) * (10 + i * 20));
        counter.add(v);
        seen.add(v);
        expect(counter.count).toBe(seen.size);
      }
    }
  });

  it('gives the count up past its span or on an integer no double holds exactly, and not before', () => {
    const wide = new DistinctIntegers(2, 1000);
    for (const v of [0, 1, 2, 999]) wide.add(v);
    expect(wide.count).toBe(4);
    wide.add(-1);
    expect(wide.count).toBeUndefined();
    const small = new DistinctIntegers(2, 1000);
    for (const v of [5, 5, 10_000]) small.add(v);
    expect(small.count).toBe(2); // Still a set: the span only matters once counted in bits.
    const huge = new DistinctIntegers();
    huge.add(2 ** 60);
    expect(huge.count).toBeUndefined();
  });
});
