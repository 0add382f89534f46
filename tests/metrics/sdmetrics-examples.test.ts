/**
 * The metrics against the worked examples SDMetrics publishes with its metrics (its unit tests,
 * sdv-dev/SDMetrics tests/unit/…, MIT licence): same inputs, same expected numbers.
 */
import { describe, expect, it } from 'vitest';
import { contingencySimilarity, ksComplement, missingValueSimilarity, tvComplement } from '../../core/metrics/quality.js';
import { boundaryAdherence } from '../../core/validation/diagnostic.js';

const floats = (xs: number[]) => Float64Array.from(xs);

describe('SDMetrics published examples', () => {
  it('TVComplement: a,b,c,a,a,b vs a,b,c,a,b,c is 0.8333333333333333', () => {
    expect(tvComplement(['a', 'b', 'c', 'a', 'a', 'b'], ['a', 'b', 'c', 'a', 'b', 'c'])).toBe(0.8333333333333333);
  });

  it('KSComplement: 0.3 − 0.2 and 0.2 − 0.1 are the same value (GH#652), so the score is 1', () => {
    expect(ksComplement(floats([0.3 - 0.2]), floats([0.2 - 0.1]))).toBe(1);
  });

  it('MissingValueSimilarity: [1.0, NaN, 2.6, 0.8] vs [0.9, 1.8, None, None] is 0.75', () => {
    const col = (values: number[]) => ({ type: 'float' as const, name: 'x', values: floats(values) });
    expect(missingValueSimilarity(col([1.0, NaN, 2.6, 0.8]), col([0.9, 1.8, NaN, NaN]))).toBe(0.75);
  });

  it('BoundaryAdherence: 0.75; 0.6 when a synthetic NaN meets a complete real column; 0.75 when the real one has NaN', () => {
    expect(boundaryAdherence(floats([1.0, 2.4, 2.6, 0.8]), floats([0.9, 1.8, 2.1, 5.0]))).toBe(0.75);
    expect(boundaryAdherence(floats([1.0, 2.4, 2.6, 0.8]), floats([0.9, 1.8, 2.1, 5.0, NaN]))).toBe(0.6);
    expect(boundaryAdherence(floats([1.0, 2.4, 2.6, 0.8, NaN]), floats([0.9, 1.8, 2.1, 5.0, NaN]))).toBe(0.75);
  });

  it('ContingencySimilarity: the two-column example scores 0.25', () => {
    const keys = (xs: number[]) => xs.map(String);
    expect(contingencySimilarity(keys([1.0, 2.4, 2.6, 0.8]), keys([1, 2, 3, 5]), keys([1.0, 1.8, 2.6, 1.0]), keys([2, 3, 4, 1]))).toBeCloseTo(0.25, 12);
  });
});
