/**
 * An exact count of the distinct values of an integer column, fed value by value in any order and any
 * number of chunks: a Set while the values are few, then a bitset over [min, max] (1 bit a value, grown
 * as the span widens), so a shuffled unique id of millions of rows is counted exactly in a few MB. Only
 * past `maxSpan` bits (or a value no double holds exactly) is the count given up.
 */
import { DISTINCT_CAP } from '../table/infer.js';

/** 64 M bits: 8 MB, enough for an id over 64 million values. */
export const MAX_SPAN = 64 * 1024 * 1024;

const WORD = 32;
const alignDown = (v: number) => Math.floor(v / WORD) * WORD;

export class DistinctIntegers {
  private set: Set<number> | undefined = new Set();
  private bits: Uint32Array | undefined;
  /** The value of bit 0 (a multiple of WORD). */
  private base = 0;
  private marked = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private exact = true;

  constructor(
    private readonly setCap = DISTINCT_CAP,
    private readonly maxSpan = MAX_SPAN,
  ) {}

  /** The number of distinct values added, or undefined once it can no longer be told. */
  get count(): number | undefined {
    if (!this.exact) return undefined;
    return this.set ? this.set.size : this.marked;
  }

  /** The least and greatest values added, kept after the count is given up (identifiers.ts reads them). */
  get min(): number {
    return this.lo;
  }

  get max(): number {
    return this.hi;
  }

  /** One integer value (missing values are the caller's to skip). */
  add(v: number): void {
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
    if (!this.exact) return;
    if (!Number.isSafeInteger(v)) return this.giveUp();
    if (this.set) {
      this.set.add(v);
      if (this.set.size > this.setCap) this.toBits(this.set);
    } else this.mark(v);
  }

  private giveUp(): void {
    this.exact = false;
    this.set = undefined;
    this.bits = undefined;
  }

  private toBits(values: Set<number>): void {
    this.set = undefined;
    if (this.max - this.min + 1 > this.maxSpan) return this.giveUp();
    this.base = alignDown(this.min);
    this.bits = new Uint32Array(Math.ceil((this.max - this.base + 1) / WORD));
    for (const v of values) this.mark(v);
  }

  private mark(v: number): void {
    if (v < this.base || v >= this.base + this.bits!.length * WORD) {
      if (this.max - this.min + 1 > this.maxSpan) return this.giveUp();
      this.grow();
    }
    const i = v - this.base;
    const word = Math.floor(i / WORD);
    const bit = 1 << i % WORD;
    if ((this.bits![word]! & bit) === 0) {
      this.bits![word]! |= bit;
      this.marked++;
    }
  }

  /**
   * Widen the bitset to cover [min, max], at least doubling it (slack on the side that grew) so growth
   * costs amortised O(1), and never past maxSpan: sized from the values' span, not the old array's,
   * whose slack would otherwise carry over.
   */
  private grow(): void {
    const old = this.bits!;
    const lo = alignDown(this.min);
    const hi = alignDown(this.max) + WORD;
    const words = Math.max((hi - lo) / WORD, Math.min(2 * old.length, Math.ceil(this.maxSpan / WORD) + 1));
    const base = this.min < this.base ? hi - words * WORD : lo;
    const bits = new Uint32Array(words);
    // The old words inside the new range: those outside it are empty, as every value marked lies in [min, max].
    const from = Math.max(0, (base - this.base) / WORD);
    const to = Math.min(old.length, (base + words * WORD - this.base) / WORD);
    if (to > from) bits.set(old.subarray(from, to), (this.base - base) / WORD + from);
    this.bits = bits;
    this.base = base;
  }
}
