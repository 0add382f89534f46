/**
 * Which number columns name rows rather than measure them (a primary key, a row number, a running
 * id): outliers and the isolation forest leave them out unless named, since their only "outliers"
 * are their first and last rows. One rule and one scan for every path — in memory (the whole table
 * as one chunk) and chunked — so they leave out the same columns.
 */
import type { Column } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { FEW_VALUES } from './columns.js';
import { DistinctIntegers, MAX_SPAN } from './distinct-integers.js';
import { DISTINCT_CAP } from '../table/infer.js';

/** How far an identifier's span may exceed its distinct values: 1 % of ids missing, as deleted rows leave. */
const SPAN_SLACK = 1.01;

/** What decides whether an integer column names rows rather than measures them. */
export interface IdentifierFacts {
  readonly type: 'integer' | 'float';
  readonly present: number;
  readonly distinct: number;
  readonly min: number;
  readonly max: number;
  /** The values never decrease down the rows (a row index, or rows grouped by a running id). */
  readonly nonDecreasing: boolean;
}

/**
 * An identifier: the primary key, or integers of more than FEW_VALUES distinct values filling their
 * span (1, 2, 3 … with at most 1 % missing) that are unique to 95 % of rows, or that count from 0
 * or 1 in row order (an individual's number repeated over its rows; a table merely sorted by an
 * age from 18 is not one). Its "outliers" are only its first and last rows.
 */
export function identifierLike(f: IdentifierFacts, primaryKey = false): boolean {
  if (primaryKey) return true;
  if (f.type !== 'integer' || f.distinct <= FEW_VALUES) return false;
  const consecutive = f.max - f.min + 1 <= f.distinct * SPAN_SLACK;
  return consecutive && (f.distinct >= 0.95 * f.present || (f.nonDecreasing && (f.min === 0 || f.min === 1)));
}

/** Whether values never decrease (missing skipped), continuing from `last` (the previous chunk's last value). */
export function nonDecreasing(values: Float64Array, last = -Infinity): { ok: boolean; last: number } {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (v < last) return { ok: false, last: v };
    last = v;
  }
  return { ok: true, last };
}

interface Gathered {
  present: number;
  /** Counts distinct values, and keeps their min and max. */
  distinct: DistinctIntegers;
  order: { ok: boolean; last: number };
}

/**
 * The facts of identifierLike gathered chunk by chunk (chunks in row order). Only integer columns can
 * be identifiers (the primary key aside), so no other is read. Distinct values are counted exactly
 * (DistinctIntegers: a bitset over the span), so a table read whole and the same file read in chunks
 * decide alike; only past a span of MAX_SPAN values is uniqueness unknown, and then only its order can
 * still tell a running id.
 */
export class IdentifierScan {
  private readonly gathered = new Map<string, Gathered>();
  /**
   * No column spanning more than SPAN_SLACK × the file's rows can fill its span, so none is counted past that:
   * a bitset of about one bit a row, where a 64 M-value span per column had let a wide file take gigabytes.
   */
  private readonly maxSpan: number;

  /** `rows`: the whole file's rows (every chunk's), which bounds any column's distinct values. */
  constructor(rows: number) {
    this.maxSpan = Math.min(MAX_SPAN, Math.floor(rows * SPAN_SLACK));
  }

  /** One chunk's columns (any; only integer ones are read). */
  add(columns: readonly Column[]): void {
    for (const c of columns) {
      if (c.type !== 'integer') continue;
      let g = this.gathered.get(c.name);
      if (!g) this.gathered.set(c.name, (g = { present: 0, distinct: new DistinctIntegers(DISTINCT_CAP, this.maxSpan), order: { ok: true, last: -Infinity } }));
      for (const v of c.values) {
        if (v !== v) continue;
        g.present++;
        g.distinct.add(v);
      }
      if (g.order.ok) g.order = nonDecreasing(c.values, g.order.last);
    }
  }

  /**
   * Whether `name` is a flag: an integer column of at most two values (0/1, a one-hot column). Fences of a
   * flag fall on its common value, so every row of the rare one is "outside" them: univariate outliers
   * leave flags out unless named (the isolation forest keeps them, as one feature among others).
   */
  flag(name: string): boolean {
    const distinct = this.gathered.get(name)?.distinct.count;
    return distinct !== undefined && distinct <= 2;
  }

  /** Whether `name` is an identifier: the primary key in `info`, or identifierLike of what was gathered. */
  identifier(name: string, info: readonly ColumnInfo[] = []): boolean {
    const primaryKey = info.some((i) => i.name === name && i.primary_key === true);
    const g = this.gathered.get(name);
    if (primaryKey || !g) return primaryKey;
    // Uncounted (a span past MAX_SPAN), a column of as many values as its span could be one of distinct values filling it:
    // its present count is then taken as unbounded, so only a running id (its order) passes, never uniqueness, which is unknown.
    const { count: counted, min, max } = g.distinct;
    const capped = counted === undefined;
    const distinct = counted ?? Math.min(g.present, max - min + 1);
    return identifierLike({ type: 'integer', present: capped ? Infinity : g.present, distinct, min, max, nonDecreasing: g.order.ok });
  }
}
