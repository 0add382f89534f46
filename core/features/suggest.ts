/**
 * Suggested transforms, ranked, each with a rationale computed from the data and, where it can
 * be measured, the effect (skewness before → after, missing share removed, mutual information
 * with the target).
 */
import { cellLabel, columnLength, getColumn, type Column, type DatetimeColumn, type Table } from '../table/model.js';
import { DAY_MS } from '../table/calendar.js';
import { keptOffsetMinutes } from '../table/utc-offset.js';
import type { ColumnInfo } from '../files/model.js';
import { moments } from '../eda/describe.js';
import { coded } from '../eda/codes.js';
import { mutualInformation } from './mutual-information.js';
import { missingCount, presentNumbers, quantileSorted } from '../eda/columns.js';
import { pairwisePearson } from '../stats/pearson.js';
import { iqrFences } from '../eda/outliers.js';
import { boxCox, datetimePart, fitBoxCox, fitYeoJohnson, ordinalLevels, yeoJohnson, type StepSpec } from './transforms.js';

export interface Suggestion {
  id: string;
  kind: StepSpec['kind'];
  columns: string[];
  step: StepSpec;
  rationale: string;
  effect?: Record<string, number>;
  priority: number;
}

function topShare(c: Column): number {
  const { codes, k } = coded(c);
  const counts = new Float64Array(k + 1);
  for (const x of codes) counts[x < 0 ? k : x]!++;
  // A loop, not Math.max(...counts): a column of 200 000 levels would overflow the call stack.
  let top = 0;
  for (const n of counts) if (n > top) top = n;
  return codes.length ? top / codes.length : 0;
}

function sameValues(a: Column, b: Column): boolean {
  if (a.type !== b.type) return false;
  const n = columnLength(a);
  for (let r = 0; r < n; r++) if (cellLabel(a, r) !== cellLabel(b, r)) return false;
  return true;
}

/**
 * Limits that keep the answer reviewable and inside the API's budget (29 s, 6 MB) however wide the
 * table: every numeric pair is a candidate, so an unbounded search does C²/2 passes over the rows
 * and can suggest millions of ratios and products (a 2 000-column file did, then failed to serialise).
 */
/** Numeric columns searched for correlated pairs (200 → 19 900 pairs). */
export const MAX_PAIR_COLUMNS = 200;
/** Values read by the pair search (pairs × rows): fewer columns are searched on tall tables. */
export const PAIR_CELL_BUDGET = 50_000_000;
/** Correlated pairs (0.7 < |r| ≤ 0.95) kept as ratio and interaction suggestions: the strongest. */
export const MAX_SUGGESTED_PAIRS = 20;
/** Suggestions returned, highest priority first: a list one can read (≈ 50–100 KB of JSON). */
export const MAX_SUGGESTIONS = 200;

export interface SuggestionReport {
  suggestions: Suggestion[];
  /** Suggestions found but left out by MAX_SUGGESTED_PAIRS and MAX_SUGGESTIONS. */
  omitted_suggestions: number;
  /** Numeric columns left out of the correlated-pair search by MAX_PAIR_COLUMNS and PAIR_CELL_BUDGET. */
  pair_search_columns_skipped: number;
}

/** The largest k with k(k−1)/2 pairs of `rows` values within PAIR_CELL_BUDGET, at most MAX_PAIR_COLUMNS. */
function pairColumnLimit(rows: number): number {
  const pairs = PAIR_CELL_BUDGET / Math.max(1, rows);
  return Math.max(2, Math.min(MAX_PAIR_COLUMNS, Math.floor((1 + Math.sqrt(1 + 8 * pairs)) / 2)));
}

/** The parts a split may suggest (day of month is left to the user: rarely a feature of its own). */
type Part = Exclude<Extract<StepSpec, { kind: 'datetime_parts' }>['parts'][number], 'day'>;

