/**
 * Category pairs absent from the real rows: a check of this repository, not an SDMetrics metric.
 * CategoryAdherence passes a synthetic row whose every value is a known category, yet a generator
 * (a conditioned ctgan, say) can combine them as no real row does: species = Gentoo with
 * island = Dream, where Gentoo live on Biscoe only. This counts the synthetic rows holding such a
 * pair. A real holdout may hold unseen pairs too (rare combinations), so a few are no proof of a
 * fault: the check says the pairs are absent from the real rows, not that they are impossible.
 */
import { columnLabels, isCategorical, type Column, type Table } from '../table/model.js';

/** Columns of more levels than this are codes or names, whose pairs are mostly unseen by chance. */
export const MAX_PAIR_LEVELS = 50;
/** At most this many columns are paired (10 columns: 45 pairs), to bound the work on a wide table. */
export const MAX_PAIR_COLUMNS = 10;
const TOP_PAIRS = 5;

export const CATEGORY_PAIRS_DESCRIPTION =
  'Share of synthetic rows holding at least one pair of categorical values (in two categorical or boolean columns) that no real row holds. ' +
  `Only pairs of values each known in its real column count (an unknown value is CategoryAdherence's fault), missing values are skipped, and only the first ${MAX_PAIR_COLUMNS} ` +
  `categorical columns of at most ${MAX_PAIR_LEVELS} levels are paired. A check of this service, not an SDMetrics metric. ` +
  'Real rows the generator never saw may hold unseen pairs too, so a small share is no proof of a fault.';

export interface UnseenPair {
  readonly columns: readonly [string, string];
  readonly values: readonly [string, string];
  /** Synthetic rows holding the pair. */
  readonly rows: number;
}

export interface CategoryPairs {
  /** Synthetic rows holding at least one pair absent from the real rows. */
  readonly rows: number;
  readonly of: number;
  readonly rate: number;
  readonly columns_checked: readonly string[];
  readonly pairs_checked: number;
  /** The pairs held by most synthetic rows, most first. */
  readonly top: readonly UnseenPair[];
  readonly description: string;
}

/** A paired column as codes into its real levels; -1 for a missing value or (synthetic) a label no real row holds. */
interface PairedColumn {
  readonly name: string;
  /** The labels the real rows hold, in order of first appearance. */
  readonly levels: readonly string[];
  readonly real: Int32Array;
  readonly synthetic: Int32Array;
}

/**
 * The column's cells as codes into `index` (-1: missing, or a label not in it), adding each new label
 * in order of first appearance when `grow`. A category column is read through its codes, one look-up
 * per category rather than a label string per row.
 */
function codesOf(c: Column, index: Map<string, number>, grow: boolean): Int32Array {
  const lookup = (l: string | null) => {
    if (l === null) return -1;
    const code = index.get(l);
    if (code !== undefined || !grow) return code ?? -1;
    index.set(l, index.size);
    return index.size - 1;
  };
  if (!isCategorical(c)) return Int32Array.from(columnLabels(c), lookup);
  const { codes, categories } = c;
  const byCategory = new Int32Array(categories.length).fill(-2); // -2: not looked up yet
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const k = codes[r]!;
    // As cellLabel: a code off the category list is a missing value.
    if (k < 0 || k >= categories.length) out[r] = -1;
    else out[r] = byCategory[k] === -2 ? (byCategory[k] = lookup(categories[k] ?? null)) : byCategory[k]!;
  }
  return out;
}

/** The real columns paired: categorical or boolean, 2 to MAX_PAIR_LEVELS levels, present in the synthetic table. */
function pairedColumns(real: Table, synthetic: Table): PairedColumn[] {
  const out: PairedColumn[] = [];
  for (const r of real.columns) {
    if (out.length === MAX_PAIR_COLUMNS) break;
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!isCategorical(r) || !s) continue;
    const index = new Map<string, number>();
    const realCodes = codesOf(r, index, true);
    if (index.size < 2 || index.size > MAX_PAIR_LEVELS) continue;
    out.push({ name: r.name, levels: [...index.keys()], real: realCodes, synthetic: codesOf(s, index, false) });
  }
  return out;
}

/**
 * The unseen pairs of columns a and b, each in order of first appearance in the synthetic rows, and
 * the rows holding one marked in `flagged`. Over codes, not string keys: a pair of codes is one cell
 * of a ka × kb grid (at most 50 × 50), so a wide table of many rows costs array reads only.
 */
function unseenPairs(a: PairedColumn, b: PairedColumn, flagged: Uint8Array): UnseenPair[] {
  const kb = b.levels.length;
  const seen = new Uint8Array(a.levels.length * kb);
  for (let r = 0; r < a.real.length; r++) {
    const x = a.real[r]!;
    const y = b.real[r]!;
    if (x >= 0 && y >= 0) seen[x * kb + y] = 1;
  }
  const counts = new Uint32Array(seen.length);
  const order: number[] = [];
  for (let r = 0; r < a.synthetic.length; r++) {
    const x = a.synthetic[r]!;
    const y = b.synthetic[r]!;
    if (x < 0 || y < 0) continue;
    const cell = x * kb + y;
    if (seen[cell]) continue;
    flagged[r] = 1;
    if (counts[cell] === 0) order.push(cell);
    counts[cell] = counts[cell]! + 1;
  }
  return order.map((cell) => ({ columns: [a.name, b.name], values: [a.levels[Math.floor(cell / kb)]!, b.levels[cell % kb]!], rows: counts[cell]! }));
}

/** `synthetic` read as the real types (metrics/align.ts), so labels compare alike. */
export function categoryPairs(real: Table, synthetic: Table): CategoryPairs {
  const columns = pairedColumns(real, synthetic);
  const flagged = new Uint8Array(synthetic.rowCount);
  const unseen: UnseenPair[] = [];
  let pairsChecked = 0;
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      pairsChecked++;
      unseen.push(...unseenPairs(columns[i]!, columns[j]!, flagged));
    }
  }
  const rows = flagged.reduce((n, f) => n + f, 0);
  return {
    rows,
    of: synthetic.rowCount,
    rate: synthetic.rowCount ? rows / synthetic.rowCount : 0,
    columns_checked: columns.map((c) => c.name),
    pairs_checked: pairsChecked,
    top: unseen.sort((p, q) => q.rows - p.rows).slice(0, TOP_PAIRS),
    description: CATEGORY_PAIRS_DESCRIPTION,
  };
}
