import { cellLabel, type Table } from '../table/model.js';
import { fisherUpperTail } from './fisher.js';

/** Each row as one comparable string (for exact-copy and duplicate checks); `names` picks and orders the columns (absent ones read as missing). */
export function rowKeys(table: Table, names: readonly string[] = table.columns.map((c) => c.name)): string[] {
  const keys = new Array<string>(table.rowCount).fill('');
  for (const name of names) {
    const c = table.columns.find((x) => x.name === name);
    for (let r = 0; r < table.rowCount; r++) keys[r] += `${c ? (cellLabel(c, r) ?? '') : ''}\u0001`;
  }
  return keys;
}

/**
 * Synthetic rows equal to some real row on the real columns, but for `leftOut`: columns whose
 * synthetic values are not drawn from the real ones (a fake name would make every copy look new).
 * Null when every column is left out: nothing compared is no "0 copies".
 */
export function exactCopies(real: Table, synthetic: Table, leftOut: ReadonlySet<string> = new Set()): number | null {
  const names = real.columns.map((c) => c.name).filter((n) => !leftOut.has(n));
  if (!names.length) return null;
  const realKeys = new Set(rowKeys(real, names));
  return rowKeys(synthetic, names).filter((k) => realKeys.has(k)).length;
}

/**
 * Rows equal to another row of the same table: how often real rows of this population coincide on
 * these columns by themselves (a table of few distinct rows repeats most of them).
 */
export function repeatedRows(table: Table): number {
  const counts = new Map<string, number>();
  const keys = rowKeys(table);
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return keys.filter((k) => counts.get(k)! > 1).length;
}

/** One-sided level of the overlap test: about 1 holdout in 100 of unseen rows would be called overlapping by chance. */
export const OVERLAP_ALPHA = 0.01;

/** Per holdout row, whether it equals some training (real) row over the real columns in the real order. */
export function holdoutMatches(real: Table, holdout: Table): boolean[] {
  const training = new Set(rowKeys(real));
  return rowKeys(holdout, real.columns.map((c) => c.name)).map((k) => training.has(k));
}

export interface HoldoutOverlap {
  /** Holdout rows equal to some training row. */
  readonly rows: number;
  readonly of: number;
  /** rows / of. */
  readonly share: number;
  /** Training rows equal to another training row (leave-one-out): what unseen rows match by chance. */
  readonly expected_share: number;
  /** One-sided Fisher exact test of `rows` against the training rows' own twins. */
  readonly p_value: number;
  /** Shared rows beyond natural duplicates (holdoutOverlap says when): what privacy and utility act on and warn of. */
  readonly overlapping: boolean;
}

/**
 * Holdout rows identical to a training (real) row, over the real columns in the real order, and
 * whether they betray a holdout overlapping the training rows (the whole source chosen as holdout for
 * a model of part of it), which tests the models on rows the real one learned and the generator saw.
 * A table of few distinct rows (titanic without names) repeats most rows by itself, so a disjoint
 * split shares as many: the holdout's share is tested against the training rows' own twin share
 * (Fisher, as exact copies are, copy-baseline.ts: both shares are measured on finitely many rows),
 * and only a share clearly above it is an overlap. Two cases the test cannot see are overlaps too:
 * - any shared row when no training row has a twin: with no natural coincidence, a match is a copy
 *   (the test gives one match among 20 holdout rows against 100 training rows p ≈ 0.17);
 * - every holdout row shared when fewer than half the training rows have a twin: a holdout of a few
 *   rows copied whole cannot reach p < 0.01 (4 of 4 against 45 twins in 100 training rows: p ≈ 0.05).
 * A holdout copying a table whose rows mostly have a twin cannot be told from a fresh one (and changes
 * little: each holdout row has a twin in training either way).
 * `holdout` is read as the real types, so a value spelled alike compares alike.
 */
export function holdoutOverlap(real: Table, holdout: Table): HoldoutOverlap {
  const rows = holdoutMatches(real, holdout).filter(Boolean).length;
  const of = holdout.rowCount;
  const twins = repeatedRows(real);
  const p_value = fisherUpperTail(rows, of, twins, real.rowCount);
  const overlapping = rows > 0 && (p_value < OVERLAP_ALPHA || twins === 0 || (rows === of && 2 * twins < real.rowCount));
  return { rows, of, share: of ? rows / of : 0, expected_share: real.rowCount ? twins / real.rowCount : 0, p_value, overlapping };
}
