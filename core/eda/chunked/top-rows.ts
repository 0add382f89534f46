/**
 * The best `keep` rows by score (highest first, ties by lower row), fed row by row while a file
 * streams past: a page at offset o of size l needs only the best o + l. Offers are buffered and
 * the buffer is cut back to `keep` whenever it doubles, so the cost is O(n log keep) amortised and
 * the memory O(keep), whatever the number of flagged rows.
 */
export class TopRows {
  private scores: number[] = [];
  private rows: number[] = [];

  constructor(readonly keep: number) {}

  offer(score: number, row: number): void {
    if (this.keep <= 0) return;
    this.scores.push(score);
    this.rows.push(row);
    if (this.rows.length >= 2 * this.keep + 1024) this.prune();
  }

  /** The kept rows, best first. */
  best(): { row: number; score: number }[] {
    this.prune();
    return this.rows.map((row, i) => ({ row, score: this.scores[i]! }));
  }

  private prune(): void {
    const order = Array.from(this.rows.keys()).sort((a, b) => this.scores[b]! - this.scores[a]! || this.rows[a]! - this.rows[b]!);
    const kept = order.slice(0, this.keep);
    this.scores = kept.map((i) => this.scores[i]!);
    this.rows = kept.map((i) => this.rows[i]!);
  }
}
