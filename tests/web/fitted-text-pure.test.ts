/** What a fitted feature step learned, in words (web/src/fitted-text.ts), for each kind that learns something. */
import { describe, expect, it } from 'vitest';
import { LISTED_LEVELS, fittedNumber, fittedText } from '../../web/src/fitted-text.js';

describe('fittedNumber', () => {
  it('writes numbers as the column statistics do', () => {
    expect(fittedNumber(4202)).toBe('4202');
    expect(fittedNumber(17.151169590643274)).toBe('17.15');
    expect(fittedNumber(3932.7997775305897)).toBe('3933'); // the whole part is never cut to 3930
    expect(fittedNumber(-0.5612)).toBe('-0.5612');
    expect(fittedNumber(0.000012345678)).toBe('0.00001235');
    expect(fittedNumber(1.5e-9)).toBe('1.500e-9');
  });
});

describe('fittedText', () => {
  it('says the fill value, quoting a label', () => {
    expect(fittedText({ kind: 'impute', column: 'x', strategy: 'mean' }, { value: 43.92192982456141 })).toBe('fills with 43.92');
    expect(fittedText({ kind: 'impute', column: 'sex', strategy: 'mode' }, { value: 'male' })).toBe('fills with “male”');
  });

  it('writes a datetime fill (recorded as epoch ms) as the column writes dates, else as an ISO date', () => {
    const ms = Date.UTC(2020, 2, 3);
    const column = (format?: string) => ({ name: 'd', type: 'datetime' as const, ...(format ? { format } : {}) });
    expect(fittedText({ kind: 'impute', column: 'd', strategy: 'constant', value: '03/03/2020' }, { value: ms }, column('MM/DD/YYYY'))).toBe('fills with 03/03/2020');
    expect(fittedText({ kind: 'impute', column: 'd', strategy: 'median' }, { value: ms }, column())).toBe('fills with 2020-03-03');
    expect(fittedText({ kind: 'impute', column: 'd', strategy: 'mean' }, { value: ms + 90_000 }, column('an unknown format'))).toBe('fills with 2020-03-03T00:01:30Z');
    // A number column's fill stays a number, and one of a column this file no longer has.
    expect(fittedText({ kind: 'impute', column: 'x', strategy: 'mean' }, { value: ms }, { name: 'x', type: 'integer' })).toBe(`fills with ${ms}`);
    expect(fittedText({ kind: 'impute', column: 'd', strategy: 'mean' }, { value: ms })).toBe(`fills with ${ms}`);
  });

  it('gives each scaling its centre and spread by their names', () => {
    expect(fittedText({ kind: 'scale', column: 'x', method: 'standard' }, { center: 17.151, scale: 1.9748 })).toBe('mean 17.15, sd 1.975');
    expect(fittedText({ kind: 'scale', column: 'x', method: 'robust' }, { center: 44.45, scale: 9.275 })).toBe('median 44.45, interquartile range 9.275');
    expect(fittedText({ kind: 'scale', column: 'x', method: 'minmax' }, { min: 172, max: 231 })).toBe('min 172, max 231 (to 0…1)');
  });

  it('says which level each ordinal code stands for, and the encodings’ values per level', () => {
    expect(fittedText({ kind: 'ordinal', column: 'sex' }, { levels: ['female', 'male'] })).toBe('0 = “female”, 1 = “male”');
    expect(fittedText({ kind: 'frequency', column: 'c' }, { frequencies: { a: 0.75, b: 0.25 } })).toBe('share of rows: “a” 0.75, “b” 0.25');
    expect(fittedText({ kind: 'target_encode', column: 'c', target: 'y' }, { global: 4207.06, means: { a: 4716.02, b: 3712.9 }, seed: 0 })).toBe(
      'smoothed mean of y: “a” 4716, “b” 3713; other levels and missing values 4207',
    );
    expect(fittedText({ kind: 'one_hot', column: 'c' }, { levels: ['a', 'b'] })).toBe('a 0/1 column for each of “a”, “b”');
  });

  it('lists a long list of levels only so far, with how many more', () => {
    const levels = Array.from({ length: LISTED_LEVELS + 5 }, (_, i) => `l${i}`);
    expect(fittedText({ kind: 'ordinal', column: 'c' }, { levels })).toMatch(/, 19 = “l19”, and 5 more$/);
  });

  it('gives clip bounds, bin edges, λ, the elapsed-days origin and renamed added columns', () => {
    expect(fittedText({ kind: 'clip', column: 'x', method: 'iqr' }, { lower: -1.5, upper: 10.25 })).toBe('keeps values within -1.5 to 10.25');
    expect(fittedText({ kind: 'bin', column: 'x', method: 'quantile', bins: 3 }, { edges: [39.2, 46.033333], labels: ['a', 'b', 'c'] })).toBe('edges 39.2, 46.03');
    expect(fittedText({ kind: 'yeo_johnson', column: 'x' }, { lambda: 0.2345678 })).toBe('λ = 0.2346');
    expect(fittedText({ kind: 'datetime_parts', column: 'd', parts: ['year', 'elapsed_days'] }, { origin: Date.UTC(2012, 0, 1) })).toBe('elapsed days counted from 2012-01-01');
    expect(fittedText({ kind: 'datetime_parts', column: 'd', parts: ['year'] }, { origin: 0 })).toBeUndefined();
    expect(fittedText({ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }, { value: 1, names: ['b_missing_2'] })).toBe('fills with 1; writes b_missing_2');
  });

  it('says nothing for steps that learn nothing, or parameters it cannot read', () => {
    expect(fittedText({ kind: 'log1p', column: 'x' }, {})).toBeUndefined();
    expect(fittedText({ kind: 'ratio', numerator: 'a', denominator: 'b' }, {})).toBeUndefined();
    expect(fittedText({ kind: 'scale', column: 'x', method: 'standard' }, { center: 'x', scale: 1 })).toBeUndefined();
    expect(fittedText({ kind: 'ordinal', column: 'x' }, { levels: [1, 2] })).toBeUndefined();
  });
});
