/**
 * Constraints on generated rows, for every generator: checked against the real data first (a
 * constraint the data breaks is a mistake, reported as such), then enforced by formula columns
 * (computed, then re-checked once rounded to their column's grid), by real combinations for the
 * number members of a fixed combination (fixed-combinations.ts), and by rejection sampling for
 * every row — never silently violated:
 * if too few sampled rows pass, the job fails with the acceptance rate.
 */
import { z } from 'zod';
import { MISSING_CODE, cellLabel, getColumn, numbersOf, takeRows, type Column, type LogicalType, type Table } from '../table/model.js';
import { distinctColumnNames } from '../records.js';
import { unprocessable } from '../errors.js';
import type { Rng } from '../random.js';
import { concatTables } from '../table/arrow.js';
import { MAX_ROUNDED_DECIMALS, roundsTo } from '../table/numbers.js';
import { combinationFixer, type CombinationFixer } from './fixed-combinations.js';

// Strict: a misspelt key (`low` for `min`) is a 422, not a constraint that silently does nothing.
export const Constraint = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inequality'), low: z.string(), high: z.string(), strict: z.boolean().default(false) }).strict().describe('low ≤ high (or <)'),
  // A range of neither bound would keep every row: a no-op, most likely a bound left out by mistake.
  z
    .object({ type: z.literal('range'), column: z.string(), min: z.number().optional(), max: z.number().optional() })
    .strict()
    .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'a range needs min or max' })
    // No value lies in it: malformed, not a rule the data breaks.
    .refine((c) => c.min === undefined || c.max === undefined || c.min <= c.max, { message: 'a range needs min ≤ max (min is above max)', path: ['min'] }),
  z.object({ type: z.literal('positive'), column: z.string(), strict: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('negative'), column: z.string(), strict: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('fixed_combinations'), columns: distinctColumnNames().min(2) }).strict().describe('only combinations of these columns seen in the data'),
  z.object({ type: z.literal('unique'), columns: distinctColumnNames().min(1) }).strict().describe('no two rows share these values'),
  z.object({ type: z.literal('one_hot'), columns: distinctColumnNames().min(2) }).strict().describe('exactly one of these 0/1 columns is 1'),
  z.object({ type: z.literal('formula'), column: z.string(), expression: z.string().min(1).max(500) }).strict().describe('column = expression of other numeric columns (+ − × ÷, parentheses)'),
]);
export type Constraint = z.infer<typeof Constraint>;

// ---- formula expressions: numbers, column names, + - * / and parentheses ----

type Expr = { kind: 'num'; value: number } | { kind: 'col'; name: string } | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr } | { kind: 'neg'; arg: Expr };

export function parseExpression(text: string): Expr {
  const token = /\s*(\d+\.?\d*(?:[eE][+-]?\d+)?|[A-Za-z_][\w.]*|`[^`]+`|[-+*/()])\s*/y;
  const tokens: string[] = [];
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const m = token.exec(text);
    if (!m) throw unprocessable(`Formula "${text}": unexpected "${text.slice(at, at + 10)}"; use numbers, column names (\`quoted\` if needed), + − * / and parentheses.`);
    tokens.push(m[1]!);
  }
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) throw unprocessable(`Formula "${text}" ends too early.`);
    if (t === '(') {
      const e = sum();
      if (tokens[i++] !== ')') throw unprocessable(`Formula "${text}": a parenthesis is not closed.`);
      return e;
    }
    if (t === '-') return { kind: 'neg', arg: primary() };
    if (/^\d/.test(t)) return { kind: 'num', value: Number(t) };
    if (/^[A-Za-z_`]/.test(t)) return { kind: 'col', name: t.replace(/`/g, '') };
    throw unprocessable(`Formula "${text}": unexpected "${t}".`);
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === '*' || peek() === '/') e = { kind: 'op', op: tokens[i++] as '*' | '/', left: e, right: primary() };
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') e = { kind: 'op', op: tokens[i++] as '+' | '-', left: e, right: product() };
    return e;
  };
  const e = sum();
  if (i !== tokens.length) throw unprocessable(`Formula "${text}": unexpected "${tokens[i]}".`);
  return e;
}

