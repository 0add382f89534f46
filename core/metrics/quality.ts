/**
 * SDMetrics-compatible quality: Column Shapes and Column Pair Trends, each metric a pure function.
 *
 * Column roles follow the reference evaluator (shared/reference/README.md): a number or datetime
 * column with more than 10 distinct real values is numeric; every other column is categorical
 * (missing values count as a category of their own, as pandas' `dropna=False` does); text that is
 * unique in every row is an identifier and left out.
 * - KSComplement = 1 − D, the two-sample Kolmogorov–Smirnov statistic over non-missing values;
 * - TVComplement = 1 − ½ Σ |p_real − p_syn| over categories;
 * - CorrelationSimilarity = 1 − |ρ_real − ρ_syn| / 2 (Pearson, rows where both values are present);
 * - ContingencySimilarity = 1 − ½ Σ |P_real − P_syn| over the joint table, numbers cut into 10
 *   equal-width bins on the real data's range (`all`) or on each table's own range (`strong_only`).
 * Pair aggregate `all` averages every pair (SDMetrics < 0.27 and the peer figures); `strong_only`
 * averages only pairs with a strong real association, |ρ| > 0.5 or Cramér's V > 0.3 (SDMetrics ≥ 0.27).
 */
import { MISSING_CODE, numbersOf, type Column, type Table } from '../table/model.js';
import { ksStatistic } from '../stats/ks.js';
import { presentRange } from '../stats/range.js';
import { pairwisePearson } from '../stats/pearson.js';
import { chiSquareOf, contingencyOf, type Contingency } from '../eda/associations.js';
import { alignedTo, type Aligned, type TypeDifference } from './align.js';

export type PairAggregate = 'all' | 'strong_only';
type Role = 'numeric' | 'categorical' | 'skip';

const NUMERIC_MIN_DISTINCT = 10;
const BINS = 10;
const MISSING_KEY = '\u0000missing';

/**
 * Values rounded to 14 decimals first, as SDMetrics does (float precision minus one digit), so that
 * 0.3 − 0.2 and 0.2 − 0.1 count as the same value.
 */
export function ksComplement(real: Float64Array, synthetic: Float64Array): number {
  const a = present(real).map(roundLikeSdmetrics).sort();
  const b = present(synthetic).map(roundLikeSdmetrics).sort();
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  return 1 - ksStatistic(a, b);
}

const KS_DECIMALS = 14;
const roundLikeSdmetrics = (x: number) => {
  const scaled = x * 10 ** KS_DECIMALS;
  // Beyond 2^53 the scaled value has no fraction left to round (numpy's round is a no-op there too).
  return Number.isSafeInteger(Math.trunc(scaled)) ? Math.round(scaled) / 10 ** KS_DECIMALS : x;
};

export function tvComplement(real: readonly string[], synthetic: readonly string[]): number {
  return 1 - totalVariation(frequencies(real), frequencies(synthetic));
}

export function correlationSimilarity(realA: Float64Array, realB: Float64Array, synA: Float64Array, synB: Float64Array): number | undefined {
  const r = pearson(realA, realB);
  const s = pearson(synA, synB);
  if (r === undefined || s === undefined) return undefined;
  return 1 - Math.abs(r - s) / 2;
}

export function contingencySimilarity(realA: readonly string[], realB: readonly string[], synA: readonly string[], synB: readonly string[]): number {
  const pair = (a: readonly string[], b: readonly string[]) => a.map((x, i) => `${x}\u0001${b[i]}`);
  return 1 - totalVariation(frequencies(pair(realA, realB)), frequencies(pair(synA, synB)));
}

/** Pearson correlation over rows where both values are present; undefined when a side is constant. */
export function pearson(a: Float64Array, b: Float64Array): number | undefined {
  return pairwisePearson(a, b) ?? undefined;
}

