import { describe, expect, it } from 'vitest';
import { categoryKeys, contingencySimilarity, correlationSimilarity, cramersV, ksComplement, missingValueSimilarity, qualityReport, tvComplement } from '../../core/metrics/quality.js';
import type { Table } from '../../core/table/model.js';
import { Rng } from '../../core/random.js';

const f = (xs: number[]) => Float64Array.from(xs);

describe('column metrics against hand-computed values', () => {
  it('KSComplement is 1 − the largest ECDF gap, ignoring missing values', () => {
    expect(ksComplement(f([1, 2, 3, 4]), f([1, 2, 3, 4]))).toBe(1);
    // ECDFs of {1,2,3,4} and {3,4,5,6}: largest gap 0.5 at x = 2.
    expect(ksComplement(f([1, 2, 3, 4]), f([3, 4, 5, 6]))).toBe(0.5);
    expect(ksComplement(f([1, 2, NaN]), f([1, 2]))).toBe(1);
    expect(ksComplement(f([1, 2]), f([10, 20]))).toBe(0);
  });

  it('TVComplement is 1 − half the L1 distance of frequencies', () => {
    expect(tvComplement(['a', 'a', 'b', 'b'], ['a', 'b'])).toBe(1);
    // p = (0.5, 0.5), q = (0.75, 0.25, 0): ½(0.25 + 0.25) = 0.25.
    expect(tvComplement(['a', 'b'], ['a', 'a', 'a', 'b'])).toBe(0.75);
    expect(tvComplement(['a'], ['b'])).toBe(0);
    // Disjoint values whose shares (sixths) do not sum to exactly 1: still 0, never a hair below.
    expect(tvComplement(['a0', 'a1'], ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'])).toBe(0);
  });

  it('CorrelationSimilarity is 1 − |ρr − ρs| / 2', () => {
    const x = f([1, 2, 3, 4, 5]);
    expect(correlationSimilarity(x, f([2, 4, 6, 8, 10]), x, f([10, 8, 6, 4, 2]))).toBe(0);
    expect(correlationSimilarity(x, f([2, 4, 6, 8, 10]), x, f([1, 2, 3, 4, 5]))).toBe(1);
  });

  it('ContingencySimilarity compares joint frequencies', () => {
    // Real: (a,x) (b,y) each 1/2. Synthetic: (a,y) (b,x) each 1/2: disjoint → 0.
    expect(contingencySimilarity(['a', 'b'], ['x', 'y'], ['a', 'b'], ['y', 'x'])).toBe(0);
    expect(contingencySimilarity(['a', 'b'], ['x', 'y'], ['b', 'a'], ['y', 'x'])).toBe(1);
  });

  it('MissingValueSimilarity is 1 − the gap in missing shares', () => {
    const real = { type: 'float' as const, name: 'x', values: f([1, NaN, 3, NaN]) };
    const syn = { type: 'float' as const, name: 'x', values: f([1, 2, 3, NaN]) };
    expect(missingValueSimilarity(real, syn)).toBe(0.75);
  });

  it("Cramér's V: 1 for a perfect association, 0 for independence", () => {
    expect(cramersV(['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'])).toBeCloseTo(1, 12);
    expect(cramersV(['a', 'a', 'b', 'b'], ['x', 'y', 'x', 'y'])).toBeCloseTo(0, 12);
  });
});

describe('quality report', () => {
  const rng = Rng.seeded(3);
  const n = 2000;
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const y = Float64Array.from(x, (v) => v * 0.9 + 0.3 * rng.normal());
  const g = Int32Array.from(x, (v) => (v > 0 ? 1 : 0));
  const real: Table = {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: x },
      { type: 'float', name: 'y', values: y },
      { type: 'categorical', name: 'g', codes: g, categories: ['neg', 'pos'] },
      { type: 'id', name: 'id', values: Array.from({ length: n }, (_, i) => `k${i}`) },
    ],
  };

  it('scores identical tables 1.0 and leaves unique ids out', () => {
    const q = qualityReport(real, real, { pairAggregate: 'all' });
    expect(q.overall).toBe(1);
    expect(q.column_shapes.details.map((d) => d.column)).toEqual(['x', 'y', 'g']);
    expect(q.column_pair_trends.details).toHaveLength(3);
  });

  it('keeps shapes at 1 but drops pair trends when each column is shuffled on its own', () => {
    const shuffled = (values: Float64Array) => Float64Array.from(Rng.seeded(9).shuffle(Array.from(values)));
    const synthetic: Table = { rowCount: n, columns: [{ ...real.columns[0]!, values: shuffled(x) } as Table['columns'][number], { type: 'float', name: 'y', values: Float64Array.from(Rng.seeded(10).shuffle(Array.from(y))) }, real.columns[2]!] };
    const q = qualityReport(real, synthetic, { pairAggregate: 'all' });
    expect(q.column_shapes.score).toBe(1);
    expect(q.column_pair_trends.score).toBeLessThan(0.8);
  });

  it('missing_value_similarity is 0 when every column is missing where the other is not; 1 only with no columns', () => {
    // Real column fully missing, synthetic fully present: 1 − |1 − 0| = 0 for the only column, so the mean is 0.
    const missingReal: Table = { rowCount: 3, columns: [{ type: 'float', name: 'x', values: f([NaN, NaN, NaN]) }] };
    const presentSyn: Table = { rowCount: 3, columns: [{ type: 'float', name: 'x', values: f([1, 2, 3]) }] };
    const q = qualityReport(missingReal, presentSyn, { pairAggregate: 'all' });
    expect(q.missing_value_similarity.details.map((d) => d.score)).toEqual([0]);
    expect(q.missing_value_similarity.score).toBe(0);
    expect(qualityReport({ rowCount: 0, columns: [] }, { rowCount: 0, columns: [] }, { pairAggregate: 'all' }).missing_value_similarity.score).toBe(1);
  });

  it("'strong_only' averages only strongly associated pairs", () => {
    const q = qualityReport(real, real, { pairAggregate: 'strong_only' });
    expect(q.overall).toBe(1);
    expect(q.column_pair_trends.details.every((p) => p.real_association !== null)).toBe(true);
  });
});