function columnsOf(e: Expr): string[] {
  if (e.kind === 'col') return [e.name];
  if (e.kind === 'op') return [...columnsOf(e.left), ...columnsOf(e.right)];
  if (e.kind === 'neg') return columnsOf(e.arg);
  return [];
}

function evaluate(e: Expr, row: (name: string) => number): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'col':
      return row(e.name);
    case 'neg':
      return -evaluate(e.arg, row);
    case 'op': {
      const a = evaluate(e.left, row);
      const b = evaluate(e.right, row);
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
  }
}

// ---- checks ----

const cellKey = (c: Column, r: number): string => cellLabel(c, r) ?? '';

function need(table: Table, names: readonly string[], numeric: boolean): Column[] {
  return names.map((n) => {
    const c = getColumn(table, n);
    if (!c) throw unprocessable(`Constraint on unknown column ${n}.`);
    if (numeric && !numbersOf(c)) throw unprocessable(`Constraint needs a numeric column; ${n} is ${c.type}.`);
    return c;
  });
}

/** The column types a sign constraint means something on: a date's sign is only its side of 1970. */
const SIGNED_TYPES: readonly LogicalType[] = ['integer', 'float'];

/**
 * 422 for a positive or negative constraint on a column of another type (a datetime's epoch number
 * would pass it); `typeOf` gives a column's type, undefined for one the data lacks (reported elsewhere).
 */
export function checkConstraintTypes(constraints: readonly Constraint[], typeOf: (name: string) => LogicalType | undefined): void {
  for (const c of constraints) {
    if (c.type !== 'positive' && c.type !== 'negative') continue;
    const type = typeOf(c.column);
    if (type !== undefined && !SIGNED_TYPES.includes(type)) {
      throw unprocessable(`A ${c.type} constraint applies to integer and float columns; ${c.column} is ${type}.`, { columns: [c.column] });
    }
  }
}

/** A row predicate per constraint (formulas are computed, not checked). Missing values pass. */
function predicate(table: Table, c: Constraint, real: Table): ((r: number) => boolean) | undefined {
  switch (c.type) {
    case 'inequality': {
      const [lo, hi] = need(table, [c.low, c.high], true).map((x) => numbersOf(x)!);
      return (r) => Number.isNaN(lo![r]!) || Number.isNaN(hi![r]!) || (c.strict ? lo![r]! < hi![r]! : lo![r]! <= hi![r]!);
    }
    case 'range': {
      const v = numbersOf(need(table, [c.column], true)[0])!;
      return (r) => Number.isNaN(v[r]!) || ((c.min === undefined || v[r]! >= c.min) && (c.max === undefined || v[r]! <= c.max));
    }
    case 'positive':
    case 'negative': {
      checkConstraintTypes([c], (n) => getColumn(table, n)?.type);
      const v = numbersOf(need(table, [c.column], true)[0])!;
      const sign = c.type === 'positive' ? 1 : -1;
      return (r) => Number.isNaN(v[r]!) || (c.strict ? sign * v[r]! > 0 : sign * v[r]! >= 0);
    }
    case 'fixed_combinations': {
      // Sampled rows have their number members replaced by real combinations first (fixer below); this checks the whole.
      const realCols = need(real, c.columns, false);
      const seen = new Set<string>();
      for (let r = 0; r < real.rowCount; r++) seen.add(realCols.map((x) => cellKey(x, r)).join('\u0001'));
      const cols = need(table, c.columns, false);
      return (r) => seen.has(cols.map((x) => cellKey(x, r)).join('\u0001'));
    }
    case 'one_hot': {
      const cols = need(table, c.columns, true).map((x) => numbersOf(x)!);
      return (r) => cols.filter((v) => v[r] === 1).length === 1 && cols.every((v) => v[r] === 0 || v[r] === 1);
    }
    case 'formula': {
      // Computed, then written on its column's grid (writtenGrid): a whole-number column rounds
      // s − p = 5.1 to 5, which breaks the rule. A row holds only where the written value is the
      // expression within formulaTolerance (half a grid unit, or the data's exactness where justified).
      // A division by zero (±∞, or 0/0's NaN from inputs that are all present) is no value to keep;
      // NaN is missing only when an input is.
      const expr = parseExpression(c.expression);
      const v = numbersOf(need(table, [c.column], true)[0])!;
      const names = columnsOf(expr);
      const inputs = need(table, names, true).map((x) => writtenValues(x)!);
      const lookup = new Map(names.map((n, i) => [n, inputs[i]!] as const));
      const tolerance = formulaTolerance(real, c);
      return (r) => {
        if (Number.isNaN(v[r]!)) return inputs.some((x) => Number.isNaN(x[r]!));
        return Number.isFinite(v[r]!) && withinTolerance(v[r]!, evaluate(expr, (n) => lookup.get(n)![r]!), tolerance);
      };
    }
    case 'unique':
      return undefined;
  }
}

