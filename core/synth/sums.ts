/**
 * Number columns that are the sum of others, on every row: a total of its parts, a gross of its
 * net and deductions, a copy. No generator keeps such an identity by learning it — synthetic
 * totals would not add up, and the exactly dependent column also strains a copula's correlations
 * (a district's votes for three candidates and their total: two independent candidates came back
 * correlated). Found in the data, such a column is left out of the model and computed from its
 * sampled parts.
 */
import { z } from 'zod';
import { getColumn, numbersColumn, numbersOf, spellingOf, type Column, type Table } from '../table/model.js';
import { roundsTo } from '../table/numbers.js';
import { ColumnShape } from './copula.js';
import { codeLevels, offModeOf } from './lookups.js';

export const Sum = z.object({
  /** The computed column. */
  column: z.string(),
  /** Its parts, each added or subtracted. */
  terms: z.array(z.object({ column: z.string(), sign: z.union([z.literal(1), z.literal(-1)]) })).min(1),
  shape: ColumnShape,
});
export type Sum = z.infer<typeof Sum>;

/** Number columns searched together, at most: the search costs rows × columns². */
const MAX_COLUMNS = 200;
/** Rows the linear algebra looks at (every k-th complete row); every row is checked after. */
const FIT_ROWS = 4096;
/** Complete rows needed beyond the columns searched, so that a sum is no accident of few rows. */
const SPARE_ROWS = 20;
/** A column within this share of its norm of the span of the columns before it is a combination of them. */
const DEPENDENT = 1e-9;
/** A combination's coefficients within this of ±1 or 0 are a sum's. */
const WHOLE = 1e-6;
/** Rows (of those looked at) a column must have off its most frequent value: two sparse flags sharing their one or two ones are no copy. */
const MIN_EVIDENCE = 5;
/** Columns missing on more of the rows are not searched. */
const MAX_MISSING_SHARE = 0.2;

type NumberColumn = Extract<Column, { type: 'integer' | 'float' }>;
export const isNumberColumn = (c: Column | undefined): c is NumberColumn => c !== undefined && (c.type === 'integer' || c.type === 'float');
const numberColumns = (table: Table, names: readonly string[]) => names.map((name) => getColumn(table, name)).filter(isNumberColumn);

/**
 * The sums that hold on every row of `table` among the number columns named. Columns are taken in
 * order of their mean magnitude, smallest first, and each is tested against the span of those kept
 * before it (Gram–Schmidt over a sample of complete rows): parts come before their total, and a
 * total of totals is found as the sum of the smallest parts. A column in that span whose
 * coefficients are all ±1 or 0 is a sum, once every row of the table agrees (missing exactly where a
 * part is); a column in it otherwise, or in `modelled`, is left as it is, and one outside it joins
 * the span. Columns in `modelled` are taken first, so they are parts rather than sums.
 */
export function findSums(table: Table, names: readonly string[], modelled: ReadonlySet<string> = new Set()): Sum[] {
  // Sums with parts missing on many rows are rare, and such columns would leave few complete rows.
  const all = numberColumns(table, names).filter((c) => missingShare(c.values) <= MAX_MISSING_SHARE);
  // Far more than the search takes even after constant columns drop out: not worth sampling them all.
  if (all.length < 2 || all.length > 8 * MAX_COLUMNS) return [];
  const complete = Array.from({ length: table.rowCount }, (_, r) => r).filter((r) => all.every((c) => !Number.isNaN(c.values[r]!)));
  const stride = Math.max(1, Math.ceil(complete.length / FIT_ROWS));
  const rows = complete.filter((_, i) => i % stride === 0);
  const sampled = all.map((c) => Float64Array.from(rows, (r) => c.values[r]!));
  const keep = sampled.map((v) => offModeOf(codeLevels(v, v.length)!.counts) >= MIN_EVIDENCE);
  const columns = all.filter((_, i) => keep[i]);
  const vectors = sampled.filter((_, i) => keep[i]);
  if (columns.length < 2 || columns.length > MAX_COLUMNS || rows.length < columns.length + SPARE_ROWS) return [];
  const magnitude = vectors.map((v) => v.reduce((s, x) => s + Math.abs(x), 0) / v.length);
  // Columns the request conditions on come first: kept as parts, so a total fixed by a condition
  // still adds up, one of its parts being computed as the difference.
  const first = (i: number) => (modelled.has(columns[i]!.name) ? 0 : 1);
  const order = columns.map((_, i) => i).sort((a, b) => first(a) - first(b) || magnitude[a]! - magnitude[b]! || a - b);

  // Orthonormal directions q and, per kept column, its coordinates on them (X = Q·R, R upper triangular).
  const q: Float64Array[] = [];
  const kept: number[] = [];
  const r: number[][] = [];
  const sums: Sum[] = [];
  for (const i of order) {
    const y = vectors[i]!;
    const residual = Float64Array.from(y);
    const coords = q.map((direction) => {
      const c = dot(direction, residual);
      for (let k = 0; k < residual.length; k++) residual[k]! -= c * direction[k]!;
      return c;
    });
    const left = Math.sqrt(dot(residual, residual));
    if (left > DEPENDENT * Math.sqrt(dot(y, y))) {
      q.push(residual.map((x) => x / left));
      r.push([...coords, left]);
      kept.push(i);
      continue;
    }
    if (modelled.has(columns[i]!.name)) continue;
    const weights = backSubstitute(r, coords);
    const terms = weights.flatMap((w, k) => (Math.abs(w) < WHOLE ? [] : Math.abs(Math.abs(w) - 1) < WHOLE ? [{ column: columns[kept[k]!]!.name, sign: w > 0 ? (1 as const) : (-1 as const) }] : [undefined]));
    if (!terms.length || terms.includes(undefined)) continue;
    const sum = { column: columns[i]!.name, terms: terms.filter((t) => t !== undefined), shape: shapeOfNumber(columns[i]!) };
    if (holdsOnEveryRow(table, sum)) sums.push(sum);
  }
  return sums;
}

