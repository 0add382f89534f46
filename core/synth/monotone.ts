/**
 * Number columns that rise or fall with another on every row: a log or a square of a column
 * (econometric tables carry `age` and `age2`, `income` and `linc`), a centred or rescaled copy, a
 * unit conversion. A copula links the two through one correlation and a marginal each, so a
 * synthetic `lbase` strays from the log of its row's `base`, and a network learns the curve only
 * roughly. Found in the data, such a column is left out of the model and computed from its source's
 * sampled value, along the curve the data traces: exact at every value the data holds (the points
 * kept are those a line between neighbours cannot stand for within the column's grid), linear
 * between them.
 */
import { z } from 'zod';
import { screenRows } from './screen.js';
import { getColumn, numbersColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { sortedCopy, upperBound } from '../stats/sort.js';
import { ColumnShape, shapeOf } from './copula.js';
import { isNumberColumn, roundedAsWritten } from './sums.js';
import { everyValueGrid, ontoGrid } from './column-rules.js';

export const Monotone = z.object({
  /** The computed column. */
  column: z.string(),
  /** The modelled column it rises or falls with. */
  from: z.string(),
  /** The curve: ascending values of `from`, and the column's value at each. */
  xs: z.array(z.number()),
  ys: z.array(z.number()),
  /** The grid the column's values sit on (valueGrid), 0 for none: a value between two points lands on it. */
  step: z.number().min(0),
  shape: ColumnShape,
});
export type Monotone = z.infer<typeof Monotone>;

/** Distinct values a source must have: fewer are levels, which lookups pair. */
const MIN_DISTINCT = 3;
/**
 * Rows both columns must hold: two unrelated columns order their n rows alike with odds 2/n!, so
 * on 4 to 8 rows a table of ten random columns showed one, on 20 none will.
 */
const MIN_ROWS = 20;
/** Points of one curve, at most: a curve that needs more to hold every value the data has stays modelled. */
const MAX_KNOTS = 5000;
/** Points of all curves of one table, at most, so a wide table of curves does not make a model of hundreds of MB. */
const MAX_TOTAL_KNOTS = 200_000;

/** A column's values as dense ranks among its distinct values, −1 where missing (over some rows, or all). */
interface Ranked {
  readonly ranks: Int32Array;
  /** Ascending. */
  readonly distinct: Float64Array;
}

interface Candidate {
  readonly column: Column;
  readonly values: Float64Array;
  /** A number column may be computed; a datetime only serves as a source (days since a start, from the date). */
  readonly computable: boolean;
  /** On the screening rows. */
  readonly screened: Ranked;
  /** The distinct values of every row, and how many rows hold one, once a match needs them. */
  full?: { readonly distinct: Float64Array; readonly present: number };
}

/**
 * The number columns among those named that are a strictly monotone function of another (a number
 * or a datetime) on every row, missing exactly where it is. Each is computed from the first column
 * of its kind (in table order, those in `modelled` first, then dates), which stays modelled; a
 * column in `modelled` is never computed. Columns are matched by a hash of their ranks on a
 * sample of rows, so the search is linear in the columns, and each match is checked on every row.
 */
export function findMonotone(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): Monotone[] {
  const screen = screenRows(table.rowCount);
  // Columns the request fixes, then dates (which are never computed), are sources before any other.
  const first = (c: Column) => (modelled.has(c.name) ? 0 : isNumberColumn(c) ? 2 : 1);
  const candidates = names
    .map((name) => getColumn(table, name)!)
    .filter((c) => isNumberColumn(c) || c.type === 'datetime')
    .sort((a, b) => first(a) - first(b))
    .map((column): Candidate => {
      const values = numbersOf(column)!;
      return { column, values, computable: isNumberColumn(column), screened: rankedOver(values, screen) };
    })
    .filter((c) => c.screened.distinct.length >= MIN_DISTINCT && presentIn(c.screened) >= Math.min(MIN_ROWS, screen.length));
  const sources = new Map<string, Candidate[]>();
  const found: Monotone[] = [];
  let knots = 0;
  for (const c of candidates) {
    const curve = modelled.has(c.column.name) || !c.computable ? undefined : curveAmong(sources, c, MAX_TOTAL_KNOTS - knots);
    if (curve) {
      knots += curve.xs.length;
      found.push(curve);
      continue;
    }
    const key = keyOf(c.screened, true);
    sources.set(key, [...(sources.get(key) ?? []), c]);
  }
  return found;
}

/** `body` with each computed column added, from its source's values. */
export function withMonotone(curves: readonly Monotone[], body: Table): Table {
  if (!curves.length) return body;
  return { rowCount: body.rowCount, columns: [...body.columns, ...curves.map((m) => computed(m, body))] };
}

/** `an increasing function of x`, as a model record shows it. */
export const monotoneExpression = (m: Monotone): string => `${m.xs.length > 1 && m.ys[1]! < m.ys[0]! ? 'a decreasing' : 'an increasing'} function of ${m.from}`;

function computed(m: Monotone, body: Table): Column {
  const values = Float64Array.from(numbersOf(getColumn(body, m.from)!)!, curveValue(m));
  return numbersColumn(m.shape, values);
}

/** The column's value at x, as written: along the curve, on its grid, to its decimals; missing for a missing x. */
function curveValue(m: Monotone): (x: number) => number {
  const written = roundedAsWritten(m.shape);
  return (x) => (Number.isNaN(x) ? NaN : written(m.step > 0 ? ontoGrid(along(m, x), m) : along(m, x)));
}

/** The curve's value at x: a knot's own, linear between two, the end one past either end. */
function along({ xs, ys }: Monotone, x: number): number {
  const i = upperBound(xs, x);
  if (i === 0) return ys[0]!;
  if (i === xs.length || xs[i - 1] === x) return ys[i - 1]!;
  const t = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
  return ys[i - 1]! + t * (ys[i]! - ys[i - 1]!);
}

/** The curve from the first earlier column that c rises or falls with on every row, within `knotsLeft`. */
function curveAmong(sources: ReadonlyMap<string, Candidate[]>, c: Candidate, knotsLeft: number): Monotone | undefined {
  for (const rising of [true, false]) {
    // Every source whose screening ranks match: one may agree on the sample and not on every row, a later one on both.
    for (const source of sources.get(keyOf(c.screened, rising)) ?? []) {
      const curve = sameRanks(source.screened, c.screened, rising) ? curveOver(source, c, rising, Math.min(MAX_KNOTS, knotsLeft)) : undefined;
      if (curve) return curve;
    }
  }
  return undefined;
}

/**
 * The curve from x to y when y rises (or falls) with x on every row and is missing exactly where x
 * is. The two columns' distinct values, sorted, pair up (reversed when falling); the curve through
 * those pairs is then checked on every row, as it will compute the column: a row it misses is a
 * pairing that does not hold.
 */
function curveOver(x: Candidate, y: Candidate, rising: boolean, limit: number): Monotone | undefined {
  const [from, to] = [fullOf(x), fullOf(y)];
  if (from.distinct.length !== to.distinct.length || from.present < MIN_ROWS) return undefined;
  const ys = rising ? to.distinct : to.distinct.slice().reverse();
  const { step } = everyValueGrid(y.column);
  const kept = knotsWithin(from.distinct, ys, 0.45 * step, limit);
  if (!kept) return undefined;
  const curve: Monotone = { column: y.column.name, from: x.column.name, xs: kept.map((i) => from.distinct[i]!), ys: kept.map((i) => ys[i]!), step, shape: shapeOf(y.column) };
  // On the grid, within a millionth of a step of the data's value is that value once written (toFixed per row would double the search's time).
  const slack = step * 1e-6;
  for (let r = 0; r < x.values.length; r++) {
    const [u, v] = [x.values[r]!, y.values[r]!];
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (Number.isNaN(u) !== Number.isNaN(v)) return undefined;
      continue;
    }
    const at = along(curve, u);
    if (!(Math.abs((step > 0 ? ontoGrid(at, curve) : at) - v) <= slack)) return undefined;
  }
  return curve;
}