/** Every column a constraint reads or writes. */
export function constraintColumns(c: Constraint): string[] {
  switch (c.type) {
    case 'inequality':
      return [c.low, c.high];
    case 'range':
    case 'positive':
    case 'negative':
      return [c.column];
    case 'formula':
      return [c.column, ...columnsOf(parseExpression(c.expression))];
    default:
      return [...c.columns];
  }
}

type FormulaConstraint = Extract<Constraint, { type: 'formula' }>;

/**
 * The formula constraints in an order they can be computed in (a formula reading another's column
 * after it), so each sees its inputs' final values. A 422 for one reading its own column, directly
 * or through other formulas (no value could satisfy it and computing it would only overwrite its
 * input), and for two computing one column (the last would silently win). Needs no rows.
 */
export function formulaOrder(constraints: readonly Constraint[]): FormulaConstraint[] {
  const formulas = constraints.filter((c): c is FormulaConstraint => c.type === 'formula');
  const byColumn = new Map<string, FormulaConstraint>();
  for (const f of formulas) {
    if (byColumn.has(f.column)) throw unprocessable(`Two formula constraints compute ${f.column}; give each column one formula.`, { columns: [f.column] });
    byColumn.set(f.column, f);
  }
  const ordered: FormulaConstraint[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth-first: a column met again while its own inputs are being visited closes a cycle.
  const visit = (f: FormulaConstraint, path: readonly string[]): void => {
    if (state.get(f.column) === 'done') return;
    if (state.get(f.column) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(f.column)), f.column];
      const detail =
        cycle.length === 2 ? `The formula for ${f.column} uses its own column; a formula computes a column from other columns.` : `Formula constraints compute their columns from each other in a cycle (${cycle.join(' → ')}); a formula cannot use its own column, directly or through other formulas.`;
      throw unprocessable(detail, { columns: cycle.slice(0, -1) });
    }
    state.set(f.column, 'visiting');
    for (const input of columnsOf(parseExpression(f.expression))) {
      const inner = byColumn.get(input);
      if (inner) visit(inner, [...path, f.column]);
    }
    state.set(f.column, 'done');
    ordered.push(f);
  };
  for (const f of formulas) visit(f, []);
  return ordered;
}

/** 422 when a condition fixes a column a formula computes: the formula would overwrite the fixed value. */
export function checkConditionsAgainstFormulas(constraints: readonly Constraint[], conditioned: readonly string[]): void {
  const computed = constraints.filter((c): c is Extract<Constraint, { type: 'formula' }> => c.type === 'formula').map((c) => c.column);
  const both = conditioned.filter((n) => computed.includes(n));
  if (both.length) throw unprocessable(`${both.join(', ')} ${both.length > 1 ? 'are' : 'is'} computed by a formula constraint and cannot also be fixed by a condition; condition on the formula's inputs instead.`, { columns: both });
}

/**
 * 422 when the conditions themselves break a constraint, which no sampled row could then meet (the
 * job would fail at 0 % acceptance): conditioned values that contradict an inequality, range or
 * sign, a combination the data never holds (`fixed_combinations`, on the columns conditioned), or a
 * one-hot group with two ones, or none when every column of it is fixed. `conditions` are as the
 * generator takes them (conditions.ts), checked against the same `real` table.
 */
