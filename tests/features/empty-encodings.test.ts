/**
 * Encodings of missing values: a target encoding's global mean is the target's (not that of the
 * rows the column labels); an encoding of a column with no value is a 422, as fitting any step on
 * no values is, never a silent column of zeros or no column; one-hot names hold no line breaks.
 */
import { describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/fixtures.js';
import { fitPipeline } from '../../core/features/pipeline.js';
import { suggest } from '../../core/features/suggest.js';
import { MISSING_CODE, cellLabel, type Column, type Table } from '../../core/table/model.js';

const floats = (name: string, xs: number[]): Column => ({ type: 'float', name, values: Float64Array.from(xs) });
const cats = (name: string, xs: (string | null)[]): Column => {
  const categories = [...new Set(xs.filter((x): x is string => x !== null))];
  return { type: 'categorical', name, categories, codes: Int32Array.from(xs, (x) => (x === null ? MISSING_CODE : categories.indexOf(x))) };
};
const values = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, r) => cellLabel(c, r));
};
const n = 40;
const ys = floats('y', Array.from({ length: n }, (_, i) => 100 + i));
const empty = cats('c', Array.from({ length: n }, () => null));

describe('target encoding and missing values', () => {
  it('takes the global mean over every row with a target, labelled or not, and encodes missing rows by it', () => {
    // c is labelled only on the 10 rows of lowest y: their mean (104.5) is not the target's (119.5).
    const c = cats('c', Array.from({ length: n }, (_, i) => (i < 10 ? 'a' : null)));
    const { pipeline } = fitPipeline({ rowCount: n, columns: [c, ys] }, [{ kind: 'target_encode', column: 'c', target: 'y', folds: 5, smoothing: 10 }], 0);
    const fitted = pipeline.steps[0]!.fitted as { global: number; means: Record<string, number> };
    expect(fitted.global).toBe(119.5);
    // Level a is smoothed towards the target's mean: (1045 + 10 · 119.5) / 20.
    expect(fitted.means.a).toBe(112);
  });

  it('is a 422 on a column with no value, not a column of zeros', () => {
    const p = problemOf(() => fitPipeline({ rowCount: n, columns: [empty, ys] }, [{ kind: 'target_encode', column: 'c', target: 'y', folds: 5, smoothing: 10 }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/Column c has no value/);
  });

  it('is a 422 on a target with no value, and is then not suggested', () => {
    const c = cats('c', Array.from({ length: n }, (_, i) => `l${i % 12}`));
    const t: Table = { rowCount: n, columns: [c, floats('y', Array.from({ length: n }, () => NaN))] };
    const p = problemOf(() => fitPipeline(t, [{ kind: 'target_encode', column: 'c', target: 'y', folds: 5, smoothing: 10 }], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/Column y has no value/);
    expect(suggest(t, [], 'y').find((s) => s.columns[0] === 'c')?.kind).toBe('frequency');
  });
});

describe('encodings of a column with no value', () => {
  it.each([
    { kind: 'one_hot', column: 'c', max_levels: 20 },
    { kind: 'ordinal', column: 'c' },
    { kind: 'frequency', column: 'c' },
  ] as const)('$kind is a 422, not a column removed or zeroed without a word', (step) => {
    const p = problemOf(() => fitPipeline({ rowCount: n, columns: [empty, ys] }, [step], 0));
    expect(p.status).toBe(422);
    expect(p.detail).toMatch(/Column c has no value to encode by/);
  });

  it('is suggested for dropping only, so every suggestion fits', () => {
    const t: Table = { rowCount: n, columns: [empty, ys] };
    const steps = suggest(t, [], 'y').filter((s) => s.columns.includes('c'));
    expect(steps.map((s) => s.kind)).toEqual(['drop']);
  });
});

describe('one-hot column names', () => {
  it('turn line breaks and tabs in a level into a space, kept unique', () => {
    const levels = ['line one\nline two', 'line one line two', 'a\t\tb', 'keep  two spaces'];
    const t: Table = { rowCount: 4, columns: [cats('note', levels), floats('x', [1, 2, 3, 4])] };
    const { output, pipeline } = fitPipeline(t, [{ kind: 'one_hot', column: 'note', max_levels: 20 }], 0);
    const names = output.columns.map((c) => c.name);
    // Levels in label order ('\n' sorts before ' '), so the level already spelled with a space is the one renamed.
    expect(names).toEqual(['note=a b', 'note=keep  two spaces', 'note=line one line two', 'note=line one line two_2', 'x']);
    expect(values(output, 'note=line one line two_2')).toEqual(['0', '1', '0', '0']);
    // The renamed one is recorded, so re-applying the pipeline gives the same names.
    expect(pipeline.steps[0]!.fitted.names).toEqual(names.slice(0, 4));
  });
});
