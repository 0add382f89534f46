/**
 * The one seeded random source. Every random step in tabmimic takes an `Rng`, so the same seed
 * gives the same bytes. Built on pure-rand's xoroshiro128+; `getState`/`fromState` let a
 * checkpointed job resume with exactly the stream it would have had.
 */
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class Rng {
  private spareNormal: number | undefined;

  private constructor(private readonly gen: Generator) {}

  static seeded(seed: number): Rng {
    const rng = new Rng(xoroshiro128plus(scramble(seed)));
    // Nearby seeds start in nearby states; a few steps decorrelate them.
    for (let i = 0; i < 8; i++) rng.uint32();
    return rng;
  }

  /** A stream for one purpose of a run ('fit', 'sample', …): same seed and label, same stream. */
  static derived(seed: number, label: string): Rng {
    let h = Math.trunc(seed) | 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return Rng.seeded(h);
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plus.fromState(state));
  }

  getState(): readonly number[] {
    return this.gen.getState();
  }

  /** An independent stream, e.g. one per column or per worker, derived deterministically. */
  fork(): Rng {
    return Rng.seeded(this.uint32() ^ 0x9e3779b9);
  }

  uint32(): number {
    return this.gen.unsafeNext() >>> 0;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in (0, 1): safe to take logs and inverse CDFs of. */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Standard Gumbel: added to logits, their argmax is a draw from their softmax. */
  gumbel(): number {
    return -Math.log(-Math.log(this.uniformOpen()));
  }

  /** Integer uniform in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.gen);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let r = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /**
   * k distinct indices from [0, n), in random order: the first k steps of a Fisher–Yates shuffle,
   * with the swapped places kept in a map rather than an array of all n, so a call is O(k) (256
   * rows of a million, or a pool drawn from thousands of attributes at every step).
   */
  sampleIndices(n: number, k: number): number[] {
    const swapped = new Map<number, number>();
    const at = (i: number) => swapped.get(i) ?? i;
    const picked: number[] = [];
    for (let i = 0; i < Math.min(k, n); i++) {
      const j = this.int(i, n - 1);
      // Place i is never read again: only j needs to remember what was at i.
      picked.push(at(j));
      swapped.set(j, at(i));
    }
    return picked;
  }
}


/** murmur3's finaliser: spreads the bits of small or similar seeds. */
function scramble(seed: number): number {
  let h = Math.trunc(seed) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