/** The parts in words, in the order a split lists them. */
const PART_WORDS: Readonly<Record<Part, string>> = { year: 'year', month: 'month', day_of_week: 'day of week', hour: 'hour', minute: 'minute', second: 'second', elapsed_days: 'days elapsed' };

/**
 * The parts of `c` that take more than one value (on the column's clock, as datetime_parts reads
 * it): a part the same in every row is a constant column — the year 1970 of a time of day, the
 * hour 0 of a date — and the hour of a time of day is the one that says anything.
 */
function varyingParts(c: DatetimeColumn): Part[] {
  const ahead = keptOffsetMinutes(c.utcOffset) * 60_000;
  const xs = presentNumbers(c);
  const min = xs.reduce((a, b) => Math.min(a, b), Infinity);
  const max = xs.reduce((a, b) => Math.max(a, b), -Infinity);
  const varies = (p: Part) => (p === 'elapsed_days' ? max - min >= DAY_MS : xs.some((v) => datetimePart(v + ahead, p) !== datetimePart(xs[0]! + ahead, p)));
  return (Object.keys(PART_WORDS) as Part[]).filter(varies);
}

export function suggest(table: Table, info: readonly ColumnInfo[], target?: string): Suggestion[] {
  return suggestReport(table, info, target).suggestions;
}

