/**
 * Drift reads the current file in the reference's column types (core/eda/drift-read.ts), on both
 * paths: a weight that is integer in the reference and text in the current file (`n/a`, `12 kg`)
 * is compared as numbers on the values that read, and the reply names the column with the values
 * that did not. A column too small on a side to judge is left out, not called drift; columns only
 * the current file has are named.
 */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/model.js';
import { drift } from '../../core/eda/drift.js';
import { chunkedDrift } from '../../core/eda/chunked/drift.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { classifierDrift } from '../../core/eda/classifier-drift.js';
import { figures } from './support.js';

const n = 40;
const weights = Array.from({ length: n }, (_, i) => 10 + (i % 20));
const reference: Table = {
  rowCount: n,
  columns: [
    { type: 'integer', name: 'weight', values: Float64Array.from(weights) },
    { type: 'integer', name: 'height', values: Float64Array.from(weights, (w) => w * 3) },
    { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from(weights, (_, i) => i % 2) },
  ],
};
/** The same rows, weight as text with two unreadable spellings, height all words, and a column of its own. */
const current: Table = {
  rowCount: n,
  columns: [
    { type: 'text', name: 'weight', values: weights.map((w, i) => (i === 3 ? 'n/a' : i === 7 ? '12 kg' : String(w))) },
    { type: 'text', name: 'height', values: weights.map((_, i) => (i % 2 ? 'tall' : 'short')) },
    { type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from(weights, (_, i) => i % 2) },
    { type: 'integer', name: 'extra', values: Float64Array.from(weights) },
  ],
};
const results = async (a: Table, b: Table) => [drift(a, b), figures(await chunkedDrift(tableChunks(a, 7), tableChunks(b, 11)))];

describe('drift reads the current file in the reference types', () => {
  it('compares a text weight as numbers, naming the values that did not read', async () => {
    for (const r of await results(reference, current)) {
      const weight = r.columns.find((c) => c.column === 'weight');
      // Read alone, weight was text: labels against numbers, "drift". Read as integers, 38 values match the reference's.
      expect(weight).toMatchObject({ kind: 'numeric', verdict: 'stable' });
      expect(r.retyped_columns).toEqual([
        { column: 'weight', reference_type: 'integer', current_type: 'text', unreadable: 2, unreadable_values: ['n/a', '12 kg'] },
        { column: 'height', reference_type: 'integer', current_type: 'text', unreadable: n, unreadable_values: ['short', 'tall'] },
      ]);
      expect(r.extra_columns).toEqual(['extra']);
      expect(r.left_out_columns).toEqual([]);
    }
  });

  it('calls a column no current value of reads in the reference type drift, saying why, never "missing"', async () => {
    for (const r of await results(reference, current)) {
      expect(r.columns.find((c) => c.column === 'height')).toEqual({
        column: 'height',
        kind: 'numeric',
        verdict: 'drift',
        reason: `integer in the reference file but text in the current one, and none of its ${n} values reads as integer (short, tall)`,
      });
      expect(r.summary).toEqual({ stable: 2, warn: 0, drift: 1 });
    }
  });
});

describe('a side with too few values', () => {
  const oneRow: Table = {
    rowCount: 1,
    columns: [
      { type: 'integer', name: 'weight', values: Float64Array.of(99) },
      { type: 'integer', name: 'height', values: Float64Array.of(NaN) },
      { type: 'categorical', name: 'kind', categories: ['z'], codes: Int32Array.of(0) },
    ],
  };

  it('is not judged: every column left out with why, none called drift, the minimum told', async () => {
    for (const r of await results(reference, oneRow)) {
      expect(r.columns).toEqual([]);
      expect(r.summary).toEqual({ stable: 0, warn: 0, drift: 0 });
      expect(r.thresholds.min_values).toBe(10);
      expect(r.left_out_columns).toEqual([
        { column: 'weight', reason: 'too few values to judge: 1 value in the current file, under the 10 each side needs' },
        { column: 'height', reason: 'too few values to judge: 0 values in the current file, under the 10 each side needs' },
        { column: 'kind', reason: 'too few values to judge: 1 value in the current file, under the 10 each side needs' },
      ]);
    }
  });

  it('a file of nine rows has no classifier verdict of drift either', () => {
    const nine: Table = { rowCount: 9, columns: [{ type: 'integer', name: 'weight', values: Float64Array.from({ length: 9 }, (_, i) => 500 + i) }] };
    const c = classifierDrift(reference, nine);
    expect(c.verdict).toBe('stable');
    expect(c.note).toContain('too few rows to judge (9, under 10 a side)');
  });

  it('a column missing throughout a file of many rows is still drift, as before', async () => {
    const empty: Table = { rowCount: n, columns: [{ type: 'integer', name: 'weight', values: new Float64Array(n).fill(NaN) }] };
    for (const r of await results(reference, empty)) {
      expect(r.columns.find((c) => c.column === 'weight')).toMatchObject({ verdict: 'drift', reason: 'missing throughout in the current file, but not in the reference one' });
    }
  });
});
