/**
 * Strata for a mixture of Gaussian copulas: the categorical column (or number of few values) whose
 * groups differ most in the other columns, and which of its levels have rows enough to be fitted alone.
 *
 * One copula carries one correlation matrix. When a category (a species, a kind of weather) moves
 * the numeric columns, a single copula averages its groups together: their clusters and their own
 * trends (which may even run opposite to the overall one, Simpson's paradox) are lost. A copula
 * per group keeps them, and each group's own category shares, at the price of fewer rows per fit, so
 * a split is made only when a column explains some of the others and every group keeps rows enough.
 */
import { MISSING_CODE, isCategorical, numbersOf, type Column, type Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import { ranks } from '../stats/sort.js';
import { correlationRatio } from '../stats/correlation-ratio.js';
import { contingencyOf, cramersVFromContingency } from '../eda/associations.js';
import { GROUP_STRATIFIED_ROWS_MIN } from './copula.js';

export type StrataChoice = 'auto' | { readonly column: string };
/** A level of the stratifying column: its label, or null for missing. */
export type StratumLevel = string | null;

export interface StratumGroup {
  /** The levels of the strata column in this group; rare levels share a group. */
  readonly levels: readonly StratumLevel[];
  /** A group split again by a second column: that column's levels in this part of it. */
  readonly within?: { readonly column: string; readonly levels: readonly StratumLevel[] };
}

export interface Strata {
  readonly column: string;
  readonly groups: readonly StratumGroup[];
  /** Each row's group. */
  readonly rowGroups: Int32Array;
}

/**
 * Rows a group needs: at least this many, and ROWS_PER_COLUMN per modelled column. Fitted on fewer,
 * a group's copula is mostly noise and sits close to its rows (at 30, cars' 60-row groups moved the
 * synthetic rows measurably nearer their training rows, for no quality over 60).
 */
export const MIN_GROUP_ROWS = 60;
/**
 * Rows a group needs when its column explains at least STRONG_EXPLAINED of the numbers' rank
 * variance, and no split with MIN_GROUP_ROWS is to be had by it. Groups that far apart (iris'
 * species, 40 training rows each) are badly averaged by one copula: there quality went
 * 0.805 → 0.840 over ten splits and the share of rows nearer training than holdout 0.572 → 0.515.
 * A named strata column, the user's choice, uses it too.
 */
export const SMALL_GROUP_ROWS = 30;
const STRONG_EXPLAINED = 0.5;
const ROWS_PER_COLUMN = 3;
const MAX_GROUPS = 8;
/** Groups in all, once big groups are split again by a second column. */
const MAX_TOTAL_GROUPS = 32;
/**
 * Rows each part of a group split again needs. Smaller parts gained no quality on the shared tables
 * (credit, penguins) and sat nearer their training rows (credit's DCR share 0.514 → 0.525); parts
 * of this size gained diamonds 0.978 → 0.984 (cut within clarity) at a DCR share of 0.51.
 */
const SPLIT_AGAIN_ROWS = 1000;
/**
 * `auto` splits when a column explains at least this share of the other columns on average (see
 * LEVELS_WEIGHT): a column that explains nothing gains nothing and costs every group rows. (Over
 * random column subsets of the shared tables, splits by weaker columns still gained, hence a low bar.)
 */
export const MIN_EXPLAINED = 0.02;
/**
 * How much of a categorical column's association (bias-corrected Cramér's V²) counts beside a
 * number's η²: half, as one copula already carries the part its ordered levels and latent
 * correlation can. Groups fit a categorical's own shares per group, which one copula cannot (an
 * occupation by education, a vote by party). Over 57 tables (4 splits) half gained on all it moved;
 * a weight of 2 lost on one.
 */
const LEVELS_WEIGHT = 0.5;
/**
 * A split explaining less than this is weak, and is made only when at most WEAK_SMALL_SHARE of the
 * rows fall in groups below GROUP_STRATIFIED_ROWS_MIN: such groups draw their marginals with
 * sampling noise, which a weak split does not repay. Over 57 tables (4 splits) weak splits of small
 * tables lost up to 0.017 of quality (admitted or not, sex), and leaving them whole gained up to 0.011.
 */
const WEAK_EXPLAINED = 0.1;
const WEAK_SMALL_SHARE = 0.25;
/** Columns of levels, and rows, a candidate's Cramér's V² are taken on at most (see explainedShare). */
const MAX_LEVEL_COLUMNS = 24;
const LEVEL_ROWS = 2048;
const CHOICE_ROWS = 8192;

/**
 * The strata for `choice` over `table` (the modelled columns), with `continuous` naming the
 * columns modelled through a marginal. `auto` gives none when no column qualifies; a named column
 * that cannot split the table is an error.
 */
export function chooseStrata(table: Table, choice: StrataChoice, continuous: readonly string[], coded: ReadonlySet<string> = new Set()): Strata | undefined {
  const perColumn = ROWS_PER_COLUMN * table.columns.length;
  const minRows = Math.max(MIN_GROUP_ROWS, perColumn);
  const smallRows = Math.max(SMALL_GROUP_ROWS, perColumn);
  if (choice !== 'auto') {
    const found = table.columns.find((c) => c.name === choice.column);
    if (!found) {
      throw unprocessable(
        `strata.column ${JSON.stringify(choice.column)} is not a modelled column of the table: it is left out (as PII, or the primary key), ` +
          'or regenerated by its shape (free text, ids); name another.',
      );
    }
    const column = levelsOf(found, coded);
    if (!column) throw unprocessable(`strata.column ${JSON.stringify(choice.column)} must be a categorical or boolean column, or a number of few values (it is ${found.type}).`);
    const strata = levelGroups(column, smallRows);
    if (!strata) throw unprocessable(`strata.column ${JSON.stringify(choice.column)}: fewer than two of its levels have ${smallRows} rows, the least a group is fitted on.`);
    return strata;
  }
  const candidates = table.columns.flatMap((c) => levelsOf(c, coded) ?? []);
  const root = bestSplit(candidates, table, continuous, minRows, smallRows);
  return root && splitAgain(candidates, table, root, continuous, minRows);
}

/**
 * The categorical column (other than `exclude`) whose groups explain most of the other columns
 * (explainedShare), when that is at least MIN_EXPLAINED; a weak split only when few rows fall in
 * small groups. A column whose levels are too few
 * for groups of `minRows` may still split into groups of `smallRows` when it explains at least
 * STRONG_EXPLAINED. With `rows`, only those rows of `table` are split (a group being split again),
 * and the strata's rowGroups follow their order.
 */
function bestSplit(candidates: readonly LevelColumn[], table: Table, continuous: readonly string[], minRows: number, smallRows = minRows, exclude?: string, rows?: Int32Array): Strata | undefined {
  const rowCount = rows ? rows.length : table.rowCount;
  // η² of a big table from every k-th row: a few thousand rows pin it to a hundredth.
  const stride = Math.max(1, Math.ceil(rowCount / CHOICE_ROWS));
  const sampled = new Int32Array(Math.ceil(rowCount / stride));
  for (let k = 0, s = 0; k < rowCount; k += stride, s++) sampled[s] = rows ? rows[k]! : k;
  const numbers = table.columns.filter((c) => continuous.includes(c.name));
  // Ranked once per call and shared by every candidate column.
  const ranked = numbers.map((c) => presentRanks(pickRows(numbersOf(c)!, sampled)));
  // Categorical associations on fewer rows still: a bias-corrected V² needs no more to rank the candidates.
  const levelRows = Math.min(sampled.length, LEVEL_ROWS);
  const levelled = candidates.map((c) => ({ name: c.name, levels: c.categories.length, codes: Int32Array.from({ length: levelRows }, (_, k) => c.codeAt(sampled[Math.floor((k * sampled.length) / levelRows)]!)) }));
  // Each candidate's groups are found from its level counts, and scored on the sampled rows only:
  // a full rowGroups (and a copy of the table per group split again) was most of this choice's
  // time on million-row tables, for columns that mostly lose.
  const sampledGroups = new Int32Array(sampled.length);
  let best: { column: LevelColumn; split: LevelSplit; explained: number } | undefined;
  for (const column of candidates) {
    if (column.name === exclude) continue;
    const tally = levelTally(column, rows);
    const usual = splitLevels(tally, minRows);
    const small = usual || smallRows >= minRows ? undefined : splitLevels(tally, smallRows);
    const split = usual ?? small;
    if (!split) continue;
    for (let s = 0; s < sampled.length; s++) sampledGroups[s] = split.groupOf[column.codeAt(sampled[s]!) + 1]!;
    const others = levelled.filter((o) => o.name !== column.name && o.name !== exclude);
    const share = explainedShare(sampledGroups, split.groups.length, ranked, others);
    // A category that splits the numbers is not outvoted by many columns it says nothing of (their pairs
    // would score alike either way); a number's split of the others has a monotone part the copula carries.
    const explained = column.coded ? share.all : Math.max(share.numbers, share.all);
    if (small && explained < STRONG_EXPLAINED) continue;
    if (explained < WEAK_EXPLAINED && rowsInSmallGroups(split, tally) > WEAK_SMALL_SHARE * rowCount) continue;
    if (!best || explained > best.explained) best = { column, split, explained };
  }
  if (!best || !(best.explained >= MIN_EXPLAINED)) return undefined;
  return strataOf(best.column, best.split, rows);
}

/**
 * The mean share of the other columns a grouping explains (`all`): each continuous number's η² of
 * ranks, and LEVELS_WEIGHT of each column of levels' bias-corrected Cramér's V² (on the first
 * `levelRows` rows' worth, spread evenly). Of many columns of levels an even spread of
 * MAX_LEVEL_COLUMNS stands in for them all, so a wide table's choice stays linear in its width.
 * `numbers` is the numbers' mean η² alone, when there are two or more (a link within groups). `all`
 * is NaN when there are no other columns.
 */
function explainedShare(groupOf: Int32Array, groups: number, ranked: readonly Float64Array[], levelled: readonly { levels: number; codes: Int32Array }[]): { numbers: number; all: number } {
  let sum = 0;
  for (const r of ranked) sum += correlationRatio(r, groupOf, groups)?.eta2 ?? 0;
  const numbers = ranked.length >= 2 ? sum / ranked.length : 0;
  const scored = Math.min(levelled.length, MAX_LEVEL_COLUMNS);
  if (scored) {
    const n = levelled[0]!.codes.length;
    const groupsAt = Int32Array.from({ length: n }, (_, k) => groupOf[Math.floor((k * groupOf.length) / n)]!);
    let levels = 0;
    for (let i = 0; i < scored; i++) {
      const { levels: k, codes } = levelled[Math.floor((i * levelled.length) / scored)]!;
      levels += (cramersVFromContingency(contingencyOf(groupsAt, groups, codes, k)).v ?? 0) ** 2;
    }
    sum += (LEVELS_WEIGHT * levels * levelled.length) / scored;
  }
  return { numbers, all: sum / (ranked.length + levelled.length) };
}

/** Rows in the groups of a split that are too small for stratified draws. */
function rowsInSmallGroups(split: LevelSplit, tally: Int32Array): number {
  let rows = 0;
  for (const codes of split.groups) {
    const size = codes.reduce((sum, code) => sum + tally[code + 1]!, 0);
    if (size < GROUP_STRATIFIED_ROWS_MIN) rows += size;
  }
  return rows;
}

/**
 * Each group with rows enough for two parts of SPLIT_AGAIN_ROWS is split again, by the column that
 * best explains the other columns within it, by the same rule (cut within clarity, for diamonds): a
 * second category may move them too, and differently from group to group. One more level, MAX_TOTAL_GROUPS in all.
 */
function splitAgain(candidates: readonly LevelColumn[], table: Table, root: Strata, continuous: readonly string[], minRows: number): Strata {
  const groups: StratumGroup[] = [];
  const rowGroups = new Int32Array(table.rowCount);
  const rowsOf = groupRows(root);
  root.groups.forEach((group, g) => {
    const rows = rowsOf[g]!;
    const room = MAX_TOTAL_GROUPS - groups.length - (root.groups.length - g - 1);
    const partRows = Math.max(minRows, SPLIT_AGAIN_ROWS);
    const sub = rows.length >= 2 * partRows && room >= 2 ? bestSplit(candidates, table, continuous, partRows, partRows, root.column, rows) : undefined;
    const parts = sub && sub.groups.length <= room ? sub : undefined;
    const first = groups.length;
    if (!parts) groups.push(group);
    else for (const part of parts.groups) groups.push({ levels: group.levels, within: { column: parts.column, levels: part.levels } });
    for (let k = 0; k < rows.length; k++) rowGroups[rows[k]!] = first + (parts ? parts.rowGroups[k]! : 0);
  });
  return { column: root.column, groups, rowGroups };
}

/** Each group's rows, in row order: counted first, so each list is a typed array of its size. */
export function groupRows(strata: Strata): Int32Array[] {
  const counts = new Int32Array(strata.groups.length);
  for (const g of strata.rowGroups) counts[g]!++;
  const rows = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(strata.groups.length);
  for (let r = 0; r < strata.rowGroups.length; r++) {
    const g = strata.rowGroups[r]!;
    rows[g]![filled[g]!++] = r;
  }
  return rows;
}

/**
 * Levels with `minRows` rows each get a group of their own (the largest first, at most
 * MAX_GROUPS); the others share one, or join the largest group when together they are too few.
 */
export function groupLevels(column: Extract<Column, { codes: Int32Array }>, minRows: number): Strata | undefined {
  return levelGroups(levelsOf(column, new Set())!, minRows);
}

function levelGroups(column: LevelColumn, minRows: number): Strata | undefined {
  const split = splitLevels(levelTally(column), minRows);
  return split && strataOf(column, split);
}

/** A column as level codes (MISSING_CODE for missing) into its level labels, read row by row. */
interface LevelColumn {
  readonly name: string;
  /** A number column of few values, read as levels. */
  readonly coded: boolean;
  readonly categories: readonly string[];
  readonly rowCount: number;
  codeAt(row: number): number;
}

/**
 * A categorical column as it is; a number column named in `coded` (one the copula models by its
 * frequencies) as codes into its values. Coded numbers are common (a mode of travel 1–4, an
 * occupation class) and split the other columns as well as a category would. Their codes are
 * looked up as rows are read, among the few values, never stored for every row: a million-row
 * table of fifty such columns had spent seconds and hundreds of MB on them.
 */
function levelsOf(column: Column, coded: ReadonlySet<string>): LevelColumn | undefined {
  if (isCategorical(column)) {
    const { codes } = column;
    return { name: column.name, coded: false, categories: column.categories, rowCount: codes.length, codeAt: (r) => codes[r]! };
  }
  const values = coded.has(column.name) ? numbersOf(column) : undefined;
  if (!values) return undefined;
  const distinct: number[] = [];
  for (const v of values) if (!Number.isNaN(v) && !distinct.includes(v)) distinct.push(v);
  const levels = Float64Array.from(distinct);
  const codeAt = (r: number) => {
    const v = values[r]!;
    for (let k = 0; k < levels.length; k++) if (levels[k] === v) return k;
    return MISSING_CODE;
  };
  return { name: column.name, coded: true, categories: distinct.map(String), rowCount: values.length, codeAt };
}

/** A column's levels in groups (codes, MISSING_CODE for missing) and each code's group, at slot code + 1. */
interface LevelSplit {
  readonly groups: readonly (readonly number[])[];
  readonly groupOf: Int32Array;
}

/** Rows per level of `column` (slot 0 for missing), over `rows` or all rows. */
function levelTally(column: LevelColumn, rows?: Int32Array): Int32Array {
  // Counted in an array: a Map per row cost seconds on million-row tables.
  const tally = new Int32Array(column.categories.length + 1);
  if (rows) for (let k = 0; k < rows.length; k++) tally[column.codeAt(rows[k]!) + 1]!++;
  else for (let r = 0; r < column.rowCount; r++) tally[column.codeAt(r) + 1]!++;
  return tally;
}

/** groupLevels' grouping, from the level counts. */
function splitLevels(tally: Int32Array, minRows: number): LevelSplit | undefined {
  const byCount: [number, number][] = [];
  tally.forEach((count, slot) => count > 0 && byCount.push([slot - 1, count]));
  byCount.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const groups: number[][] = [];
  const rest: number[] = [];
  let restRows = 0;
  for (const [code, count] of byCount) {
    if (count >= minRows && groups.length < MAX_GROUPS - 1) groups.push([code]);
    else {
      rest.push(code);
      restRows += count;
    }
  }
  if (rest.length) {
    if (restRows >= minRows) groups.push(rest);
    else groups[0]?.push(...rest);
  }
  if (groups.length < 2) return undefined;
  const groupOf = new Int32Array(tally.length);
  groups.forEach((codes, g) => codes.forEach((code) => (groupOf[code + 1] = g)));
  return { groups, groupOf };
}

/** The strata of a split, with each row's group: of every row, or of `rows` in their order. */
function strataOf(column: LevelColumn, split: LevelSplit, rows?: Int32Array): Strata {
  const rowGroups = new Int32Array(rows ? rows.length : column.rowCount);
  for (let k = 0; k < rowGroups.length; k++) rowGroups[k] = split.groupOf[column.codeAt(rows ? rows[k]! : k) + 1]!;
  return {
    column: column.name,
    groups: split.groups.map((codes) => ({ levels: codes.map((code) => (code === MISSING_CODE ? null : column.categories[code]!)) })),
    rowGroups,
  };
}

/** `values` at `rows`. */
function pickRows(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let s = 0; s < rows.length; s++) out[s] = values[rows[s]!]!;
  return out;
}

/** Average ranks (NaN where missing), so one outlier cannot dominate η². */
function presentRanks(values: Float64Array): Float64Array {
  const present: number[] = [];
  values.forEach((v, i) => {
    if (!Number.isNaN(v)) present.push(i);
  });
  const ranked = ranks(Float64Array.from(present, (i) => values[i]!));
  const out = new Float64Array(values.length).fill(NaN);
  present.forEach((row, k) => (out[row] = ranked[k]!));
  return out;
}
