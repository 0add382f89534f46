/** The one-sided Fisher exact test shared by exact copies (copy-baseline.ts) and holdout overlap (rows.ts). */
import { logGamma } from '../stats/special.js';

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * One-sided Fisher exact test: with `a` of `n` rows in one group and `b` of `m` in the other having
 * some trait, the chance that the first group holds `a` or more of the a + b if the trait fell on
 * rows regardless of group. Exact at any count (a baseline of 0 copies included), and it allows for
 * the baseline being measured on finitely many rows, which a binomial test against it would not.
 */
export function fisherUpperTail(a: number, n: number, b: number, m: number): number {
  const total = a + b;
  if (a <= 0) return 1;
  const logAll = logChoose(n + m, total);
  let p = 0;
  for (let x = a; x <= Math.min(n, total); x++) {
    const term = Math.exp(logChoose(n, x) + logChoose(m, total - x) - logAll);
    p += term;
    // Past the mode the terms only shrink: stop once they no longer count.
    if (term < p * 1e-15) break;
  }
  return Math.min(1, p);
}
