/** The table at a glance, with warnings a person can act on. */
import { z } from 'zod';
import { isCategorical, isTextual, type Column, type LogicalType, type Table } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { centralMoments, momentStatistics } from '../stats/moments.js';
import { coMomentsPearson, pairwiseCoMoments, type CoMoments } from '../stats/pearson.js';
import { coded, duplicateRows } from './codes.js';
import { agrees, plural } from '../plural.js';
import { MAX_CORRELATION_COLUMNS } from './correlation-budget.js';

export const SummaryWarning = z
  .object({
    kind: z
      .enum(['skew', 'imbalance', 'high_correlation', 'many_zeros', 'missing', 'constant', 'high_cardinality', 'duplicates', 'pii'])
      .describe(
        'skew: |skewness| > 1; imbalance: the most common category covers > 90 % of present rows; high_correlation: |Pearson r| > 0.9; many_zeros: > 50 % of present values are 0; ' +
          'missing: > 20 % missing; constant: at most one distinct value; high_cardinality: a category or text column with more than 50 distinct values, over half its present rows; ' +
          'duplicates: rows repeating an earlier row; pii: personal data detected',
      ),
    columns: z.array(z.string()).describe('The columns it is about (none for duplicates, nor for a count of further highly correlated pairs or pairs left unchecked on a table of very many number columns)'),
    message: z.string().describe('The warning in plain language'),
  })
  .meta({ id: 'EdaSummaryWarning' });
export type Warning = z.infer<typeof SummaryWarning>;

const count = z.number().int().nonnegative();

/** What POST /eda/summary answers, besides how it was computed (approximation.ts). */
export const SummaryResult = z.object({
  rows: count,
  columns: count.describe('How many columns'),
  type_counts: z.record(z.string(), count).describe('Columns per logical type (integer, float, datetime, categorical, boolean, text, id); types no column has are left out'),
  memory_bytes: count.describe('Bytes the table takes in memory here: typed arrays, and strings at 2 bytes a character plus an 8-byte pointer'),
  missing_cells: count,
  missing_share: z.number().min(0).max(1).describe('missing_cells over rows × columns (0 for a table without cells)'),
  duplicate_rows: count.describe('Rows identical to an earlier row'),
  constant_columns: z.array(z.string()).describe('Columns with at most one distinct value (none at all: every value missing)'),
  high_cardinality_columns: z.array(z.string()).describe('Category and text columns with more than 50 distinct values, over half their present rows: identifiers or free text'),
  pii_columns: z.array(z.string()).describe('Columns holding personal data, as detected or marked in the schema'),
  warnings: z.array(SummaryWarning),
});
export type SummaryResult = z.infer<typeof SummaryResult>;

/** What the warnings of one column are decided from; the chunked path fills it from sketches. */
export interface SummaryColumnFacts {
  readonly name: string;
  readonly type: LogicalType;
  readonly missing: number;
  /** Distinct non-missing values (only compared with 1 and with the present count). */
  readonly distinct: number;
  /** The distinct count is a sketch's estimate (chunked path). */
  readonly distinctEstimated?: boolean;
  /** Integers and floats: skewness (G1), and how many present values are zero. */
  readonly skewness?: number;
  readonly zeros?: number;
  /** Integers and floats: at most two distinct present values (an indicator), whose skewness only restates its balance. */
  readonly twoValues?: boolean;
  /** Categoricals and booleans: the count of the most common category. */
  readonly topCount?: number;
}

/** Facts of the whole table's numeric pairs, and rows that repeat. */
export interface SummaryTableFacts {
  readonly rows: number;
  readonly columns: readonly SummaryColumnFacts[];
  readonly memoryBytes: number;
  /** Co-moments of each pair of integer/float columns, in table order; none when there are too many (pairsUnchecked). */
  readonly numericPairs: readonly { readonly names: readonly [string, string]; readonly moments: CoMoments }[];
  /** The integer/float columns, when more than pairsChecked takes: their pairs were not compared. */
  readonly pairsUnchecked?: number;
  readonly duplicates: number;
}

/** Bytes the in-memory table takes: typed arrays, and strings (text cells, category labels) at 2 bytes a character plus a pointer. */
export function tableBytes(table: Table): number {
  return cellBytes(table) + table.columns.reduce((bytes, c) => bytes + (isCategorical(c) ? labelBytes(c.categories) : 0), 0);
}

/** A string's bytes: 2 a character plus a pointer. */
const stringBytes = (s: string | null) => 8 + (s?.length ?? 0) * 2;

/** Category labels' bytes: each distinct label once, as a column holds it (its codes point into one list). */
export const labelBytes = (labels: Iterable<string>): number => {
  let bytes = 0;
  for (const label of labels) bytes += stringBytes(label);
  return bytes;
};