export function checkConditionsAgainstConstraints(real: Table, constraints: readonly Constraint[], conditions: Readonly<Record<string, string | number | boolean | null>>): void {
  const fixed = (name: string) => Object.hasOwn(conditions, name);
  // One row holding the conditioned values, every other column missing (which constraints let pass).
  const row: Table = { rowCount: 1, columns: real.columns.map((c) => oneRow(c, fixed(c.name) ? conditions[c.name]! : null)) };
  const broken = (c: Constraint) => unprocessable(`The conditions break the constraint ${JSON.stringify(c)}: no row could meet both.`, { constraint: c });
  for (const c of constraints) {
    if (c.type === 'formula' || c.type === 'unique') continue;
    if (c.type === 'fixed_combinations') {
      const names = c.columns.filter(fixed);
      if (names.length < 1) continue;
      const realCols = need(real, names, false);
      const wanted = need(row, names, false).map((x) => cellKey(x, 0));
      let seen = false;
      for (let r = 0; r < real.rowCount && !seen; r++) seen = realCols.every((x, i) => cellKey(x, r) === wanted[i]);
      if (!seen) throw broken(c);
      continue;
    }
    if (c.type === 'one_hot') {
      const values = need(row, c.columns, true).map((x) => numbersOf(x)![0]!);
      const ones = values.filter((v) => v === 1).length;
      const allFixed = c.columns.every(fixed);
      if (ones > 1 || values.some((v) => !Number.isNaN(v) && v !== 0 && v !== 1) || (allFixed && ones === 0)) throw broken(c);
      continue;
    }
    if (!predicate(row, c, real)!(0)) throw broken(c);
  }
}

/** A one-row column like `c` holding `value` (null: missing). */
function oneRow(c: Column, value: string | number | boolean | null): Column {
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return { ...c, codes: Int32Array.of(value === null ? MISSING_CODE : c.categories.indexOf(String(value))) };
    case 'text':
    case 'id':
      return { ...c, values: [value === null ? null : String(value)] };
    default:
      return { ...c, values: Float64Array.of(value === null ? NaN : Number(value)) };
  }
}

/** 422 unless the real data itself satisfies every constraint. */
export function checkAgainstReal(real: Table, constraints: readonly Constraint[]): void {
  for (const c of constraints) {
    if (c.type === 'formula') {
      const bad = formulaMisses(real, c);
      if (bad) throw unprocessable(`The data breaks the constraint ${JSON.stringify(c)} in ${bad} rows; fix the formula or the data.`, { rows: bad });
      continue;
    }
    if (c.type === 'unique') {
      const cols = need(real, c.columns, false);
      const keys = new Set<string>();
      for (let r = 0; r < real.rowCount; r++) keys.add(cols.map((x) => cellKey(x, r)).join('\u0001'));
      if (keys.size < real.rowCount) throw unprocessable(`The data breaks the constraint ${JSON.stringify(c)}: ${real.rowCount - keys.size} rows repeat values.`);
      continue;
    }
    const ok = predicate(real, c, real)!;
    let bad = 0;
    for (let r = 0; r < real.rowCount; r++) if (!ok(r)) bad++;
    if (bad) throw unprocessable(`The data breaks the constraint ${JSON.stringify(c)} in ${bad} rows; fix the constraint or the data.`, { rows: bad });
  }
}

/**
 * How far a formula column's value is from the expression's, row by row where both are present,
 * less a relative 1e-9 of the expression for floating-point noise (so ≤ 0 is exact).
 */
function formulaGaps(real: Table, f: FormulaConstraint): { gaps: number[]; unit: number; exact: boolean } {
  const expr = parseExpression(f.expression);
  const [target, ...inputs] = need(real, [f.column, ...columnsOf(expr)], true) as [Column, ...Column[]];
  const lookup = new Map(inputs.map((c) => [c.name, numbersOf(c)!] as const));
  const values = numbersOf(target)!;
  const unit = target.type === 'float' ? 0.5 * 10 ** -(target.decimals ?? 15) : 0.5;
  const gaps: number[] = [];
  for (let r = 0; r < real.rowCount; r++) {
    const expected = evaluate(expr, (n) => lookup.get(n)![r]!);
    const actual = values[r]!;
    if (Number.isNaN(actual) || Number.isNaN(expected)) continue;
    gaps.push(Number.isFinite(expected) ? Math.abs(actual - expected) - 1e-9 * Math.max(1, Math.abs(expected)) : Infinity);
  }
  return { gaps, unit, exact: exactOnGrid(expr, target, inputs) };
}

