/**
 * A slow sampler draws in smaller batches than the copula, so a job sampling 100 000 rows from a
 * network reports its progress several times rather than once at the end: the batch size is each
 * generator's fixed count (registry.ts), the copula's still 100 000 (its bytes unchanged), and
 * TABMIMIC_SAMPLE_BATCH_ROWS overrides every generator's for tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { batchSizes, SAMPLE_BATCH_ROWS, sampleBatchRows } from '../../core/generation/sample-batches.js';
import { findSynthesizer, synthesizers } from '../../core/synth/registry.js';

const saved = process.env.TABMIMIC_SAMPLE_BATCH_ROWS;
afterEach(() => {
  if (saved === undefined) delete process.env.TABMIMIC_SAMPLE_BATCH_ROWS;
  else process.env.TABMIMIC_SAMPLE_BATCH_ROWS = saved;
});

describe('sampleBatchRows', () => {
  it('cuts a 100 000-row request from a network into several batches, and leaves the fast samplers one', () => {
    delete process.env.TABMIMIC_SAMPLE_BATCH_ROWS;
    const batches = (name: string) => batchSizes(100_000, sampleBatchRows(findSynthesizer(name))).length;
    // 5 to 10 batches: a report about every second while a network draws 100 000 rows (5 to 10 s here, under load).
    for (const name of ['ctgan', 'copulagan', 'tvae', 'autoregressive']) expect(batches(name), name).toBeGreaterThanOrEqual(5);
    expect(batches('ctgan')).toBe(10);
    // The copula's 100 000 rows are one call, as before: a seed gives the bytes it always gave.
    expect(sampleBatchRows(findSynthesizer('gaussian_copula'))).toBe(SAMPLE_BATCH_ROWS);
    expect(sampleBatchRows(findSynthesizer('privbayes'))).toBe(SAMPLE_BATCH_ROWS);
    expect(sampleBatchRows()).toBe(SAMPLE_BATCH_ROWS);
  });

  it('is a fixed count of rows for every generator, kept by an alias', () => {
    delete process.env.TABMIMIC_SAMPLE_BATCH_ROWS;
    for (const s of synthesizers) {
      expect(Number.isInteger(sampleBatchRows(s)), s.name).toBe(true);
      expect(sampleBatchRows(s)).toBeGreaterThan(0);
      expect(sampleBatchRows(s)).toBeLessThanOrEqual(SAMPLE_BATCH_ROWS);
      for (const alias of s.aliases) expect(sampleBatchRows(findSynthesizer(alias))).toBe(sampleBatchRows(s));
    }
  });

  it('takes TABMIMIC_SAMPLE_BATCH_ROWS over every generator\'s own', () => {
    process.env.TABMIMIC_SAMPLE_BATCH_ROWS = '7000';
    for (const s of synthesizers) expect(sampleBatchRows(s)).toBe(7000);
    process.env.TABMIMIC_SAMPLE_BATCH_ROWS = '';
    expect(sampleBatchRows(findSynthesizer('ctgan'))).toBe(10_000);
  });
});
