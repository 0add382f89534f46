/**
 * Distinct values counted exactly while there are few (a set of at most DISTINCT_EXACT_MAX), then
 * estimated by HyperLogLog, which is fed from the start so the switch loses nothing. Low counts, the
 * ones decisions hang on (a constant column, a datetime's granularity), stay exact; high counts
 * cost 16 KiB whatever the file's size. The same scheme as ClickHouse's uniqCombined.
 */
import { HLL_RELATIVE_ERROR, HyperLogLog } from './hyperloglog.js';
import { hashNumber, hashString } from './hash.js';

export const DISTINCT_EXACT_MAX = 4096;
export { HLL_RELATIVE_ERROR };

const hashes = new Uint32Array(2);

export class DistinctCounter<T extends number | string> {
  private set: Set<T> | undefined = new Set<T>();
  private readonly hll = new HyperLogLog();

  constructor(private readonly hash: (value: T, out: Uint32Array) => void) {}

  static numbers(): DistinctCounter<number> {
    return new DistinctCounter<number>(hashNumber);
  }

  static strings(): DistinctCounter<string> {
    return new DistinctCounter<string>(hashString);
  }

  /** False once the count is an estimate. */
  get exact(): boolean {
    return this.set !== undefined;
  }

  add(value: T): void {
    this.hash(value, hashes);
    this.hll.addHash(hashes[0]!, hashes[1]!);
    if (!this.set) return;
    // −0 and 0 are one value for a Set already (SameValueZero).
    this.set.add(value);
    if (this.set.size > DISTINCT_EXACT_MAX) this.set = undefined;
  }

  /** Every non-NaN value of an array (repeats are harmless): the fast way in once the count is an estimate. */
  addNumbers(this: DistinctCounter<number>, values: Float64Array): void {
    if (this.set) {
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) this.add(values[i]!);
      return;
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      this.hash(v, hashes);
      this.hll.addHash(hashes[0]!, hashes[1]!);
    }
  }

  merge(other: DistinctCounter<T>): void {
    this.hll.merge(other.hll);
    if (!this.set) return;
    if (!other.set) {
      this.set = undefined;
      return;
    }
    for (const v of other.set) this.set.add(v);
    if (this.set.size > DISTINCT_EXACT_MAX) this.set = undefined;
  }

  count(): number {
    return this.set ? this.set.size : Math.round(this.hll.estimate());
  }

  /** The distinct values while the count is exact, else undefined. */
  values(): readonly T[] | undefined {
    return this.set ? [...this.set] : undefined;
  }
}
