/**
 * Number columns that rise or fall with another on every row: a log or a square of a column
 * (econometric tables carry `age` and `age2`, `income` and `linc`), a centred or rescaled copy, a
 * unit conversion. A copula links the two through one correlation and a marginal each, so a
 * synthetic `lbase` strays from the log of its row's `base`, and a network learns the curve only
 * roughly. Found in the data, such a column is left out of the model and computed from its source's
 * sampled value, along the curve the data traces: exact at every value the data holds, linear
 * between them.
 */
import { z } from 'zod';
import { getColumn, numbersOf, spellingOf, type Column, type Table } from '../table/model.js';
import { upperBound } from '../stats/sort.js';
import { ColumnShape, shapeOf } from './copula.js';
import { isNumberColumn, roundedAsWritten } from './sums.js';
import { ontoGrid, valueGrid } from './column-rules.js';

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
/** Rows each column is first screened on (every k-th), before a pair is checked on every row. */
const SCREEN_ROWS = 4096;
/** Points of a curve kept, at most (evenly by rank): every one of the data's values up to this. */
const MAX_KNOTS = 1000;

interface Screened {
  readonly name: string;
  /** A number column may be computed; a datetime only serves as a source (days since a start, from the date). */
  readonly computable: boolean;
  readonly values: Float64Array;
  /** Each screening row's rank among the distinct values there, −1 where missing. */
  readonly ranks: Int32Array;
  readonly distinct: number;
}

/**
 * The number columns among those named that are a strictly monotone function of another (a number or a datetime), on
 * every row, missing exactly where it is. Each is computed from the first column of its kind (in
 * table order, those in `modelled` first, then dates), which stays modelled; a column in
 * `modelled` is never computed. Columns are matched by their ranks on a sample of rows, so the search is linear in
 * the columns, and each match is then checked on every row.
 */
export function findMonotone(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): Monotone[] {
  const columns = names.map((name) => getColumn(table, name)).filter((c) => isNumberColumn(c) || c?.type === 'datetime');
  const stride = Math.max(1, Math.ceil(table.rowCount / SCREEN_ROWS));
  const screen = Int32Array.from({ length: Math.ceil(table.rowCount / stride) }, (_, i) => i * stride);
  // Columns the request fixes, then dates (which are never computed), are sources before any other.
  const first = (c: Column) => (modelled.has(c.name) ? 0 : isNumberColumn(c) ? 2 : 1);
  const screened = [...columns]
    .sort((a, b) => first(a) - first(b))
    .map((c) => screenedOf(c, screen))
    .filter((s) => s.distinct >= MIN_DISTINCT);
  const sources = new Map<string, Screened[]>();
  const found: Monotone[] = [];
  for (const s of screened) {
    const match = modelled.has(s.name) || !s.computable ? undefined : matchAmong(sources, s);
    const curve = match && curveOf(match.source.values, s.values, match.rising);
    if (match && curve) {
      const column = getColumn(table, s.name)!;
      found.push({ column: s.name, from: match.source.name, ...curve, step: valueGrid(column).step, shape: shapeOf(column) });
      continue;
    }
    const key = keyOf(s.ranks, s.distinct, true);
    sources.set(key, [...(sources.get(key) ?? []), s]);
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
  const x = numbersOf(getColumn(body, m.from)!)!;
  const written = roundedAsWritten(m.shape);
  const values = Float64Array.from(x, (v) => written(m.step > 0 ? ontoGrid(along(m, v), m) : along(m, v)));
  return { type: m.shape.type === 'integer' ? 'integer' : 'float', name: m.shape.name, ...spellingOf(m.shape), values };
}

/** The curve's value at x: a knot's own, linear between two, the end one past either end. */
function along({ xs, ys }: Monotone, x: number): number {
  if (Number.isNaN(x)) return NaN;
  const i = upperBound(xs, x);
  if (i === 0) return ys[0]!;
  if (i === xs.length || xs[i - 1] === x) return ys[i - 1]!;
  const t = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
  return ys[i - 1]! + t * (ys[i]! - ys[i - 1]!);
}

/** The earlier column whose screening ranks are this one's, or its reverse. */
function matchAmong(sources: ReadonlyMap<string, Screened[]>, s: Screened): { source: Screened; rising: boolean } | undefined {
  for (const rising of [true, false]) {
    const source = sources.get(keyOf(s.ranks, s.distinct, rising))?.find((t) => sameRanks(t, s, rising));
    if (source) return { source, rising };
  }
  return undefined;
}

function sameRanks(source: Screened, s: Screened, rising: boolean): boolean {
  if (source.distinct !== s.distinct) return false;
  const top = s.distinct - 1;
  return source.ranks.every((rank, i) => rank === (rising || s.ranks[i]! < 0 ? s.ranks[i]! : top - s.ranks[i]!));
}

/** A hash of the ranks (reversed when not `rising`), with their count: equal ranks, equal keys. */
function keyOf(ranks: Int32Array, distinct: number, rising: boolean): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (const rank of ranks) {
    const r = rising || rank < 0 ? rank : distinct - 1 - rank;
    a = Math.imul(a ^ r, 0x01000193);
    b = Math.imul(b ^ (r + 0x7f4a7c15), 0x85ebca6b) ^ (b >>> 13);
  }
  return `${distinct}:${a >>> 0}:${b >>> 0}`;
}

function screenedOf(column: Column, screen: Int32Array): Screened {
  const values = numbersOf(column)!;
  const sample = Float64Array.from(screen, (r) => values[r]!);
  const present = sample.filter((v) => !Number.isNaN(v)).sort();
  const distinctValues = present.filter((v, i) => i === 0 || v !== present[i - 1]);
  const ranks = Int32Array.from(sample, (v) => (Number.isNaN(v) ? -1 : upperBound(distinctValues, v) - 1));
  return { name: column.name, computable: isNumberColumn(column), values, ranks, distinct: distinctValues.length };
}

/**
 * The curve from x to y when y is a strictly monotone function of x on every row (rising or
 * falling as asked) and missing exactly where x is; undefined otherwise.
 */
function curveOf(x: Float64Array, y: Float64Array, rising: boolean): { xs: number[]; ys: number[] } | undefined {
  const at = new Map<number, number>();
  for (let r = 0; r < x.length; r++) {
    const [u, v] = [x[r]!, y[r]!];
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (Number.isNaN(u) !== Number.isNaN(v)) return undefined;
      continue;
    }
    const seen = at.get(u);
    if (seen === undefined) at.set(u, v);
    else if (seen !== v) return undefined;
  }
  const xs = Float64Array.from(at.keys()).sort();
  const ys = Float64Array.from(xs, (u) => at.get(u)!);
  for (let i = 1; i < ys.length; i++) if (rising ? !(ys[i]! > ys[i - 1]!) : !(ys[i]! < ys[i - 1]!)) return undefined;
  const kept = xs.length <= MAX_KNOTS ? xs.map((_, i) => i) : Array.from({ length: MAX_KNOTS }, (_, i) => Math.round((i * (xs.length - 1)) / (MAX_KNOTS - 1)));
  return { xs: Array.from(kept, (i) => xs[i]!), ys: Array.from(kept, (i) => ys[i]!) };
}