export function suggestReport(table: Table, info: readonly ColumnInfo[], target?: string): SuggestionReport {
  const out: Suggestion[] = [];
  // Columns already suggested for dropping: pairing them would spend the pair search on dead columns.
  const dropped = new Set<string>();
  const add = (s: Omit<Suggestion, 'id'>) => {
    if (s.kind === 'drop') dropped.add(s.columns[0]!);
    out.push({ ...s, id: `${s.kind}:${s.columns.join(',')}` });
  };
  const rows = table.rowCount;
  const targetColumn = target ? getColumn(table, target) : undefined;
  // Target encoding takes the mean of a number or a 0/1 target; a target of more classes, or of no
  // values (a 422 when fitted), has no one mean to encode by.
  const encodable = targetColumn !== undefined && missingCount(targetColumn) < rows && (targetColumn.type === 'integer' || targetColumn.type === 'float' || coded(targetColumn).k <= 2);
  // Maps, not find/indexOf per column: those are quadratic (and cubic) in the number of columns.
  const infoByName = new Map(info.map((i) => [i.name, i]));

  for (const [index, c] of table.columns.entries()) {
    if (c.name === target) continue;
    const missing = missingCount(c);
    const distinct = coded(c).k;
    const meta = infoByName.get(c.name);

    if (distinct <= 1) {
      add({ kind: 'drop', columns: [c.name], step: { kind: 'drop', column: c.name }, rationale: distinct === 0 ? `${c.name} has no values (every one is missing): it carries no information.` : `${c.name} is constant: it carries no information.`, priority: 100 });
      continue;
    }
    if (c.type === 'id' || ((c.type === 'text' || meta?.type === 'id') && distinct === rows - missing)) {
      add({ kind: 'drop', columns: [c.name], step: { kind: 'drop', column: c.name }, rationale: `${c.name} is unique in every row (an identifier): models memorise it instead of learning.`, priority: 95 });
      continue;
    }
    const top = topShare(c);
    if (top > 0.99) {
      add({ kind: 'drop', columns: [c.name], step: { kind: 'drop', column: c.name }, rationale: `${c.name} is near-constant: one value covers ${(top * 100).toFixed(1)} % of rows.`, effect: { top_share: top }, priority: 85 });
      continue;
    }
    const twin = table.columns.slice(0, index).find((o) => o.name !== target && sameValues(o, c));
    if (twin) {
      add({ kind: 'drop', columns: [c.name], step: { kind: 'drop', column: c.name }, rationale: `${c.name} duplicates ${twin.name} value for value.`, priority: 97 });
      continue;
    }
    if (missing > 0) {
      const share = missing / rows;
      const numeric = c.type === 'integer' || c.type === 'float';
      const skew = numeric ? Math.abs(moments(presentNumbers(c)).skewness) : 0;
      const strategy = numeric ? (skew > 1 ? 'median' : 'mean') : 'mode';
      add({
        kind: 'impute',
        columns: [c.name],
        step: { kind: 'impute', column: c.name, strategy, indicator: share > 0.05 },
        rationale: `${c.name} is ${(share * 100).toFixed(1)} % missing; impute with the ${strategy}${c.type === 'integer' && strategy !== 'mode' ? ', rounded' : ''}${numeric ? (skew > 1 ? ` (skewed, |skew| ${skew.toFixed(1)})` : '') : ''}${share > 0.05 ? ' and keep a missing-indicator column' : ''}.`,
        effect: { missing_share_removed: share },
        priority: 90,
      });
    }
    if (c.type === 'integer' || c.type === 'float') {
      const xs = presentNumbers(c);
      const before = moments(xs).skewness;
      if (Math.abs(before) > 1 && xs.length > 10) {
        const min = xs.reduce((a, b) => Math.min(a, b), Infinity);
        if (min >= 0) {
          const after = moments(xs.map(Math.log1p)).skewness;
          add({ kind: 'log1p', columns: [c.name], step: { kind: 'log1p', column: c.name }, rationale: `${c.name} is ${before > 0 ? 'right' : 'left'}-skewed (skew ${before.toFixed(2)}): log1p brings it to ${after.toFixed(2)}.`, effect: { skew_before: before, skew_after: after }, priority: 70 });
          if (min > 0) {
            const lambda = fitBoxCox(xs);
            const bc = moments(xs.map((x) => boxCox(x, lambda))).skewness;
            add({ kind: 'box_cox', columns: [c.name], step: { kind: 'box_cox', column: c.name }, rationale: `Box–Cox with λ = ${lambda.toFixed(3)} brings ${c.name}'s skew from ${before.toFixed(2)} to ${bc.toFixed(2)}.`, effect: { skew_before: before, skew_after: bc, lambda }, priority: 65 });
          }
        } else {
          const lambda = fitYeoJohnson(xs);
          const yj = moments(xs.map((x) => yeoJohnson(x, lambda))).skewness;
          add({ kind: 'yeo_johnson', columns: [c.name], step: { kind: 'yeo_johnson', column: c.name }, rationale: `${c.name} is skewed (skew ${before.toFixed(2)}) with negative values: Yeo–Johnson (λ = ${lambda.toFixed(3)}) brings it to ${yj.toFixed(2)}.`, effect: { skew_before: before, skew_after: yj, lambda }, priority: 68 });
        }
      }
      const sorted = Float64Array.from(xs).sort();
      const q1 = quantileSorted(sorted, 0.25);
      const q3 = quantileSorted(sorted, 0.75);
      // The fences, drawn in to the data's own span: a fence beyond the minimum or maximum clips nothing at that end.
      const [min, max] = [sorted[0] ?? NaN, sorted[sorted.length - 1] ?? NaN];
      const fences = iqrFences(q1, q3);
      const [lower, upper] = [Math.max(fences.lower, min), Math.min(fences.upper, max)];
      const outside = xs.filter((x) => x < lower || x > upper).length / Math.max(1, xs.length);
      if (outside > 0.01 && q3 > q1) {
        const [below, above] = [lower > min, upper < max];
        const ends = below && above ? `to [${lower.toPrecision(4)}, ${upper.toPrecision(4)}]` : below ? `from below at ${lower.toPrecision(4)}` : `from above at ${upper.toPrecision(4)}`;
        add({ kind: 'clip', columns: [c.name], step: { kind: 'clip', column: c.name, method: 'iqr' }, rationale: `${(outside * 100).toFixed(1)} % of ${c.name} lies beyond Tukey's fences (1.5 IQR): clip it ${ends}.`, effect: { outlier_share: outside, ...(below ? { lower } : {}), ...(above ? { upper } : {}) }, priority: 45 });
      }
      if (new Set(xs).size > 50) {
        add({ kind: 'bin', columns: [c.name], step: { kind: 'bin', column: c.name, method: 'quantile', bins: 5 }, rationale: `${c.name} has ${new Set(xs).size} distinct values: quintile bins give tree-free models a non-linear view of it.`, priority: 10 });
      }
      add({ kind: 'scale', columns: [c.name], step: { kind: 'scale', column: c.name, method: Math.abs(before) > 1 ? 'robust' : 'standard' }, rationale: `Scale ${c.name} (${Math.abs(before) > 1 ? 'robust: median and IQR resist its tail' : 'standard: mean 0, variance 1'}) for distance- and gradient-based models.`, priority: 30 });
    }
    if (c.type === 'categorical' || c.type === 'boolean' || (c.type === 'text' && distinct < 0.5 * rows)) {
      if (targetColumn && encodable && distinct > 10) {
        add({ kind: 'target_encode', columns: [c.name], step: { kind: 'target_encode', column: c.name, target: target!, folds: 5, smoothing: 10 }, rationale: `${c.name} has ${distinct} levels: encode each by the (smoothed, out-of-fold) mean of ${target}.`, effect: { mutual_information_bits: mutualInformation(c, targetColumn) }, priority: 60 });
      } else if (distinct === 2) {
        // One-hot of two levels makes two columns that are exact complements (r = −1): one 0/1 column says it all.
        add({ kind: 'ordinal', columns: [c.name], step: { kind: 'ordinal', column: c.name }, rationale: `${c.name} has 2 levels: encode it as one 0/1 column, 1 where it is ${ordinalLevels(c)[1]} (one-hot would add two perfectly anti-correlated ones).`, ...(targetColumn ? { effect: { mutual_information_bits: mutualInformation(c, targetColumn) } } : {}), priority: 55 });
      } else if (distinct <= 10) {
        add({ kind: 'one_hot', columns: [c.name], step: { kind: 'one_hot', column: c.name, max_levels: 20 }, rationale: `${c.name} has ${distinct} levels: one-hot encode it.`, ...(targetColumn ? { effect: { mutual_information_bits: mutualInformation(c, targetColumn) } } : {}), priority: 55 });
      } else {
        add({ kind: 'frequency', columns: [c.name], step: { kind: 'frequency', column: c.name }, rationale: `${c.name} has ${distinct} levels, too many to one-hot: encode each by its frequency.`, priority: 50 });
      }
    }
    const parts = c.type === 'datetime' ? varyingParts(c) : [];
    if (parts.length) {
      const words = parts.map((p) => PART_WORDS[p]);
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];
      add({ kind: 'datetime_parts', columns: [c.name], step: { kind: 'datetime_parts', column: c.name, parts }, rationale: `Split ${c.name} into ${list}: models read parts, not timestamps.`, priority: 60 });
    }
    if (c.type === 'text' && distinct >= 0.5 * rows) {
      add({ kind: 'text_length', columns: [c.name], step: { kind: 'text_length', column: c.name }, rationale: `${c.name} is free text: its length and token count are simple, useful features.`, priority: 40 });
    }
  }

  // Collinear numeric pairs: drop one of a near-duplicate pair; suggest ratios and products of the
  // strongest correlated ones. Only the numeric columns most related to a numeric target (else the
  // first ones) are searched, so the search stays within PAIR_CELL_BUDGET on wide or tall tables.
  const targetValues = targetColumn?.type === 'integer' || targetColumn?.type === 'float' ? targetColumn.values : undefined;
  const numeric = table.columns.filter((c): c is Extract<Column, { type: 'integer' | 'float' }> => (c.type === 'integer' || c.type === 'float') && c.name !== target && !dropped.has(c.name));
  const ranked = targetValues
    ? numeric.map((c) => ({ c, r: Math.abs(pairwisePearson(c.values, targetValues) ?? 0) })).sort((a, b) => b.r - a.r).map((x) => x.c)
    : numeric;
  const nums = ranked.slice(0, pairColumnLimit(rows));
  const correlated: { i: number; j: number; r: number }[] = [];
  for (let i = 0; i < nums.length; i++)
    for (let j = i + 1; j < nums.length; j++) {
      const r = pairwisePearson(nums[i]!.values, nums[j]!.values);
      if (r !== null && Math.abs(r) > 0.95) {
        if (!dropped.has(nums[j]!.name)) add({ kind: 'drop', columns: [nums[j]!.name], step: { kind: 'drop', column: nums[j]!.name }, rationale: `${nums[j]!.name} is almost a copy of ${nums[i]!.name} (r = ${r.toFixed(3)}): drop one of them.`, effect: { correlation: r }, priority: 75 });
      } else if (r !== null && Math.abs(r) > 0.7) correlated.push({ i, j, r });
    }
  correlated.sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
  for (const { i, j, r } of correlated.slice(0, MAX_SUGGESTED_PAIRS)) {
    add({ kind: 'ratio', columns: [nums[i]!.name, nums[j]!.name], step: { kind: 'ratio', numerator: nums[i]!.name, denominator: nums[j]!.name }, rationale: `${nums[i]!.name} and ${nums[j]!.name} move together (r = ${r.toFixed(2)}): their ratio may say more than either.`, effect: { correlation: r }, priority: 20 });
    add({ kind: 'interaction', columns: [nums[i]!.name, nums[j]!.name], step: { kind: 'interaction', left: nums[i]!.name, right: nums[j]!.name }, rationale: `${nums[i]!.name} × ${nums[j]!.name}: a product term lets linear models see their joint effect.`, effect: { correlation: r }, priority: 15 });
  }
  let omitted = 2 * Math.max(0, correlated.length - MAX_SUGGESTED_PAIRS);
  // Leaky: a column that determines the target almost perfectly.
  if (targetColumn) {
    const h = mutualInformation(targetColumn, targetColumn);
    for (const c of table.columns) {
      if (c.name === target || h <= 0) continue;
      const share = mutualInformation(c, targetColumn) / h;
      if (share > 0.95 && coded(c).k < rows * 0.5) {
        add({ kind: 'drop', columns: [c.name], step: { kind: 'drop', column: c.name }, rationale: `${c.name} determines ${target} almost perfectly (${(share * 100).toFixed(0)} % of its information): likely a leak.`, effect: { target_information_share: share }, priority: 98 });
      }
    }
  }
  const seen = new Set<string>();
  const unique = spareOneDroppedColumn(table, out.sort((a, b) => b.priority - a.priority).filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true))));
  omitted += Math.max(0, unique.length - MAX_SUGGESTIONS);
  return { suggestions: unique.slice(0, MAX_SUGGESTIONS), omitted_suggestions: omitted, pair_search_columns_skipped: numeric.length - nums.length };
}

/**
 * Taken together, the suggestions must leave a column: a file of none cannot be applied (a 422).
 * When every column is suggested for dropping, the one with the weakest reason (lowest priority,
 * last in `ranked`) stays.
 */
function spareOneDroppedColumn(table: Table, ranked: Suggestion[]): Suggestion[] {
  const dropped = new Set(ranked.filter((s) => s.kind === 'drop').map((s) => s.columns[0]!));
  if (table.columns.length === 0 || table.columns.some((c) => !dropped.has(c.name))) return ranked;
  const keep = ranked.findLast((s) => s.kind === 'drop')!.columns[0]!;
  return ranked.filter((s) => !(s.kind === 'drop' && s.columns[0] === keep));
}