/** `actual` is `expected` within `tolerance`, plus a relative 1e-9 for floating-point noise. */
const withinTolerance = (actual: number, expected: number, tolerance: number): boolean => Number.isFinite(expected) && Math.abs(actual - expected) <= tolerance + 1e-9 * Math.max(1, Math.abs(expected));

/**
 * Rows of the real data where the formula's column is not the expression, within half a unit of
 * the column's last written decimal (a total kept to cents) and a relative 1e-9; rows missing an
 * input or the column are not counted.
 */
function formulaMisses(real: Table, f: FormulaConstraint): number {
  const { gaps, unit } = formulaGaps(real, f);
  return gaps.filter((g) => !(g <= unit)).length;
}

/** Complete real rows that make the formula's largest gap there a rule of the data rather than chance. */
const EXACT_EVIDENCE_ROWS = 30;

/**
 * How closely a generated row must hold the formula. Half a unit of the column's grid (a whole n
 * within 0.5 of s − p; a total kept to cents within half a cent) unless exactness is justified:
 * tighter, to the real data's largest gap, only where that gap is evidence — at least
 * EXACT_EVIDENCE_ROWS complete real rows — or where the expression's value always lies on the grid
 * (exactOnGrid). A few rows that happen to hold it exactly (8 a / b that divide evenly) are luck:
 * asking every generated row to match would keep only inputs that divide evenly, skewing their
 * distributions, or fail the job.
 */
export function formulaTolerance(real: Table, f: FormulaConstraint): number {
  const known = tolerances.get(real)?.get(f);
  if (known !== undefined) return known;
  const { gaps, unit, exact } = formulaGaps(real, f);
  let complete = 0;
  let largest = 0;
  for (const g of gaps) {
    if (!Number.isFinite(g)) continue;
    complete++;
    largest = Math.max(largest, g);
  }
  const tolerance = exact ? 0 : complete >= EXACT_EVIDENCE_ROWS ? Math.min(unit, largest) : unit;
  tolerances.set(real, (tolerances.get(real) ?? new Map<FormulaConstraint, number>()).set(f, tolerance));
  return tolerance;
}

/**
 * Decimal places on a column's written grid (writtenGrid): 0 for an integer, a float's decimals;
 * Infinity for a column written as computed, which no grid bounds.
 */
function gridPlaces(c: Column): number {
  if (c.type === 'integer') return 0;
  return c.type === 'float' && roundsTo(c.decimals) ? c.decimals : Infinity;
}

/** Fewest decimal places that spell `v` (1.19 → 2), Infinity past those rounding keeps. */
function literalPlaces(v: number): number {
  for (let d = 0; d <= MAX_ROUNDED_DECIMALS; d++) if (Math.round(v * 10 ** d) / 10 ** d === v) return d;
  return Infinity;
}

/**
 * Most decimal places the expression's value can have given its inputs' (`places`): + and − keep
 * the most, × adds them, ÷ has no bound (1 / 3).
 */
function expressionPlaces(e: Expr, places: (name: string) => number): number {
  switch (e.kind) {
    case 'num':
      return literalPlaces(e.value);
    case 'col':
      return places(e.name);
    case 'neg':
      return expressionPlaces(e.arg, places);
    case 'op': {
      if (e.op === '/') return Infinity;
      const [a, b] = [expressionPlaces(e.left, places), expressionPlaces(e.right, places)];
      return e.op === '*' ? a + b : Math.max(a, b);
    }
  }
}

/**
 * The expression, computed from inputs on their grids, always lies on the target's grid (a whole
 * n = a + 2 * b of whole a and b): every generated row can hold it exactly, so exactness asks
 * nothing the inputs' distributions must bend to.
 */
