/**
 * Category pairs absent from the real rows: a check of this repository, not an SDMetrics metric.
 * CategoryAdherence passes a synthetic row whose every value is a known category, yet a generator
 * (a conditioned ctgan, say) can combine them as no real row does: species = Gentoo with
 * island = Dream, where Gentoo live on Biscoe only. This counts the synthetic rows holding such a
 * pair. A real holdout may hold unseen pairs too (rare combinations), so a few are no proof of a
 * fault: the check says the pairs are absent from the real rows, not that they are impossible.
 */
import { columnLabels, type Column, type Table } from '../table/model.js';

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

const isCategory = (c: Column) => c.type === 'categorical' || c.type === 'boolean';

/** The real columns paired: categorical or boolean, 2 to MAX_PAIR_LEVELS levels, present in the synthetic table. */
function pairedColumns(real: Table, synthetic: Table): { name: string; real: (string | null)[]; synthetic: (string | null)[]; known: Set<string> }[] {
  const out = [];
  for (const r of real.columns) {
    if (out.length === MAX_PAIR_COLUMNS) break;
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!isCategory(r) || !s) continue;
    const labels = columnLabels(r);
    const known = new Set(labels.filter((l): l is string => l !== null));
    if (known.size < 2 || known.size > MAX_PAIR_LEVELS) continue;
    out.push({ name: r.name, real: labels, synthetic: columnLabels(s), known });
  }
  return out;
}

/** Two labels as one key; JSON, as any character may occur in a label. */
const pairKey = (x: string, y: string) => JSON.stringify([x, y]);

/** `synthetic` read as the real types (metrics/align.ts), so labels compare alike. */
export function categoryPairs(real: Table, synthetic: Table): CategoryPairs {
  const columns = pairedColumns(real, synthetic);
  const flagged = new Uint8Array(synthetic.rowCount);
  const unseen: UnseenPair[] = [];
  let pairsChecked = 0;
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      pairsChecked++;
      const [a, b] = [columns[i]!, columns[j]!];
      const seen = new Set<string>();
      for (let r = 0; r < real.rowCount; r++) if (a.real[r] !== null && b.real[r] !== null) seen.add(pairKey(a.real[r]!, b.real[r]!));
      const counts = new Map<string, number>();
      for (let r = 0; r < synthetic.rowCount; r++) {
        const [x, y] = [a.synthetic[r], b.synthetic[r]];
        if (x == null || y == null || !a.known.has(x) || !b.known.has(y)) continue;
        const key = pairKey(x, y);
        if (seen.has(key)) continue;
        flagged[r] = 1;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, rows] of counts) {
        const [x, y] = JSON.parse(key) as [string, string];
        unseen.push({ columns: [a.name, b.name], values: [x, y], rows });
      }
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
