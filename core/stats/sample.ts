/**
 * A uniform random subset of row indices, drawn before the rows are read: a chunked pass then
 * gathers exactly these rows, whatever the chunking, so the sample depends only on (n, m, seed).
 */
import type { Rng } from '../random.js';

/**
 * m distinct indices from [0, n), ascending, every m-subset equally likely (Floyd's algorithm:
 * m draws and a set of m, never an array of n). All of [0, n) when m ≥ n.
 */
export function sampleSortedIndices(n: number, m: number, rng: Rng): Int32Array {
  if (m >= n) return Int32Array.from({ length: Math.max(0, n) }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = rng.int(0, j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}