/** Cramér's V (uncorrected, as scipy's `association`) of two categorical sequences. */
export function cramersV(a: readonly string[], b: readonly string[]): number | undefined {
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  const cells = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
    const k = `${a[i]}\u0001${b[i]}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
  }
  const n = a.length;
  const k = Math.min(rows.size, cols.size);
  if (n === 0 || k < 2) return undefined;
  // χ² = Σ (O − E)² / E over every cell = n · Σ O² / (row · column total) over the cells seen, − n:
  // a pass over the cells seen, where two columns of thousands of levels each have millions of cells.
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]}\u0001${b[i]}`;
    const observed = cells.get(key);
    if (observed === undefined) continue;
    sum += (observed * observed) / (rows.get(a[i]!)! * cols.get(b[i]!)!);
    cells.delete(key);
  }
  const chi2 = Math.max(0, n * sum - n);
  return Math.sqrt(chi2 / (n * (k - 1)));
}

function present(values: Float64Array): Float64Array {
  return values.filter((v) => !Number.isNaN(v));
}

function frequencies(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  for (const [k, c] of out) out.set(k, c / values.length);
  return out;
}

function totalVariation(p: Map<string, number>, q: Map<string, number>): number {
  let sum = 0;
  for (const [k, v] of p) sum += Math.abs(v - (q.get(k) ?? 0));
  for (const [k, v] of q) if (!p.has(k)) sum += v;
  // Shares summing to 1 + 1e-16 would put disjoint tables a hair past 1 (a score below 0).
  return Math.min(1, sum / 2);
}

// ---- column roles and views ----

/** Each cell as a category key (missing is a category of its own). */
export function categoryKeys(c: Column): string[] {
  switch (c.type) {
    case 'categorical':
    case 'boolean':
      return Array.from(c.codes, (code) => (code === MISSING_CODE ? MISSING_KEY : c.categories[code]!));
    case 'text':
    case 'id':
      return c.values.map((v) => v ?? MISSING_KEY);
    default:
      return Array.from(c.values, (v) => (Number.isNaN(v) ? MISSING_KEY : String(v)));
  }
}

/**
 * Each column's role, judged on a whole table. A benchmark scores a 20 % holdout with the roles of
 * the table it came from: a holdout can miss a rare value (credit's 72-month term) and turn a
 * numeric column categorical, which the reference evaluator does not do.
 */
export function columnRoles(table: Table): Record<string, ColumnRole> {
  return Object.fromEntries(table.columns.map((c) => [c.name, roleOf(c)]));
}

function roleOf(c: Column): Role {
  const nums = numbersOf(c);
  if (nums) return new Set(present(nums)).size > NUMERIC_MIN_DISTINCT ? 'numeric' : 'categorical';
  if (c.type === 'text' || c.type === 'id') {
    const values = c.values.filter((v) => v !== null);
    return new Set(values).size === values.length ? 'skip' : 'categorical';
  }
  return 'categorical';
}

/** Numbers cut into 10 equal-width bins over [lo, hi]; values outside fall into the edge bins. */
function binned(values: Float64Array, lo: number, hi: number): string[] {
  const width = (hi - lo) / BINS;
  return Array.from(values, (v) => {
    if (Number.isNaN(v)) return MISSING_KEY;
    if (!(width > 0)) return '0';
    return String(Math.min(BINS - 1, Math.max(0, Math.floor((v - lo) / width))));
  });
}

/** A column's real and synthetic keys as codes into their union; the keys kept for tables too big to count densely. */
interface CodedKeys {
  readonly real: Int32Array;
  readonly synthetic: Int32Array;
  readonly k: number;
  readonly keys: { readonly real: readonly string[]; readonly synthetic: readonly string[] };
}

function codedKeys(real: readonly string[], synthetic: readonly string[]): CodedKeys {
  const index = new Map<string, number>();
  const code = (keys: readonly string[]) =>
    Int32Array.from(keys, (key) => {
      let c = index.get(key);
      if (c === undefined) index.set(key, (c = index.size));
      return c;
    });
  const r = code(real);
  return { real: r, synthetic: code(synthetic), k: index.size, keys: { real, synthetic } };
}

/** Joint tables past this many cells are counted by key (two columns of thousands of levels each). */
const MAX_DENSE_CELLS = 1 << 22;

/**
 * ContingencySimilarity and the real pair's Cramér's V from coded keys: the same numbers as
 * contingencySimilarity and cramersV on the keys (tests/metrics/quality.test.ts), without a string per row per pair.
 */
