/** `ratio` is held to the row limit `rows` is: ratio 1000 of diamonds had started a job for 53 940 000 rows. */
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../core/errors.js';
import { resolveRows } from '../../core/generation/service.js';
import { MAX_ROWS } from '../../core/generation/model.js';

describe('resolveRows', () => {
  it('refuses a ratio past the row limit with a 422 naming the count and the limit', () => {
    let error: unknown;
    try {
      resolveRows(53_940, { ratio: 1000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(422);
    expect((error as ProblemError).detail).toBe(
      'ratio 1000 of 53940 source rows makes 53940000 rows, more than the limit of 10000000; ask for a ratio of at most 185.391, or give rows.',
    );
    expect((error as ProblemError).extensions).toEqual({ rows: 53_940_000, limit: MAX_ROWS, source_rows: 53_940 });
  });

  it('takes a ratio up to the limit, the largest it suggests included', () => {
    expect(resolveRows(53_940, { ratio: 185.391 })).toBeLessThanOrEqual(MAX_ROWS);
    expect(resolveRows(10_000, { ratio: 1000 })).toBe(MAX_ROWS);
    expect(resolveRows(344, { ratio: 0.5 })).toBe(172);
    expect(resolveRows(344, {})).toBe(344);
    expect(resolveRows(344, { rows: 7 })).toBe(7);
  });
});
