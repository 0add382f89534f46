/**
 * Mutual information counting for the PrivBayes structure search, which weighs hundreds of
 * thousands of parent sets on the same rows: the count buffers are allocated once and cleared
 * cell by cell, so one parent set costs a pass over the rows and its non-empty cells, not an
 * allocation of every joint cell.
 *
 * The sum runs over the non-empty cells in ascending order (cell = a·kp + b) and each term is
 * computed the same way whichever way the cells were found, so the result is the same number
 * bit for bit: the greedy search's ties and the exponential mechanism's draws depend on it.
 */

/** Joint tables past this many cells are counted by sorting the rows' cells instead of in a buffer. */
const BUFFERED_CELLS = 2 ** 24;

/** Count buffers for one row count, reused from one parent set to the next; all zero between calls. */
export class MiCounts {
  private joint = new Int32Array(0);
  private parentRows = new Int32Array(0);
  /** The distinct non-empty cells of the current count, in the order they were first met. */
  private readonly touched: Int32Array;

  constructor(readonly rows: number) {
    this.touched = new Int32Array(rows);
  }

  /**
   * I(X; Π) in bits, where `px` holds the rows per level of X (see levelCounts) and `parents`
   * each row's parent configuration, below `kp` (both over `rows` rows); `memo`, if given, is X's
   * TermMemo over the same rows.
   */
  mutualInformation(x: Int32Array, kx: number, px: Float64Array, parents: Int32Array, kp: number, memo?: TermMemo): number {
    if (kx * kp > BUFFERED_CELLS) return sortedMutualInformation(x, px, parents, kp);
    const n = this.rows;
    const joint = this.jointOf(kx * kp);
    const pp = this.parentRowsOf(kp);
    const cells = this.count(x, parents, kp, joint, pp);
    const nonEmpty = this.ascending(cells, joint, kx, kp);
    let mi = 0;
    // Cells ascend, so X's level a only steps up: no division per cell.
    for (let i = 0, a = 0; i < cells; i++) {
      const cell = nonEmpty[i]!;
      while (cell >= (a + 1) * kp) a++;
      const b = cell - a * kp;
      const j = joint[cell]!;
      joint[cell] = 0;
      mi += memo ? memo.term(a, j, pp[b]!) : miTerm(n, px[a]!, j, pp[b]!);
    }
    if (kp <= n) pp.fill(0, 0, kp);
    else for (let r = 0; r < n; r++) pp[parents[r]!] = 0;
    return mi;
  }

  /**
   * The `cells` non-empty cells listed in `touched`, ascending: scanning the whole buffer when
   * they fill much of it, sorting them otherwise.
   */
  private ascending(cells: number, joint: Int32Array, kx: number, kp: number): Int32Array {
    const nonEmpty = this.touched.subarray(0, cells);
    if (kx * kp <= DENSE_SCAN_PER_CELL * cells) ascendingNonEmpty(joint, kx * kp, nonEmpty);
    else nonEmpty.sort();
    return nonEmpty;
  }

  /** Counts the joint cells and parent configurations; returns how many cells are non-empty, listed in `touched`. */
  private count(x: Int32Array, parents: Int32Array, kp: number, joint: Int32Array, pp: Int32Array): number {
    const touched = this.touched;
    let cells = 0;
    for (let r = 0; r < this.rows; r++) {
      const b = parents[r]!;
      const cell = x[r]! * kp + b;
      pp[b]!++;
      if (joint[cell]!++ === 0) touched[cells++] = cell;
    }
    return cells;
  }

  private jointOf(cells: number): Int32Array {
    if (this.joint.length < cells) this.joint = new Int32Array(cells);
    return this.joint;
  }

  private parentRowsOf(kp: number): Int32Array {
    if (this.parentRows.length < kp) this.parentRows = new Int32Array(kp);
    return this.parentRows;
  }
}

/** Sorting the non-empty cells costs about as much as scanning this many buffer cells per cell. */
const DENSE_SCAN_PER_CELL = 8;

/** One cell's term of I(X; Π): its share of the n rows times log₂ of its count over the independent one. */
function miTerm(n: number, rowsOfA: number, rowsOfCell: number, rowsOfB: number): number {
  return (rowsOfCell / n) * Math.log2((rowsOfCell * n) / (rowsOfA * rowsOfB));
}

/**
 * Memoised terms of one attribute X for cells of few rows whose parent configuration has few rows
 * (most cells, when parent sets are fine-grained): a term is a pure function of (n, rows of X's
 * level, rows of the cell, rows of the configuration), and looking it up costs far less than its
 * logarithm. The stored value is the one miTerm computes, so sums are unchanged to the bit.
 */
export class TermMemo {
  /** Terms by (level a, rows of the configuration, rows of the cell), each below SMALL; NaN until computed. */
  private readonly terms: Float64Array;

  private constructor(
    private readonly n: number,
    private readonly px: Float64Array,
  ) {
    this.terms = new Float64Array(px.length * SMALL * SMALL).fill(NaN);
  }

  /** A memo for X with these level counts over n rows, or undefined if X has too many levels to be worth one. */
  static of(n: number, px: Float64Array): TermMemo | undefined {
    return px.length <= MEMO_LEVELS ? new TermMemo(n, px) : undefined;
  }

  term(a: number, rowsOfCell: number, rowsOfB: number): number {
    if (rowsOfB >= SMALL) return miTerm(this.n, this.px[a]!, rowsOfCell, rowsOfB);
    const key = (a * SMALL + rowsOfB) * SMALL + rowsOfCell;
    let t = this.terms[key]!;
    if (Number.isNaN(t)) this.terms[key] = t = miTerm(this.n, this.px[a]!, rowsOfCell, rowsOfB);
    return t;
  }
}
/** Row counts memoised by TermMemo are below this (a cell has no more rows than its configuration). */
const SMALL = 8;
/** Levels of X up to which it gets a TermMemo (64 KB at most: SMALL² terms a level). */
const MEMO_LEVELS = 128;

/** Writes the non-empty cells below `size` into `out` (exactly as many), ascending. */
function ascendingNonEmpty(joint: Int32Array, size: number, out: Int32Array): void {
  for (let cell = 0, i = 0; cell < size; cell++) if (joint[cell] !== 0) out[i++] = cell;
}

/** Rows per level of a column below `k`. */
export function levelCounts(x: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let r = 0; r < x.length; r++) counts[x[r]!]! += 1;
  return counts;
}

/** I(X; Π) for a joint table too large for a buffer: the rows' cells sorted, then counted in runs. */
function sortedMutualInformation(x: Int32Array, px: Float64Array, parents: Int32Array, kp: number): number {
  const n = x.length;
  const pp = new Map<number, number>();
  for (const b of parents) pp.set(b, (pp.get(b) ?? 0) + 1);
  const cells = new Float64Array(n);
  for (let r = 0; r < n; r++) cells[r] = x[r]! * kp + parents[r]!;
  cells.sort();
  let mi = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && cells[j] === cells[i]) j++;
    const a = Math.floor(cells[i]! / kp);
    const b = cells[i]! - a * kp;
    mi += miTerm(n, px[a]!, j - i, pp.get(b)!);
    i = j;
  }
  return mi;
}