/** Whether y's ranks are x's (or their reverse). */
function sameRanks(x: Ranked, y: Ranked, rising: boolean): boolean {
  if (x.distinct.length !== y.distinct.length) return false;
  const top = y.distinct.length - 1;
  return x.ranks.every((rank, i) => rank === (rising || y.ranks[i]! < 0 ? y.ranks[i]! : top - y.ranks[i]!));
}

/** A hash of the ranks (reversed when not `rising`), with their count: equal ranks, equal keys. */
function keyOf({ ranks, distinct }: Ranked, rising: boolean): string {
  const top = distinct.length - 1;
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (const rank of ranks) {
    const r = rising || rank < 0 ? rank : top - rank;
    a = Math.imul(a ^ r, 0x01000193);
    b = Math.imul(b ^ (r + 0x7f4a7c15), 0x85ebca6b) ^ (b >>> 13);
  }
  return `${distinct.length}:${a >>> 0}:${b >>> 0}`;
}

function fullOf(c: Candidate): NonNullable<Candidate['full']> {
  if (!c.full) {
    const present = presentValues(c.values);
    c.full = { distinct: distinctOf(sortedCopy(present)), present: present.length };
  }
  return c.full;
}

/** The dense ranks of the values on `rows`. */
function rankedOver(values: Float64Array, rows: Int32Array): Ranked {
  const taken = Float64Array.from(rows, (r) => values[r]!);
  const distinct = distinctOf(sortedCopy(presentValues(taken)));
  return { ranks: Int32Array.from(taken, (v) => (Number.isNaN(v) ? -1 : upperBound(distinct, v) - 1)), distinct };
}

/** The values that are not missing: the array itself when none is. */
function presentValues(values: Float64Array): Float64Array {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) missing++;
  return missing ? values.filter((v) => !Number.isNaN(v)) : values;
}

function distinctOf(sorted: Float64Array): Float64Array {
  const out = new Float64Array(sorted.length);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out[k++] = sorted[i]!;
  return out.subarray(0, k);
}

const presentIn = ({ ranks }: Ranked) => ranks.reduce((n, rank) => n + (rank >= 0 ? 1 : 0), 0);

/**
 * The points of the curve (indices into xs and ys, both ends among them) that keep every point
 * within `tolerance` of the line between its neighbours, so that a value the data holds comes back
 * exactly once put on the column's grid (tolerance under half its step; 0 keeps every point).
 * Greedy: each segment runs as far as one line passes within tolerance of every point it spans,
 * found from the slopes each point allows. Undefined when more than `limit` points are needed.
 */
function knotsWithin(xs: Float64Array, ys: Float64Array, tolerance: number, limit: number): number[] | undefined {
  const kept = [0];
  for (let i = 0; i < xs.length - 1; ) {
    let [low, high, end] = [-Infinity, Infinity, i + 1];
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!;
      const slope = (ys[j]! - ys[i]!) / dx;
      if (slope >= low && slope <= high) end = j;
      low = Math.max(low, (ys[j]! - tolerance - ys[i]!) / dx);
      high = Math.min(high, (ys[j]! + tolerance - ys[i]!) / dx);
      if (low > high) break;
    }
    kept.push(end);
    if (kept.length > limit) return undefined;
    i = end;
  }
  return kept;
}
