/**
 * What the EDA keeps of one column while a file streams past, chunk by chunk. Each chunk is
 * summarised on its own and merged into the running total, so chunks could as well be summarised
 * in parallel. Exact and mergeable: counts, span, zeros and negatives, moments (Chan/Pébay),
 * category counts, text lengths. Sketched: quantiles (KLL), distinct counts (exact up to
 * DISTINCT_EXACT_MAX, then HyperLogLog), text top values (Misra–Gries, exact up to its capacity).
 */
import type { Column } from '../../table/model.js';
import { centralMoments, mergeMoments, NO_MOMENTS, type CentralMoments } from '../../stats/moments.js';
import { KllSketch } from '../../stats/kll.js';
import { DistinctCounter } from '../../stats/distinct.js';
import { FrequentValues } from '../../stats/frequent.js';
import { sortedCopy } from '../../stats/sort.js';
import { uniqueNumbers } from '../columns.js';
import { codePoints } from '../../table/code-points.js';
import { categoryCounts } from '../summary.js';

/** k of every quantile sketch: 1.33 % rank error for one quantile, 1.65 % for all at once (99 % confidence). */
export const QUANTILE_SKETCH_K = 200;

/** Misra–Gries counters per text column: top values and entropy are exact up to this many distinct values. */
export const TOP_VALUES_CAPACITY = 16_384;

export interface SketchOptions {
  /** Quantile sketches for numbers (describe, Spearman ranks). */
  readonly quantiles: boolean;
  /** Distinct counts of numbers (describe); text always counts them. */
  readonly distinct: boolean;
}

export class NumberSketch {
  rows = 0;
  missing = 0;
  zeros = 0;
  negatives = 0;
  min = Infinity;
  max = -Infinity;
  moments: CentralMoments = NO_MOMENTS;
  readonly quantiles: KllSketch | undefined;
  readonly distinct: DistinctCounter<number> | undefined;
  /** Datetimes: the smallest step between distinct values within any one chunk; the file's is at most this. */
  minStep = Infinity;

  constructor(
    readonly name: string,
    readonly type: 'integer' | 'float' | 'datetime',
    options: SketchOptions,
    private readonly seed: number,
  ) {
    // Datetimes report their span and granularity, never quartiles.
    this.quantiles = options.quantiles && type !== 'datetime' ? new KllSketch(QUANTILE_SKETCH_K, seed) : undefined;
    this.distinct = options.distinct ? DistinctCounter.numbers() : undefined;
  }

  add(values: Float64Array, chunk: number): void {
    this.rows += values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) {
        this.missing++;
        continue;
      }
      if (v === 0) this.zeros++;
      else if (v < 0) this.negatives++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
    this.moments = mergeMoments(this.moments, centralMoments(values));
    if (this.quantiles) {
      const part = new KllSketch(QUANTILE_SKETCH_K, this.seed * 7919 + chunk + 1);
      part.addAll(values);
      this.quantiles.merge(part);
    }
    if (this.distinct && (this.distinct.exact || this.type === 'datetime')) {
      // Each distinct value once: the exact set, and a datetime's smallest step, need them.
      const unique = uniqueNumbers(values);
      for (const v of unique) this.distinct.add(v);
      if (this.type === 'datetime') {
        const sorted = sortedCopy(unique);
        for (let i = 1; i < sorted.length; i++) this.minStep = Math.min(this.minStep, sorted[i]! - sorted[i - 1]!);
      }
    } else this.distinct?.addNumbers(values);
  }

  get present(): number {
    return this.rows - this.missing;
  }

  /** Distinct present values; an estimate never exceeds the values counted. */
  distinctCount(): number {
    return Math.min(this.present, this.distinct?.count() ?? 0);
  }
}

export class CategorySketch {
  rows = 0;
  missing = 0;
  counts: Float64Array;

  constructor(
    readonly name: string,
    readonly type: 'categorical' | 'boolean',
    readonly categories: readonly string[],
  ) {
    this.counts = new Float64Array(categories.length);
  }

  add(codes: Int32Array): void {
    const counts = categoryCounts(codes, this.categories.length);
    let present = 0;
    for (let k = 0; k < counts.length; k++) {
      this.counts[k]! += counts[k]!;
      present += counts[k]!;
    }
    this.rows += codes.length;
    this.missing += codes.length - present;
  }
}

export class TextSketch {
  rows = 0;
  missing = 0;
  readonly distinct = DistinctCounter.strings();
  readonly frequent = new FrequentValues(TOP_VALUES_CAPACITY);
  minLength = Infinity;
  maxLength = 0;
  totalLength = 0;

  constructor(
    readonly name: string,
    readonly type: 'text' | 'id',
  ) {}

  add(values: readonly (string | null)[]): void {
    const counts = new Map<string, number>();
    for (const v of values) {
      if (v === null) {
        this.missing++;
        continue;
      }
      counts.set(v, (counts.get(v) ?? 0) + 1);
      const length = codePoints(v);
      if (length < this.minLength) this.minLength = length;
      if (length > this.maxLength) this.maxLength = length;
      this.totalLength += length;
    }
    this.rows += values.length;
    for (const v of counts.keys()) this.distinct.add(v);
    this.frequent.addCounts(counts);
  }

  get present(): number {
    return this.rows - this.missing;
  }

  /** Distinct present values; an estimate never exceeds the values counted. */
  distinctCount(): number {
    return Math.min(this.present, this.distinct.count());
  }
}

export type ColumnSketch = NumberSketch | CategorySketch | TextSketch;

export function newSketch(c: Column, options: SketchOptions, seed: number): ColumnSketch {
  switch (c.type) {
    case 'integer':
    case 'float':
    case 'datetime':
      return new NumberSketch(c.name, c.type, options, seed);
    case 'categorical':
    case 'boolean':
      return new CategorySketch(c.name, c.type, c.categories);
    default:
      return new TextSketch(c.name, c.type);
  }
}

/** Adds one chunk's column to its sketch (same name and type as the sketch was made from). */
export function addChunk(sketch: ColumnSketch, c: Column, chunk: number): void {
  if (sketch instanceof NumberSketch && 'values' in c && c.values instanceof Float64Array) sketch.add(c.values, chunk);
  else if (sketch instanceof CategorySketch && 'codes' in c) sketch.add(c.codes);
  else if (sketch instanceof TextSketch && (c.type === 'text' || c.type === 'id')) sketch.add(c.values);
  else throw new Error(`Column ${c.name} changed type between chunks`);
}