/** Bytes of the cells, leaving out category labels (labelBytes): what chunks of a table add up to. */
export function cellBytes(table: Table): number {
  let bytes = 0;
  for (const c of table.columns) {
    if (isTextual(c)) for (const v of c.values) bytes += stringBytes(v);
    else bytes += isCategorical(c) ? c.codes.byteLength : c.values.byteLength;
  }
  return bytes;
}

/** Whether the present values take at most two values, given the first two seen so far (updated in place). */
export function atMostTwoValues(values: Float64Array, seen: number[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v || v === seen[0] || v === seen[1]) continue;
    if (seen.length === 2) return false;
    seen.push(v);
  }
  return true;
}

/** Missing count, and the span of present values, of a number column in one pass. */
function numberFacts(values: Float64Array): { missing: number; min: number; max: number; zeros: number } {
  let missing = 0;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      missing++;
      continue;
    }
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { missing, min, max, zeros };
}

/** Counts per category code (missing not counted). */
export function categoryCounts(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) counts[code]!++;
  }
  return counts;
}

/** Distinct categories used and the most common one's count. */
export function usedCategories(counts: Float64Array): { distinct: number; topCount: number } {
  let distinct = 0;
  let topCount = 0;
  for (const n of counts) {
    if (n > 0) distinct++;
    if (n > topCount) topCount = n;
  }
  return { distinct, topCount };
}

function columnFacts(c: Column, rows: number): SummaryColumnFacts {
  switch (c.type) {
    case 'integer':
    case 'float':
    case 'datetime': {
      const { missing, min, max, zeros } = numberFacts(c.values);
      // Only "one value or more?" is asked of numbers: the span answers it without counting.
      const distinct = missing === rows ? 0 : min === max ? 1 : 2;
      if (c.type === 'datetime') return { name: c.name, type: c.type, missing, distinct };
      return { name: c.name, type: c.type, missing, distinct, skewness: momentStatistics(centralMoments(c.values)).skewness, zeros, twoValues: atMostTwoValues(c.values, []) };
    }
    case 'categorical':
    case 'boolean': {
      const counts = categoryCounts(c.codes, c.categories.length);
      const { distinct, topCount } = usedCategories(counts);
      return { name: c.name, type: c.type, missing: rows - counts.reduce((a, b) => a + b, 0), distinct, topCount };
    }
    default: {
      let missing = 0;
      for (const v of c.values) if (v === null) missing++;
      return { name: c.name, type: c.type, missing, distinct: coded(c).k };
    }
  }
}

/**
 * Whether the pairs of `numeric` number columns are compared for the high-correlation warning: as
 * many as a correlation reply takes. Past that the pairs (columns²) cost minutes and gigabytes on a
 * table of thousands of columns, for a warning per pair no reply could hold.
 */
export const pairsChecked = (numeric: number): boolean => numeric <= MAX_CORRELATION_COLUMNS;

/** The most high-correlation warnings listed, the strongest; the rest are counted in one more. */
export const MAX_CORRELATION_WARNINGS = 50;

export function summary(table: Table, info: readonly ColumnInfo[] = []) {
  const rows = table.rowCount;
  const numeric = table.columns.filter((c): c is Extract<Column, { type: 'integer' | 'float' }> => c.type === 'integer' || c.type === 'float');
  const checked = pairsChecked(numeric.length);
  const moments = checked ? pairwiseCoMoments(numeric.map((c) => c.values)) : [];
  const numericPairs: SummaryTableFacts['numericPairs'][number][] = [];
  if (checked)
    for (let i = 0, p = 0; i < numeric.length; i++)
      for (let j = i + 1; j < numeric.length; j++, p++) numericPairs.push({ names: [numeric[i]!.name, numeric[j]!.name], moments: moments[p]! });
  return summaryReport(
    {
      rows,
      columns: table.columns.map((c) => columnFacts(c, rows)),
      memoryBytes: tableBytes(table),
      numericPairs,
      ...(checked ? {} : { pairsUnchecked: numeric.length }),
      duplicates: duplicateRows(table.columns, rows),
    },
    info,
  );
}

/**
 * A warning per pair of number columns with |r| > 0.9, in table order: the strongest
 * MAX_CORRELATION_WARNINGS, then one counting the rest (columns of near-copies make thousands).
 * One saying why when the pairs were not compared.
 */