/** The sum columns computed from `body`'s parts and added to it (the parts are always modelled columns). */
export function withSummed(sums: readonly Sum[], body: Table): Table {
  return { rowCount: body.rowCount, columns: [...body.columns, ...sums.map((s) => summed(s, body))] };
}

/** `a + b - c`, as a formula constraint would write it: added parts first. */
export function sumExpression(s: Sum): string {
  const terms = [...s.terms.filter((t) => t.sign > 0), ...s.terms.filter((t) => t.sign < 0)];
  return terms.map((t, i) => `${i === 0 ? (t.sign < 0 ? '-' : '') : t.sign < 0 ? ' - ' : ' + '}${t.column}`).join('');
}

function summed(s: Sum, body: Table): Column {
  const parts = s.terms.map((t) => ({ values: numbersOf(getColumn(body, t.column)!)!, sign: t.sign }));
  const onGrid = roundedAsWritten(s.shape);
  const values = Float64Array.from({ length: body.rowCount }, (_, row) => onGrid(parts.reduce((total, p) => total + p.sign * p.values[row]!, 0)));
  return numbersColumn(s.shape, values);
}

/** A computed number as its column writes it: whole, or to its decimals (0.1 + 0.2 is 0.3), NaN kept. */
export function roundedAsWritten(shape: ColumnShape): (x: number) => number {
  if (shape.type === 'integer') return Math.round;
  const { decimals } = shape;
  return decimals !== undefined && roundsTo(decimals) ? (x) => (Number.isNaN(x) ? x : Number(x.toFixed(decimals))) : (x) => x;
}

/**
 * Every row: the column is its parts' sum as the column writes it — an integer exactly, a float
 * within half its last written decimal and the sum's own rounding error — and missing exactly
 * where a part is. No relative slack: two epoch-millisecond columns 20 ms apart are no copy.
 */
function holdsOnEveryRow(table: Table, s: Sum): boolean {
  const target = numbersOf(getColumn(table, s.column)!)!;
  const computed = (summed(s, table) as { values: Float64Array }).values;
  const parts = s.terms.map((t) => numbersOf(getColumn(table, t.column)!)!);
  const unit = s.shape.type === 'float' ? 0.5 * 10 ** -(s.shape.decimals ?? 15) : 0;
  return target.every((y, row) => {
    const x = computed[row]!;
    if (Number.isNaN(y) || Number.isNaN(x)) return Number.isNaN(y) && Number.isNaN(x);
    if (s.shape.type === 'integer') return y === x;
    const magnitude = parts.reduce((sum, p) => sum + Math.abs(p[row]!), Math.abs(y));
    return Math.abs(y - x) <= unit + 8 * Number.EPSILON * magnitude;
  });
}

function shapeOfNumber(c: NumberColumn): ColumnShape {
  return { name: c.name, type: c.type, ...spellingOf(c) };
}

/** Solves R·w = c for upper-triangular R given by columns (r[j] holds column j's entries down to its diagonal). */
function backSubstitute(r: readonly number[][], c: readonly number[]): number[] {
  const n = c.length;
  const w = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = c[i]!;
    for (let j = i + 1; j < n; j++) s -= r[j]![i]! * w[j]!;
    w[i] = s / r[i]![i]!;
  }
  return w;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function missingShare(values: Float64Array): number {
  let missing = 0;
  for (const v of values) if (Number.isNaN(v)) missing++;
  return values.length ? missing / values.length : 0;
}
