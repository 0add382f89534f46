/**
 * Columns that sit just above others on every row: a day's high above its open, low and close; an
 * end time a little after its start. Their values spread widely, the gap between them hardly at
 * all, so a copula (or a network) that draws each from its own marginal puts the high below the
 * low on most rows (two stock tables: seven rows in ten). Found in the data, such a column is
 * modelled as its gap above the largest of its lower bounds, and set back from them after sampling:
 * every row keeps the order, and the column's shape is that of its bounds plus a narrow gap.
 */
import { z } from 'zod';
import { screenRows } from './screen.js';
import { getColumn, numbersColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { ColumnShape, distinctUpTo, shapeOf } from './copula.js';
import { everyValueGrid, ontoGrid } from './column-rules.js';
import { roundedAsWritten } from './sums.js';

export const Gap = z.object({
  /** The column modelled as its gap. */
  column: z.string(),
  /** The columns it is at least, on every row: modelled, or set back before it. */
  above: z.array(z.string()).min(1),
  /** The grid its values sit on (valueGrid), step 0 for none. */
  grid: z.object({ step: z.number().min(0), phase: z.number().optional() }),
  /** Its least and greatest value in the data: a value set back stays within them, unless its bound is above. */
  range: z.tuple([z.number(), z.number()]),
  shape: ColumnShape,
});
export type Gap = z.infer<typeof Gap>;

/**
 * The gap's spread, at most, as a share of the column's: a narrow band above its bounds. Found on
 * the sweep: stock highs and lows 0.016–0.025, real consumption under income 0.065; orders that
 * merely hold (a bond's two yields 0.25, a minimum and a maximum temperature 0.52) are wider, and
 * a sum of two drawn columns would miss the column's own shape.
 */
const TIGHT = 0.1;
/** Number columns searched together, at most: the search costs rows × columns². */
const MAX_COLUMNS = 200;
/** Distinct values a column needs: fewer are levels. */
const MIN_DISTINCT = 3;
/**
 * Rows checked in full, over all pairs, at most: a table of many columns each above the last (a
 * year's cumulative months) would otherwise check every pair on every row. Past it, no more gaps.
 */
const MAX_ROWS_CHECKED = 400_000_000;

interface Candidate {
  readonly column: Column;
  readonly values: Float64Array;
  readonly spread: number;
  readonly isDate: boolean;
}

/**
 * The gaps that hold in `table` among the columns named (numbers and datetimes, present on every
 * row): B gets lower bound A when A ≤ B on every row, not equal on all of them, and B − A spreads
 * at most TIGHT times B itself (a datetime only above a datetime). Listed so that each column's
 * bounds come before it. A column in `modelled` is never a gap (it may be a bound).
 */
export function findGaps(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): Gap[] {
  const candidates = names
    .map((name) => getColumn(table, name)!)
    .flatMap((column): Candidate[] => {
      const values = numbersOf(column);
      if (!values || values.some(Number.isNaN) || distinctUpTo(values, MIN_DISTINCT - 1) < MIN_DISTINCT) return [];
      return [{ column, values, spread: deviation(values.length, (r) => values[r]!), isDate: column.type === 'datetime' }];
    });
  if (candidates.length < 2 || candidates.length > MAX_COLUMNS) return [];
  const screen = screenRows(table.rowCount);
  const below = new Map<Candidate, Candidate[]>();
  let checked = 0;
  for (const b of candidates) {
    if (modelled.has(b.column.name)) continue;
    const bounds = candidates.filter((a) => {
      if (a === b || a.isDate !== b.isDate || !isTightlyBelow(a, b, screen) || checked + table.rowCount > MAX_ROWS_CHECKED) return false;
      checked += table.rowCount;
      return isTightlyBelow(a, b);
    });
    if (bounds.length) below.set(b, bounds);
  }
  // Only the nearest bounds: a bound of another bound of the same column is never the largest (a low under an open under a high).
  const above = new Map(
    [...below].map(([b, bounds]) => [b.column.name, bounds.filter((a) => !bounds.some((c) => below.get(c)?.includes(a))).map((a) => a.column.name)] as const),
  );
  // Bounds first: an order on every row has no cycle (two columns each at most the other are equal, never a gap).
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const bound of above.get(name) ?? []) visit(bound);
    order.push(name);
  };
  [...above.keys()].forEach(visit);
  return order.filter((name) => above.has(name)).map((name) => {
    const column = getColumn(table, name)!;
    const { step, phase } = everyValueGrid(column);
    const values = numbersOf(column)!;
    const range: [number, number] = [values.reduce((m, v) => Math.min(m, v), Infinity), values.reduce((m, v) => Math.max(m, v), -Infinity)];
    return { column: name, above: above.get(name)!, grid: { step, ...(phase ? { phase } : {}) }, range, shape: shapeOf(column) };
  });
}

