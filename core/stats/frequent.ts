/**
 * Frequent values with the Misra–Gries summary (1982) in its mergeable form (Agarwal et al.,
 * "Mergeable summaries", PODS 2012): at most `capacity` counters; when more are needed, the
 * (capacity+1)-th largest count is subtracted from every counter and those left at zero go.
 * A reported count is never above the true count and at most (n − Σcounters)/(capacity+1) below
 * it, so every value more frequent than that bound is kept. Exact while the values fit.
 */
export class FrequentValues {
  private counts = new Map<string, number>();
  /** Values counted (n), and the total subtracted by reductions (n − Σcounters). */
  private n = 0;
  private dropped = 0;

  constructor(readonly capacity = 1000) {}

  /** Adds exact counts, e.g. one chunk's value counts. */
  addCounts(counts: ReadonlyMap<string, number>): void {
    for (const [value, count] of counts) {
      this.counts.set(value, (this.counts.get(value) ?? 0) + count);
      this.n += count;
    }
    this.reduce();
  }

  merge(other: FrequentValues): void {
    for (const [value, count] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    this.n += other.n;
    this.dropped += other.dropped;
    this.reduce();
  }

  get exact(): boolean {
    return this.dropped === 0;
  }

  /** The most any reported count can be below the true one. */
  get errorBound(): number {
    return this.dropped / (this.capacity + 1);
  }

  get total(): number {
    return this.n;
  }

  /**
   * Counters in the order their values were first counted. While exact (nothing was ever dropped)
   * that is the order of first appearance, the order an in-memory Map of the same counts has.
   */
  entries(): [string, number][] {
    return [...this.counts.entries()];
  }

  /** Counters, highest first (lower bounds of the true counts unless exact). */
  top(limit = Infinity): [string, number][] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }

  private reduce(): void {
    if (this.counts.size <= this.capacity) return;
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.capacity]!;
    const next = new Map<string, number>();
    for (const [value, count] of this.counts) if (count > cut) next.set(value, count - cut);
    // Each removal of `cut` from every counter removes cut × (capacity + 1) or more from the total.
    const before = sorted.reduce((a, b) => a + b, 0);
    let after = 0;
    for (const c of next.values()) after += c;
    this.dropped += before - after;
    this.counts = next;
  }
}
