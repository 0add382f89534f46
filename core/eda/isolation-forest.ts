/**
 * Isolation forest (Liu, Ting & Zhou 2008): 100 trees on subsamples of 256 rows, each splitting a
 * random column at a uniform random value until points are isolated or the depth limit ⌈log₂ ψ⌉;
 * the score is 2^(−E[h(x)]/c(ψ)), near 1 for anomalies, at most about 0.5 for normal points.
 * Numeric columns only; missing values take the column median. Seeded. Fitting and scoring are
 * apart, so a file read in chunks can fit on a sample and score every chunk with the same forest.
 */
import type { Rng } from '../random.js';

export const TREES = 100;
export const SAMPLE = 256;

/** Average path length of an unsuccessful BST search: the normaliser c(n). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  const harmonic = Math.log(n - 1) + 0.5772156649015329;
  return 2 * harmonic - (2 * (n - 1)) / n;
}

type Node = { leaf: true; size: number } | { leaf: false; column: number; split: number; left: Node; right: Node };

/**
 * The trees flattened into shared arrays, so that scoring millions of rows chases no pointers:
 * node i splits on `column[i]` at `split[i]`, its children are `child[i]` (below the split) and
 * `child[i] + 1`; a leaf has column −1 and its path length, depth + c(size), in `path[i]`.
 * Tree t starts at node `roots[t]`; no leaf is deeper than `depth`.
 */
export interface IsolationForest {
  readonly roots: Int32Array;
  readonly depth: number;
  readonly column: Int32Array;
  readonly split: Float64Array;
  readonly child: Int32Array;
  readonly path: Float64Array;
  /** c(ψ) of the subsample size the trees were grown on. */
  readonly normaliser: number;
}

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

/** Breadth first, so that a node's two children sit side by side. */
function flatten(trees: readonly Node[], normaliser: number): IsolationForest {
  const nodes: { node: Node; depth: number }[] = [];
  const roots = new Int32Array(trees.length);
  trees.forEach((root, t) => {
    roots[t] = nodes.length;
    const start = nodes.length;
    nodes.push({ node: root, depth: 0 });
    for (let i = start; i < nodes.length; i++) {
      const { node, depth } = nodes[i]!;
      if (!node.leaf) nodes.push({ node: node.left, depth: depth + 1 }, { node: node.right, depth: depth + 1 });
    }
  });
  const index = new Map(nodes.map(({ node }, i) => [node, i] as const));
  const forest = {
    roots,
    depth: nodes.reduce((deepest, { depth }) => Math.max(deepest, depth), 0),
    column: new Int32Array(nodes.length).fill(-1),
    split: new Float64Array(nodes.length),
    child: new Int32Array(nodes.length),
    path: new Float64Array(nodes.length),
    normaliser,
  };
  nodes.forEach(({ node, depth }, i) => {
    if (node.leaf) {
      forest.path[i] = depth + averagePathLength(node.size);
      return;
    }
    forest.column[i] = node.column;
    forest.split[i] = node.split;
    forest.child[i] = index.get(node.left)!;
  });
  return forest;
}

/** The median a missing value takes: the upper middle of the sorted present values (0 if none). */
export function fillValue(values: Float64Array): number {
  const present = values.filter((v) => v === v).sort();
  return present.length ? present[Math.floor(present.length / 2)]! : 0;
}

/** The column with NaN replaced by `fill`. */
export function filled(values: Float64Array, fill: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) out[r] = values[r] === values[r] ? values[r]! : fill;
  return out;
}

/** Trees grown on subsamples of the rows of `data` (columns without missing values). */
export function fitIsolationForest(data: Float64Array[], rng: Rng): IsolationForest {
  const n = data[0]?.length ?? 0;
  const psi = Math.min(SAMPLE, n);
  const limit = Math.ceil(Math.log2(Math.max(2, psi)));
  const trees = Array.from({ length: TREES }, () => grow(data, rng.sampleIndices(n, psi), 0, limit, rng));
  return flatten(trees, averagePathLength(psi));
}

/** Rows scored side by side: their walks down one tree are independent, so the processor overlaps them. */
const ROW_GROUP = 32;

/**
 * Scores in (0, 1] of every row of `columns` (NaN for missing, replaced by `fills`, as the forest
 * was fit). A group of rows is packed side by side and walks each tree together, `depth` steps (a
 * row at a leaf stays there); each row's path lengths add up in tree order.
 */
export function forestScores(forest: IsolationForest, columns: readonly Float64Array[], fills: readonly number[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const d = columns.length;
  const { roots, column, split, child, path, depth } = forest;
  const rows = new Float64Array(ROW_GROUP * d);
  const nodes = new Int32Array(ROW_GROUP);
  const totals = new Float64Array(ROW_GROUP);
  const scores = new Float64Array(n);
  const c = forest.normaliser;
  for (let first = 0; first < n; first += ROW_GROUP) {
    const g = Math.min(ROW_GROUP, n - first);
    for (let i = 0; i < g; i++)
      for (let j = 0; j < d; j++) {
        const v = columns[j]![first + i]!;
        rows[i * d + j] = v === v ? v : fills[j]!;
      }
    totals.fill(0);
    for (let t = 0; t < roots.length; t++) {
      nodes.fill(roots[t]!);
      for (let step = 0; step < depth; step++)
        for (let i = 0; i < g; i++) {
          const node = nodes[i]!;
          const k = column[node]!;
          // Below the split: the first child; otherwise (as grow() divided the rows) the second.
          if (k >= 0) nodes[i] = child[node]! + +!(rows[i * d + k]! < split[node]!);
        }
      for (let i = 0; i < g; i++) totals[i]! += path[nodes[i]!]!;
    }
    for (let i = 0; i < g; i++) scores[first + i] = c > 0 ? 2 ** (-(totals[i]! / roots.length) / c) : 0.5;
  }
  return scores;
}

/** Anomaly scores in (0, 1] for every row. `columns` are numeric arrays with NaN for missing. */
export function isolationForestScores(columns: readonly Float64Array[], rng: Rng): Float64Array {
  const fills = columns.map(fillValue);
  const forest = fitIsolationForest(
    columns.map((c, j) => filled(c, fills[j]!)),
    rng,
  );
  return forestScores(forest, columns, fills);
}
