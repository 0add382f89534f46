/**
 * Strata for a mixture of Gaussian copulas: the categorical column whose groups differ most in
 * their numbers, and which of its levels have rows enough to be fitted alone.
 *
 * One copula carries one correlation matrix. When a category (a species, a kind of weather) moves
 * the numeric columns, a single copula averages its groups together: their clusters and their own
 * trends (which may even run opposite to the overall one, Simpson's paradox) are lost. A copula
 * per group keeps them, at the price of fewer rows per fit, so a split is made only when a column
 * explains some of the numbers' variance and every group keeps rows enough.
 */
import { MISSING_CODE, isCategorical, numbersOf, type Column, type Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import { ranks } from '../stats/sort.js';
import { correlationRatio } from '../stats/correlation-ratio.js';

export type StrataChoice = 'auto' | { readonly column: string };
/** A level of the stratifying column: its label, or null for missing. */
export type StratumLevel = string | null;

export interface Strata {
  readonly column: string;
  /** Each group's levels; rare levels share a group. */
  readonly groups: readonly (readonly StratumLevel[])[];
  /** Each row's group. */
  readonly rowGroups: Int32Array;
}

/**
 * Rows a group needs: at least this many, and ROWS_PER_COLUMN per modelled column. Fitted on fewer,
 * a group's copula is mostly noise and sits close to its rows (at 30, cars' 60-row groups moved the
 * synthetic rows measurably nearer their training rows, for no quality over 60).
 */
export const MIN_GROUP_ROWS = 60;
const ROWS_PER_COLUMN = 3;
const MAX_GROUPS = 8;
/**
 * `auto` splits when a column explains at least this share of the numeric columns' rank variance
 * on average: a column that explains nothing gains nothing and costs every group rows. (Over random
 * column subsets of the shared tables, splits by weaker columns still gained, hence a low bar.)
 */
export const MIN_EXPLAINED = 0.02;
const CHOICE_ROWS = 8192;

/**
 * The strata for `choice` over `table` (the modelled columns), with `continuous` naming the
 * columns modelled through a marginal. `auto` gives none when no column qualifies; a named column
 * that cannot split the table is an error.
 */
export function chooseStrata(table: Table, choice: StrataChoice, continuous: readonly string[]): Strata | undefined {
  const minRows = Math.max(MIN_GROUP_ROWS, ROWS_PER_COLUMN * table.columns.length);
  if (choice !== 'auto') {
    const column = table.columns.find((c) => c.name === choice.column);
    if (!column) throw unprocessable(`strata.column ${JSON.stringify(choice.column)} is not a modelled column of the table.`);
    if (!isCategorical(column)) throw unprocessable(`strata.column ${JSON.stringify(choice.column)} must be a categorical or boolean column (it is ${column.type}).`);
    const strata = groupLevels(column, minRows);
    if (!strata) throw unprocessable(`strata.column ${JSON.stringify(choice.column)}: fewer than two of its levels have ${minRows} rows, the least a group is fitted on.`);
    return strata;
  }
  // Within-group links need two numeric columns; one column's groups are already its marginal's mixture.
  const numbers = table.columns.filter((c) => continuous.includes(c.name));
  if (numbers.length < 2) return undefined;
  // η² of a big table from every k-th row: a few thousand rows pin it to a hundredth.
  const stride = Math.max(1, Math.ceil(table.rowCount / CHOICE_ROWS));
  const strided = <A extends Float64Array | Int32Array>(xs: A): A => (stride === 1 ? xs : (xs.filter((_, i) => i % stride === 0) as A));
  const ranked = numbers.map((c) => presentRanks(strided(numbersOf(c)!)));
  let best: { strata: Strata; explained: number } | undefined;
  for (const column of table.columns) {
    if (!isCategorical(column)) continue;
    const strata = groupLevels(column, minRows);
    if (!strata) continue;
    const groupOf = strided(strata.rowGroups);
    const explained = ranked.reduce((sum, r) => sum + (correlationRatio(r, groupOf, strata.groups.length)?.eta2 ?? 0), 0) / ranked.length;
    if (!best || explained > best.explained) best = { strata, explained };
  }
  return best && best.explained >= MIN_EXPLAINED ? best.strata : undefined;
}

/**
 * Levels with `minRows` rows each get a group of their own (the largest first, at most
 * MAX_GROUPS); the others share one, or join the largest group when together they are too few.
 */
export function groupLevels(column: Extract<Column, { codes: Int32Array }>, minRows: number): Strata | undefined {
  const counts = new Map<number, number>();
  for (const code of column.codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
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
  const groupOf = new Map(groups.flatMap((codes, g) => codes.map((code) => [code, g] as const)));
  return {
    column: column.name,
    groups: groups.map((codes) => codes.map((code) => (code === MISSING_CODE ? null : column.categories[code]!))),
    rowGroups: Int32Array.from(column.codes, (code) => groupOf.get(code)!),
  };
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