function exactOnGrid(expr: Expr, target: Column, inputs: readonly Column[]): boolean {
  const grid = gridPlaces(target);
  // A column written as computed holds any value exactly.
  if (grid === Infinity) return true;
  const places = new Map(inputs.map((c) => [c.name, gridPlaces(c)] as const));
  return expressionPlaces(expr, (n) => places.get(n) ?? Infinity) <= grid;
}

// Computed once per real table and constraint, not once per round of sampling.
const tolerances = new WeakMap<Table, Map<FormulaConstraint, number>>();

/**
 * A formula's result as its column is written: whole for an integer column (188.7 in one would be
 * a value its type cannot hold: Parquet refuses it), and to a float column's decimals, the unit
 * the formula was checked to on the real data (formulaMisses). Other columns are left as computed.
 */
function writtenGrid(c: Column): (v: number) => number {
  if (c.type === 'integer') return (v) => (Number.isFinite(v) ? Math.round(v) : v);
  if (c.type === 'float' && roundsTo(c.decimals)) {
    const f = 10 ** c.decimals;
    // A magnitude past 1e308 / f would overflow to ∞ when scaled: such a value is kept as it is.
    return (v) => (Number.isFinite(v * f) ? Math.round(v * f) / f : v);
  }
  return (v) => v;
}

/** A number column's values on the grid they are written on (writtenGrid); undefined for other columns. */
function writtenValues(c: Column): Float64Array | undefined {
  const values = numbersOf(c);
  if (!values) return undefined;
  const onGrid = writtenGrid(c);
  return Float64Array.from(values, onGrid);
}

function applyFormulas(t: Table, constraints: readonly Constraint[]): Table {
  const formulas = formulaOrder(constraints);
  if (!formulas.length) return t;
  let columns = [...t.columns];
  for (const f of formulas) {
    const expr = parseExpression(f.expression);
    // Inputs as they will be written (a float kept to its decimals): the value is then the one a reader recomputes.
    const lookup = new Map(columns.map((c) => [c.name, writtenValues(c)] as const));
    const target = columns.findIndex((c) => c.name === f.column);
    const col = columns[target]!;
    if (!numbersOf(col)) throw unprocessable(`Formula target ${f.column} must be numeric.`);
    const onGrid = writtenGrid(col);
    const values = Float64Array.from({ length: t.rowCount }, (_, r) => onGrid(evaluate(expr, (n) => lookup.get(n)?.[r] ?? NaN)));
    columns = columns.map((c, i) => (i === target ? ({ ...col, values } as Column) : c));
  }
  return { rowCount: t.rowCount, columns };
}

const MAX_ROUNDS = 25;

/** A fixer per fixed-combinations constraint with number members not fixed by a condition, in order. */
function combinationFixers(constraints: readonly Constraint[], real: Table, conditioned: readonly string[]): CombinationFixer[] {
  return constraints.flatMap((c) => (c.type === 'fixed_combinations' ? [combinationFixer(real, c.columns, conditioned)] : [])).filter((f): f is CombinationFixer => f !== undefined);
}

/**
 * The rows of successive draws that satisfy every constraint, kept in draw order (and unique where
 * a constraint asks, across every draw) until `rows` are. Each row is judged on its own, so a round
 * judged in pieces keeps exactly the rows it keeps judged whole.
 */