describe('quality report pairs', () => {
  it('counts each categorical pair from codes to the same scores as the metrics on the keys', () => {
    const rng = Rng.seeded(12);
    const column = (name: string, k: number, rows: number, missing: number) => ({
      type: 'categorical' as const,
      name,
      categories: Array.from({ length: k }, (_, i) => `${name}${i}`),
      codes: Int32Array.from({ length: rows }, () => (rng.uniform() < missing ? -1 : rng.int(0, k - 1))),
    });
    const table = (rows: number, levels: number): Table => ({ rowCount: rows, columns: [column('a', 3, rows, 0.1), column('b', levels, rows, 0), column('c', 7, rows, 0.3)] });
    // The synthetic side has a level the real one lacks, and fewer rows.
    const real = table(300, 5);
    const synthetic = table(180, 6);
    const report = qualityReport(real, synthetic, { pairAggregate: 'all' });
    for (const pair of report.column_pair_trends.details) {
      const [x, y] = pair.columns.map((name) => real.columns.findIndex((c) => c.name === name));
      const keys = (t: Table, i: number) => categoryKeys(t.columns[i]!);
      expect(pair.score).toBeCloseTo(contingencySimilarity(keys(real, x!), keys(real, y!), keys(synthetic, x!), keys(synthetic, y!)), 12);
      expect(pair.real_association).toBeCloseTo(cramersV(keys(real, x!), keys(real, y!))!, 12);
    }
  });

  it('counts pairs of thousands of levels by the cells seen, to the same scores, in well under a second a pair', () => {
    const rng = Rng.seeded(13);
    // Two text columns of ~2 500 levels each: 6 M cells, past the dense table; the second partly follows the first.
    const text = (rows: number) => {
      const a = Array.from({ length: rows }, () => `w${rng.int(0, 2499)}`);
      const b = a.map((v) => (rng.uniform() < 0.5 ? v.replace('w', 'v') : `v${rng.int(0, 2499)}`));
      return { rowCount: rows, columns: [{ type: 'text' as const, name: 'a', values: a }, { type: 'text' as const, name: 'b', values: b }] };
    };
    const [real, synthetic] = [text(6000), text(5000)];
    const pair = qualityReport(real, synthetic, { pairAggregate: 'all' }).column_pair_trends.details[0]!;
    const keys = (t: Table, i: number) => categoryKeys(t.columns[i]!);
    expect(pair.score).toBeCloseTo(contingencySimilarity(keys(real, 0), keys(real, 1), keys(synthetic, 0), keys(synthetic, 1)), 12);
    expect(pair.real_association).toBeCloseTo(cramersV(keys(real, 0), keys(real, 1))!, 12);
    // A worked case: a perfect link of two levels is V = 1, none is 0.
    expect(cramersV(['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'])).toBeCloseTo(1, 12);
  });
});