function contingencyPair(a: CodedKeys, b: CodedKeys): { score: number; association: number | undefined } {
  if (a.k * b.k > MAX_DENSE_CELLS) return sparsePair(a, b);
  const real = contingencyOf(a.real, a.k, b.real, b.k);
  const synthetic = contingencyOf(a.synthetic, a.k, b.synthetic, b.k).cells;
  const nr = a.real.length;
  const ns = a.synthetic.length;
  let sum = 0;
  for (let c = 0; c < real.cells.length; c++) sum += Math.abs((nr ? real.cells[c]! / nr : 0) - (ns ? synthetic[c]! / ns : 0));
  return { score: 1 - Math.min(1, sum / 2), association: cramersVOfTable(real) };
}

/**
 * contingencyPair for joint tables too big to hold densely: the cells seen, counted by code pair
 * (a · k_b + b, exact below 2^53), so sixty columns of thousands of levels score in seconds.
 */
function sparsePair(a: CodedKeys, b: CodedKeys): { score: number; association: number | undefined } {
  const count = (x: Int32Array, y: Int32Array) => {
    const cells = new Map<number, number>();
    for (let i = 0; i < x.length; i++) {
      const key = x[i]! * b.k + y[i]!;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    return cells;
  };
  const real = count(a.real, b.real);
  const synthetic = count(a.synthetic, b.synthetic);
  const [nr, ns] = [a.real.length, a.synthetic.length];
  let sum = 0;
  for (const [key, c] of real) sum += Math.abs((nr ? c / nr : 0) - (ns ? (synthetic.get(key) ?? 0) / ns : 0));
  for (const [key, c] of synthetic) if (!real.has(key)) sum += ns ? c / ns : 0;
  // Cramér's V of the real pair from the cells seen: χ² = n · Σ O² / (row · column total) − n.
  const rows = new Float64Array(a.k);
  const cols = new Float64Array(b.k);
  for (let i = 0; i < nr; i++) {
    rows[a.real[i]!]!++;
    cols[b.real[i]!]!++;
  }
  const k = Math.min(rows.filter((t) => t > 0).length, cols.filter((t) => t > 0).length);
  let chi = 0;
  for (const [key, c] of real) chi += (c * c) / (rows[Math.floor(key / b.k)]! * cols[key % b.k]!);
  const association = nr === 0 || k < 2 ? undefined : Math.sqrt(Math.max(0, nr * chi - nr) / (nr * (k - 1)));
  return { score: 1 - Math.min(1, sum / 2), association };
}

/** Uncorrected Cramér's V of a joint table, over the levels it holds (as cramersV). */
function cramersVOfTable(table: Contingency): number | undefined {
  const test = chiSquareOf(table);
  return test && Math.sqrt(test.chi2 / (test.n * (Math.min(test.r, test.k) - 1)));
}

function range(values: Float64Array): [number, number] {
  const present = presentRange(values);
  return present ? [present.min, present.max] : [0, 0];
}

/** SDMetrics' MissingValueSimilarity: 1 − |share missing in real − share missing in synthetic|. */
export function missingValueSimilarity(real: Column, synthetic: Column): number {
  const share = (c: Column) => {
    const keys = categoryKeys(c);
    return keys.length ? keys.filter((k) => k === MISSING_KEY).length / keys.length : 0;
  };
  return 1 - Math.abs(share(real) - share(synthetic));
}

export interface QualityReport {
  overall: number;
  missing_value_similarity: { score: number; details: { column: string; score: number }[] };
  column_shapes: { score: number; details: { column: string; metric: 'KSComplement' | 'TVComplement'; score: number }[] };
  column_pair_trends: {
    score: number;
    details: { columns: [string, string]; metric: 'CorrelationSimilarity' | 'ContingencySimilarity'; score: number; real_association: number | null }[];
  };
  /** Columns the synthetic file types otherwise, scored as read in the real file's type (align.ts); only when there are some. */
  retyped_columns?: TypeDifference[];
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export type ColumnRole = Role;

export interface QualityOptions {
  readonly pairAggregate: PairAggregate;
  /** Roles declared by metadata (e.g. SDV sdtypes), overriding the inferred ones. */
  readonly roles?: Readonly<Record<string, ColumnRole>>;
}

export function qualityReport(real: Table, given: Table | Aligned, options: QualityOptions): QualityReport {
  // Each column is judged by the real file's role, so both sides must be read as its type: a
  // synthetic column typed otherwise had no numbers to bin (a TypeError under strong_only, bins of
  // no rows under all).
  const { table: synthetic, retyped } = alignedTo(real, given);
  const columns = real.columns
    .map((r) => ({ r, s: synthetic.columns.find((c) => c.name === r.name), role: roleFor(r, options.roles?.[r.name]) }))
    .filter((x): x is { r: Column; s: Column; role: Role } => x.s !== undefined && x.role !== 'skip');

  const shapes = columns.map(({ r, s, role }) =>
    role === 'numeric'
      ? { column: r.name, metric: 'KSComplement' as const, score: ksComplement(numbersOf(r)!, numbersOf(s)!) }
      : { column: r.name, metric: 'TVComplement' as const, score: tvComplement(categoryKeys(r), categoryKeys(s)) },
  );

  const missingDetails = columns.map(({ r, s }) => ({ column: r.name, score: missingValueSimilarity(r, s) }));
  const ownRange = options.pairAggregate === 'strong_only';
  const keysFor = (col: Column, role: Role, realCol: Column) => {
    if (role !== 'numeric') return categoryKeys(col);
    const [lo, hi] = range(ownRange ? numbersOf(col)! : numbersOf(realCol)!);
    return binned(numbersOf(col)!, lo, hi);
  };
  // Each column's keys (bins for numbers), coded once: a wide table has thousands of pairs per column.
  const keyed = new Map<number, CodedKeys>();
  const keysOf = (i: number) => {
    let k = keyed.get(i);
    if (!k) {
      const { r, s, role } = columns[i]!;
      keyed.set(i, (k = codedKeys(keysFor(r, role, r), keysFor(s, role, r))));
    }
    return k;
  };
  const pairs: QualityReport['column_pair_trends']['details'] = [];
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i]!;
      const b = columns[j]!;
      if (a.role === 'numeric' && b.role === 'numeric' && numbersOf(a.s) && numbersOf(b.s)) {
        const score = correlationSimilarity(numbersOf(a.r)!, numbersOf(b.r)!, numbersOf(a.s)!, numbersOf(b.s)!);
        if (score !== undefined) {
          pairs.push({ columns: [a.r.name, b.r.name], metric: 'CorrelationSimilarity', score, real_association: pearson(numbersOf(a.r)!, numbersOf(b.r)!) ?? null });
        }
        continue;
      }
      const { score, association } = contingencyPair(keysOf(i), keysOf(j));
      pairs.push({ columns: [a.r.name, b.r.name], metric: 'ContingencySimilarity', score, real_association: association ?? null });
    }

  const counted =
    options.pairAggregate === 'all'
      ? pairs
      : pairs.filter((p) => p.real_association !== null && Math.abs(p.real_association) > (p.metric === 'CorrelationSimilarity' ? 0.5 : 0.3));
  const shapeScore = mean(shapes.map((s) => s.score));
  const trendScore = mean(counted.map((p) => p.score));
  const overall = Number.isNaN(trendScore) ? shapeScore : (shapeScore + trendScore) / 2;
  return {
    overall: Number.isNaN(overall) ? 0 : overall,
    // 1 only when there is nothing to compare: a real 0 (every column's missing share opposite) stays 0.
    missing_value_similarity: { score: missingDetails.length ? mean(missingDetails.map((d) => d.score)) : 1, details: missingDetails },
    column_shapes: { score: Number.isNaN(shapeScore) ? 0 : shapeScore, details: shapes },
    column_pair_trends: { score: Number.isNaN(trendScore) ? (Number.isNaN(shapeScore) ? 0 : shapeScore) : trendScore, details: pairs },
    ...(retyped.length ? { retyped_columns: retyped } : {}),
  };
}

/** A declared role, unless it is numeric for a column without numbers (nothing to take a range of): then the inferred one. */
function roleFor(c: Column, declared: Role | undefined): Role {
  return declared === undefined || (declared === 'numeric' && !numbersOf(c)) ? roleOf(c) : declared;
}
