/**
 * Mutual information against a number target reads the target by quantile bins (TARGET_BINS), not
 * by its distinct values: a target of uniform noise once scored log2(5) bits against a 5-level
 * feature, as every noise value was a level of its own. References here are closed-form: the
 * plug-in estimate's bias under independence, and H(feature) when the feature determines the bin.
 */
import { describe, expect, it } from 'vitest';
import { suggest } from '../../core/features/suggest.js';
import { TARGET_BINS, mutualInformation, targetCodes } from '../../core/features/mutual-information.js';
import { Rng } from '../../core/random.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';

const LEVELS = ['a', 'b', 'c', 'd', 'e'];
const category = (codes: number[]): CategoricalColumn => ({ type: 'categorical', name: 'cat', codes: Int32Array.from(codes), categories: LEVELS });
const number = (name: string, values: number[], type: 'float' | 'integer' = 'float'): NumberColumn => ({ type, name, values: Float64Array.from(values) });

/** Shannon entropy (bits) of the levels in `codes`, counted directly. */
function entropy(codes: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return -[...counts.values()].reduce((h, k) => h + (k / codes.length) * Math.log2(k / codes.length), 0);
}

/**
 * Under independence 2 n ln2 · MI (the G statistic) is about χ² with (a − 1)(b − 1) degrees of
 * freedom: its mean over 2 n ln2 is the plug-in bias; mean + 4 sd is a bound a seeded draw stays under.
 */
function independenceBound(n: number, a: number, b: number): number {
  const df = (a - 1) * (b - 1);
  return (df + 4 * Math.sqrt(2 * df)) / (2 * n * Math.LN2);
}

const oneHotMi = (table: Table, target: string) => suggest(table, [], target).find((s) => s.id === 'one_hot:cat')?.effect?.mutual_information_bits;

describe('mutual information with a number target', () => {
  const n = 2000;
  const rng = Rng.seeded(11);
  const cat = Array.from({ length: n }, () => rng.int(0, 4));
  const noise = Array.from({ length: n }, () => Math.round(rng.uniform() * 1e6) / 1e4);

  it('is near 0 for a target of noise independent of the feature (not log2 of its levels)', () => {
    const table: Table = { rowCount: n, columns: [category(cat), number('y', noise)] };
    const mi = oneHotMi(table, 'y')!;
    expect(mi).toBeGreaterThanOrEqual(0);
    expect(mi).toBeLessThan(independenceBound(n, LEVELS.length, TARGET_BINS)); // ≈ 0.025 bits; was log2 5 ≈ 2.32
  });

  it('equals H(feature) when the feature determines the target', () => {
    // Level sizes in multiples of n / TARGET_BINS and disjoint ranges: each decile lies in one level.
    const sizes = [200, 400, 600, 800];
    const codes = sizes.flatMap((k, level) => Array<number>(k).fill(level));
    const y = codes.map((level) => 1000 * level + rng.uniform());
    const table: Table = { rowCount: n, columns: [category(codes), number('y', y)] };
    expect(oneHotMi(table, 'y')).toBeCloseTo(entropy(codes), 10);
    // Shuffled rows change nothing: bins are by value, not position.
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rng.uniform() - 0.5);
    const shuffled: Table = { rowCount: n, columns: [category(order.map((i) => codes[i]!)), number('y', order.map((i) => y[i]!))] };
    expect(oneHotMi(shuffled, 'y')).toBeCloseTo(entropy(codes), 10);
  });

  it('reads a target of few distinct numbers by its values, as classes', () => {
    const y = cat.map((level) => level % 3);
    const mi = mutualInformation(category(cat), number('y', y, 'integer'));
    expect(mi).toBeCloseTo(entropy(y), 10); // the feature determines the class: MI = H(class)
  });

  it('bins ties together and leaves missing values out', () => {
    // 70 % zeros, the rest distinct, a tenth missing.
    const y = Array.from({ length: n }, (_, i) => (i % 10 === 9 ? NaN : i % 10 < 7 ? 0 : i));
    const { codes, k } = targetCodes(number('y', y));
    expect(k).toBeLessThanOrEqual(TARGET_BINS);
    expect(new Set(y.flatMap((v, r) => (v === 0 ? [codes[r]] : [])))).toEqual(new Set([0]));
    expect(y.every((v, r) => Number.isNaN(v) === (codes[r] === -1))).toBe(true);
    // Every bin holds a value, and bins ascend with the values.
    const present = y.flatMap((v, r) => (Number.isNaN(v) ? [] : [[v, codes[r]!] as const])).sort((p, q) => p[0] - q[0]);
    expect(new Set(present.map(([, c]) => c)).size).toBe(k);
    for (let i = 1; i < present.length; i++) expect(present[i]![1]).toBeGreaterThanOrEqual(present[i - 1]![1]);
  });
});
