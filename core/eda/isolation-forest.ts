/**
 * Isolation forest (Liu, Ting & Zhou 2008): 100 trees on subsamples of 256 rows, each splitting a
 * random column at a uniform random value until points are isolated or the depth limit ⌈log₂ ψ⌉;
 * the score is 2^(−E[h(x)]/c(ψ)), near 1 for anomalies, at most about 0.5 for normal points.
 * Numeric columns only; missing values take the column median. Seeded.
 */
import type { Rng } from '../random.js';

const TREES = 100;
const SAMPLE = 256;

/** Average path length of an unsuccessful BST search: the normaliser c(n). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  const harmonic = Math.log(n - 1) + 0.5772156649015329;
  return 2 * harmonic - (2 * (n - 1)) / n;
}

type Node = { leaf: true; size: number } | { leaf: false; column: number; split: number; left: Node; right: Node };

function grow(data: Float64Array[], rows: number[], depth: number, limit: number, rng: Rng): Node {
  if (depth >= limit || rows.length <= 1) return { leaf: true, size: rows.length };
  const candidates = data.map((_, c) => c).filter((c) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      const v = data[c]![r]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi > lo;
  });
  if (!candidates.length) return { leaf: true, size: rows.length };
  const column = candidates[rng.int(0, candidates.length - 1)]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    const v = data[column]![r]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const split = lo + rng.uniform() * (hi - lo);
  const left = rows.filter((r) => data[column]![r]! < split);
  const right = rows.filter((r) => data[column]![r]! >= split);
  return { leaf: false, column, split, left: grow(data, left, depth + 1, limit, rng), right: grow(data, right, depth + 1, limit, rng) };
}

function pathLength(node: Node, data: Float64Array[], row: number, depth: number): number {
  if (node.leaf) return depth + averagePathLength(node.size);
  return pathLength(data[node.column]![row]! < node.split ? node.left : node.right, data, row, depth + 1);
}

/** Anomaly scores in (0, 1] for every row. `columns` are numeric arrays with NaN for missing. */
export function isolationForestScores(columns: readonly Float64Array[], rng: Rng): Float64Array {
  const n = columns[0]?.length ?? 0;
  const data = columns.map((c) => {
    const present = c.filter((v) => v === v).sort();
    const median = present.length ? present[Math.floor(present.length / 2)]! : 0;
    return Float64Array.from(c, (v) => (v === v ? v : median));
  });
  const psi = Math.min(SAMPLE, n);
  const limit = Math.ceil(Math.log2(Math.max(2, psi)));
  const trees = Array.from({ length: TREES }, () => grow(data, rng.sampleIndices(n, psi), 0, limit, rng));
  const c = averagePathLength(psi);
  return Float64Array.from({ length: n }, (_, r) => {
    let total = 0;
    for (const t of trees) total += pathLength(t, data, r, 0);
    return c > 0 ? 2 ** (-(total / TREES) / c) : 0.5;
  });
}