function constraintKeeper(rows: number, constraints: readonly Constraint[], real: Table, rng: Rng, conditioned: readonly string[]) {
  const fixers = combinationFixers(constraints, real, conditioned);
  // Its own stream, forked before any draw (and only when used, so other constraints' draws are as before).
  const fixRng = fixers.length ? rng.fork() : undefined;
  const unique = constraints.filter((c): c is Extract<Constraint, { type: 'unique' }> => c.type === 'unique');
  const kept: Table[] = [];
  const seen = unique.map(() => new Set<string>());
  let have = 0;
  let drawn = 0;
  return {
    get have() {
      return have;
    },
    /** Rows the next round draws: those still wanted over the acceptance so far, with a margin. */
    nextRound(): number {
      const acceptance = drawn ? Math.max(have / drawn, 0.01) : 1;
      return Math.min(rows * 50, Math.ceil(((rows - have) / acceptance) * 1.2) + 16);
    },
    take(draw: Table): void {
      const batch = applyFormulas(fixers.reduce((t, fix) => fix(t, fixRng!), draw), constraints);
      drawn += batch.rowCount;
      const checks = constraints.map((c) => predicate(batch, c, real)).filter((p): p is (r: number) => boolean => p !== undefined);
      const uniqueCols = unique.map((u) => u.columns.map((n) => getColumn(batch, n)!));
      const accepted: number[] = [];
      for (let r = 0; r < batch.rowCount && have + accepted.length < rows; r++) {
        if (!checks.every((ok) => ok(r))) continue;
        const keys = uniqueCols.map((cols) => cols.map((x) => cellKey(x, r)).join('\u0001'));
        if (keys.some((k, i) => seen[i]!.has(k))) continue;
        keys.forEach((k, i) => seen[i]!.add(k));
        accepted.push(r);
      }
      if (accepted.length) kept.push(takeRows(batch, accepted));
      have += accepted.length;
    },
    /** The kept rows, one table per draw that gave any; fails with the acceptance rate when too few are. */
    parts(): Table[] {
      if (have < rows) {
        throw unprocessable(`Only ${have} of ${rows} rows satisfy the constraints (acceptance ${((have / Math.max(1, drawn)) * 100).toFixed(2)} %); loosen them or condition instead.`);
      }
      return kept;
    },
  };
}

const joinParts = (parts: readonly Table[]): Table => (parts.length === 1 ? parts[0]! : concatTables(parts));

/** n rows that satisfy every constraint, drawn from `draw` in rounds; fails with the acceptance rate. */
export function sampleWithConstraints(draw: (rows: number, rng: Rng) => Table, rows: number, rng: Rng, constraints: readonly Constraint[], real: Table, conditioned: readonly string[] = []): Table {
  if (!constraints.length) return draw(rows, rng);
  const keeper = constraintKeeper(rows, constraints, real, rng, conditioned);
  for (let round = 0; round < MAX_ROUNDS && keeper.have < rows; round++) keeper.take(draw(keeper.nextRound(), rng));
  return joinParts(keeper.parts());
}

export interface ConstraintBatches {
  /** Rows a draw takes at most, for a request of more rows than this. */
  readonly batchRows: number;
  /** Awaited after each batch with the rows kept so far; what it throws (a cancel) stops the drawing. */
  readonly onRows?: (kept: number) => Promise<void>;
  /** Joins the kept rows of the batches (one table each): ids unique across them (sample-batches.ts). */
  readonly join?: (parts: readonly Table[]) => Table;
  /** Columns the draw fixes by a condition: a fixed combination matches them exactly, never moves them. */
  readonly conditioned?: readonly string[];
}

/**
 * sampleWithConstraints with each round drawn in batches and a report between them, for a request
 * of more than one batch (a 2 M-row round is one silent 25 s call otherwise); a request of at most
 * one batch draws each round in one call, giving the rows it always did. A round stops drawing once
 * enough rows are kept. The uniqueness a constraint asks holds across batches and rounds alike.
 */
export async function sampleWithConstraintsInBatches(
  draw: (rows: number, rng: Rng) => Table,
  rows: number,
  rng: Rng,
  constraints: readonly Constraint[],
  real: Table,
  options: ConstraintBatches,
): Promise<Table> {
  const { batchRows, onRows, join = joinParts, conditioned = [] } = options;
  if (rows <= batchRows) return sampleWithConstraints(draw, rows, rng, constraints, real, conditioned);
  const keeper = constraintKeeper(rows, constraints, real, rng, conditioned);
  for (let round = 0; round < MAX_ROUNDS && keeper.have < rows; round++) {
    const size = constraints.length ? keeper.nextRound() : rows;
    for (let done = 0; done < size && keeper.have < rows; done += batchRows) {
      keeper.take(draw(Math.min(batchRows, size - done), rng));
      await onRows?.(keeper.have);
    }
  }
  return join(keeper.parts());
}