function correlationWarnings(facts: SummaryTableFacts): Warning[] {
  if (facts.pairsUnchecked !== undefined) {
    const pairs = (facts.pairsUnchecked * (facts.pairsUnchecked - 1)) / 2;
    return [
      {
        kind: 'high_correlation',
        columns: [],
        message: `Pairs of number columns not checked for high correlation: ${facts.pairsUnchecked} number columns make ${pairs} pairs, more than the ${MAX_CORRELATION_COLUMNS} columns a correlation takes; ask /eda/correlation naming up to ${MAX_CORRELATION_COLUMNS} columns.`,
      },
    ];
  }
  const high = facts.numericPairs.flatMap(({ names, moments }, order) => {
    const r = coMomentsPearson(moments);
    return r !== null && Math.abs(r) > 0.9 ? [{ names, r, order }] : [];
  });
  const listed = high.length > MAX_CORRELATION_WARNINGS ? [...high].sort((a, b) => Math.abs(b.r) - Math.abs(a.r) || a.order - b.order).slice(0, MAX_CORRELATION_WARNINGS).sort((a, b) => a.order - b.order) : high;
  const warnings: Warning[] = listed.map(({ names, r }) => ({ kind: 'high_correlation', columns: [...names], message: `${names[0]} and ${names[1]} are highly correlated (r = ${r.toFixed(2)}).` }));
  const more = high.length - listed.length;
  if (more) warnings.push({ kind: 'high_correlation', columns: [], message: `${plural(more, 'more pair')} of number columns ${agrees(more, 'is', 'are')} highly correlated (|r| > 0.9); /eda/correlation lists them.` });
  return warnings;
}

/** The summary and its warnings, from facts gathered over the whole table or over its chunks. */
export function summaryReport(facts: SummaryTableFacts, info: readonly ColumnInfo[]): SummaryResult {
  const { rows } = facts;
  const warnings: Warning[] = [];
  const typeCounts: Record<string, number> = {};
  let missingCells = 0;
  const constant: string[] = [];
  const highCardinality: string[] = [];
  for (const c of facts.columns) {
    typeCounts[c.type] = (typeCounts[c.type] ?? 0) + 1;
    const { missing, distinct } = c;
    missingCells += missing;
    if (rows && missing / rows > 0.2) warnings.push({ kind: 'missing', columns: [c.name], message: `${c.name} is ${((missing / rows) * 100).toFixed(0)} % missing.` });
    if (distinct <= 1) {
      constant.push(c.name);
      // No value at all is not a single value: say the column is empty.
      const which = distinct > 0 ? 'has a single value' : rows > 0 ? 'has no values (every one is missing)' : 'has no values';
      warnings.push({ kind: 'constant', columns: [c.name], message: `${c.name} ${which}: it carries no information.` });
    }
    if ((c.type === 'text' || c.type === 'id' || c.type === 'categorical') && distinct > 0.5 * (rows - missing) && distinct > 50) {
      highCardinality.push(c.name);
      warnings.push({ kind: 'high_cardinality', columns: [c.name], message: `${c.name} has ${c.distinctEstimated ? 'about ' : ''}${distinct} distinct values in ${rows} rows: an identifier or free text.` });
    }
    const present = rows - missing;
    // A 0/1 column's skewness only says which value is rarer: the imbalance, not a tail to transform.
    if (c.skewness !== undefined && !c.twoValues && Math.abs(c.skewness) > 1) warnings.push({ kind: 'skew', columns: [c.name], message: `${c.name} is ${c.skewness > 0 ? 'right' : 'left'}-skewed (skewness ${c.skewness.toFixed(2)}).` });
    // In a 0/1 flag (a one-hot column) zero is just the other value: the imbalance warning covers a rare one.
    if (c.zeros !== undefined && !c.twoValues && present && c.zeros / present > 0.5) warnings.push({ kind: 'many_zeros', columns: [c.name], message: `${c.name} is zero in ${((c.zeros / present) * 100).toFixed(0)} % of rows.` });
    if (c.topCount !== undefined && distinct > 1 && present && c.topCount / present > 0.9) {
      warnings.push({ kind: 'imbalance', columns: [c.name], message: `${c.name} is imbalanced: its most common value covers ${((c.topCount / present) * 100).toFixed(0)} % of rows.` });
    }
  }
  warnings.push(...correlationWarnings(facts));
  if (facts.duplicates) warnings.push({ kind: 'duplicates', columns: [], message: `${plural(facts.duplicates, 'row')} ${agrees(facts.duplicates, 'duplicates', 'duplicate')} an earlier row.` });
  const pii = info.filter((c) => c.pii).map((c) => c.name);
  if (pii.length) warnings.push({ kind: 'pii', columns: pii, message: `Personal data detected in ${pii.join(', ')}; synthesis replaces it with fakes unless the schema says otherwise.` });
  const cells = rows * facts.columns.length;
  return {
    rows,
    columns: facts.columns.length,
    type_counts: typeCounts,
    memory_bytes: facts.memoryBytes,
    missing_cells: missingCells,
    missing_share: cells ? missingCells / cells : 0,
    duplicate_rows: facts.duplicates,
    constant_columns: constant,
    high_cardinality_columns: highCardinality,
    pii_columns: pii,
    warnings,
  };
}