/** `table` as the model sees it: each gap column holding its gap above its bounds' largest value. */
export function toGaps(gaps: readonly Gap[], table: Table): Table {
  if (!gaps.length) return table;
  const byName = new Map(gaps.map((g) => [g.column, g]));
  const columns = table.columns.map((c): Column => {
    const gap = byName.get(c.name);
    if (!gap) return c;
    const floor = floorOf(gap, table);
    const values = Float64Array.from(numbersOf(c)!, (y, r) => y - floor[r]!);
    return c.type === 'integer' || c.type === 'float' ? { ...c, values } : { type: 'integer', name: c.name, values };
  });
  return { rowCount: table.rowCount, columns };
}

/**
 * `body` with each gap column set back: its bounds' largest value plus the sampled gap (never
 * below 0), on the column's grid, and within the data's range unless its bound is past the top.
 * `settle` then moves the column as it must be (a date forward to its weekdays), before a gap
 * above it reads it as a bound.
 */
export function fromGaps(gaps: readonly Gap[], body: Table, settle: (table: Table, column: string) => Table = (t) => t): Table {
  let table = body;
  for (const gap of gaps) {
    const floor = floorOf(gap, table);
    const sampled = numbersOf(getColumn(table, gap.column)!)!;
    const written = roundedAsWritten(gap.shape);
    const [least, most] = gap.range;
    const values = Float64Array.from(sampled, (g, r) => {
      const y = Math.min(Math.max(floor[r]! + Math.max(0, g), least), Math.max(most, floor[r]!));
      return written(onGridAtLeast(y, floor[r]!, gap.grid));
    });
    const column = numbersColumn(gap.shape, values);
    table = settle({ rowCount: table.rowCount, columns: table.columns.map((c) => (c.name === gap.column ? column : c)) }, gap.column);
  }
  return table;
}

/** `max(open, low, close) + a gap ≥ 0`, as a model record shows it. */
export const gapExpression = (g: Gap): string => `${g.above.length > 1 ? `max(${g.above.join(', ')})` : g.above[0]} + a gap ≥ 0`;

/** Each row's largest bound. */
function floorOf(gap: Gap, table: Table): Float64Array {
  const bounds = gap.above.map((name) => numbersOf(getColumn(table, name)!)!);
  return Float64Array.from({ length: table.rowCount }, (_, r) => bounds.reduce((m, b) => Math.max(m, b[r]!), -Infinity));
}

/** y on the grid, and never below the floor it was set above (rounding could put it just under). */
function onGridAtLeast(y: number, floor: number, grid: Gap['grid']): number {
  if (Number.isNaN(y) || grid.step <= 0) return y;
  const snapped = ontoGrid(y, grid);
  return snapped < floor ? snapped + grid.step : snapped;
}

/**
 * A ≤ B on the rows given (every row when none are), and B − A within TIGHT of B's spread; on
 * every row, also not equal on all of them (a copy is a sum's business).
 */
function isTightlyBelow(a: Candidate, b: Candidate, rows?: Int32Array): boolean {
  const [x, y] = [a.values, b.values];
  const n = rows ? rows.length : x.length;
  // The gap's spread from its moments in one pass, taken about the first gap so a large common gap cancels nothing.
  const first = rows ? rows[0]! : 0;
  const shift = y[first]! - x[first]!;
  let equal = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    const gap = y[r]! - x[r]!;
    if (gap < 0) return false;
    if (gap === 0) equal++;
    sum += gap - shift;
    squares += (gap - shift) ** 2;
  }
  if (equal === n && !rows) return false;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean)) <= TIGHT * b.spread;
}


/** The standard deviation of n values. */
function deviation(n: number, valueAt: (i: number) => number): number {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += valueAt(i);
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (valueAt(i) - mean) ** 2;
  return Math.sqrt(squares / n);
}
