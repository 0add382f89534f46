/**
 * Columns of levels that a number cuts into ranges: an age group from the age, a low-birth-weight
 * flag from the weight, a grade from the score. Each level holds one range of the number, the
 * ranges apart, on every row. A generator that learns the pair still draws some rows across a
 * boundary (an adult of 12). Found in the data, such a column stays modelled (it may split a
 * copula into groups, or carry links of its own) and is then set from its number's sampled value,
 * at cuts midway between the ranges.
 */
import { z } from 'zod';
import { allRows, screenRows } from './screen.js';
import { getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { ColumnShape, fromLevels, levelsOf, shapeOf } from './copula.js';
import { LookupLevel, codeLevels, levelLike, offModeOf } from './lookups.js';
import type { ConditionValue } from './synthesizer.js';
import { upperBound } from '../stats/sort.js';

export const Binned = z.object({
  /** The column of levels. */
  column: z.string(),
  /** The number column that cuts it. */
  from: z.string(),
  /** Ascending: a value below cuts[0] takes levels[0], one at or past cuts[i − 1] and below cuts[i] levels[i]. */
  cuts: z.array(z.number()),
  levels: z.array(LookupLevel),
  shape: ColumnShape,
});
export type Binned = z.infer<typeof Binned>;

/** Levels a cut column may have. */
const MAX_LEVELS = 20;
/** Rows a cut column must have off its most frequent level, so that its boundaries are seen. */
const MIN_EVIDENCE = 5;

/**
 * The cut columns among `targets`, each read off the first of `sources` (number or datetime columns)
 * whose ranges per level are apart on every row; a target missing exactly where its source is.
 */
export function findBins(table: Table, targets: readonly string[], sources: readonly string[]): Binned[] {
  const numbers = sources.flatMap((name) => {
    const column = getColumn(table, name)!;
    const values = numbersOf(column);
    return values && !isRowKey(column, values) ? [{ name, values }] : [];
  });
  const [screen, all] = [screenRows(table.rowCount), allRows(table.rowCount)];
  const found: Binned[] = [];
  for (const name of targets) {
    const column = getColumn(table, name)!;
    const coded = codesOf(levelsOf(column));
    if (!coded || coded.levels.length < 2 || coded.offMode < MIN_EVIDENCE) continue;
    for (const source of numbers) {
      if (source.name === name || !rangesApart(coded, source.values, screen)) continue;
      const ranges = rangesApart(coded, source.values, all);
      if (!ranges) continue;
      found.push({ column: name, from: source.name, ...ranges, shape: shapeOf(column) });
      break;
    }
  }
  return found;
}

/**
 * An integer that differs on every row (a row number, an id) cuts any column the file happens to
 * be sorted by into ranges: that is the file's order, not what sets the levels (a birth-weight
 * flag had been read off the row id rather than the weight).
 */
function isRowKey(column: Column, values: Float64Array): boolean {
  return column.type === 'integer' && new Set(values).size === values.length;
}

/** `body` with each cut column set from its source's sampled values. */
export function withBinned(bins: readonly Binned[], body: Table): Table {
  if (!bins.length) return body;
  const set = (c: Column) => {
    const bin = bins.find((b) => b.column === c.name);
    return bin ? binnedColumn(bin, numbersOf(getColumn(body, bin.from)!)!) : c;
  };
  return { rowCount: body.rowCount, columns: body.columns.map(set) };
}

/** Whether some row of `body` holds a level its number's range does not give. */
export function crosses(b: Binned, body: Table): boolean {
  const x = numbersOf(getColumn(body, b.from)!)!;
  return levelsOf(getColumn(body, b.column)!).some((level, r) => level !== levelAt(b, x[r]!));
}

function binnedColumn(b: Binned, values: Float64Array): Column {
  return fromLevels(b.shape, Array.from(values, (x) => levelAt(b, x)));
}

/** The level of x's range (the cuts at or below x count it), or missing for a missing x. */
const levelAt = (b: Binned, x: number): LookupLevel => (Number.isNaN(x) ? null : b.levels[upperBound(b.cuts, x)]!);

interface Coded {
  readonly codes: Int32Array;
  /** The levels present, null (missing) excluded; code −1 is missing. */
  readonly levels: LookupLevel[];
  readonly offMode: number;
}

/** A column's levels as codes, missing as −1; undefined past MAX_LEVELS. */
function codesOf(values: readonly LookupLevel[]): Coded | undefined {
  const coded = codeLevels(values, MAX_LEVELS + 1); // one more for missing
  if (!coded) return undefined;
  const missing = coded.levels.indexOf(null);
  const levels = coded.levels.filter((l) => l !== null);
  if (levels.length > MAX_LEVELS) return undefined;
  const codes = missing < 0 ? coded.codes : coded.codes.map((c) => (c === missing ? -1 : c > missing ? c - 1 : c));
  return { codes, levels, offMode: offModeOf(coded.counts.filter((_, i) => i !== missing)) };
}

/**
 * The cuts and levels in order when, over `rows`, each level's values of `x` form a range apart
 * from every other's and the level is missing exactly where x is; undefined otherwise.
 */
function rangesApart(coded: Coded, x: Float64Array, rows: Int32Array): { cuts: number[]; levels: LookupLevel[] } | undefined {
  const k = coded.levels.length;
  const min = new Float64Array(k).fill(Infinity);
  const max = new Float64Array(k).fill(-Infinity);
  for (const r of rows) {
    const code = coded.codes[r]!;
    const v = x[r]!;
    if (code < 0 || Number.isNaN(v)) {
      if (code >= 0 || !Number.isNaN(v)) return undefined;
      continue;
    }
    if (v < min[code]!) min[code] = v;
    if (v > max[code]!) max[code] = v;
  }
  const seen = Array.from({ length: k }, (_, i) => i).filter((i) => min[i]! <= max[i]!);
  if (seen.length < 2) return undefined;
  seen.sort((a, b) => min[a]! - min[b]!);
  for (let i = 1; i < seen.length; i++) if (!(max[seen[i - 1]!]! < min[seen[i]!]!)) return undefined;
  // On every row each level is seen; on the screening rows one may not be, and is judged on all of them.
  if (rows.length === x.length && seen.length < k) return undefined;
  return { cuts: seen.slice(1).map((i, j) => (max[seen[j]!]! + min[i]!) / 2), levels: seen.map((i) => coded.levels[i]!) };
}

/**
 * What a condition on a cut column asks of its number: to fall in its level's range (or be missing,
 * for a missing level); undefined for a level the column does not have, which the model judges.
 */
export function binTest(bin: Binned, raw: ConditionValue): ((x: number) => boolean) | undefined {
  if (raw === null) return Number.isNaN;
  const i = bin.levels.indexOf(levelLike(raw, bin.levels));
  if (i < 0) return undefined;
  const [lo, hi] = [i === 0 ? -Infinity : bin.cuts[i - 1]!, i === bin.levels.length - 1 ? Infinity : bin.cuts[i]!];
  return (x) => x >= lo && x < hi;
}
