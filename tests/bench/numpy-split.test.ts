import { describe, expect, it } from 'vitest';
import { numpyPermutation, pythonSplit } from '../../bench/numpy-split.js';

describe("numpy's legacy permutation, reproduced", () => {
  it('gives the permutations numpy prints for RandomState(0) and RandomState(42)', () => {
    // np.random.RandomState(0).permutation(10), np.random.RandomState(42).permutation(7) (numpy 2.x).
    expect(numpyPermutation(10, 0)).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5]);
    expect(numpyPermutation(7, 42)).toEqual([0, 1, 5, 2, 4, 3, 6]);
  });

  it('splits as sklearn (⌈20 %⌉ test first) and pandas (round(80 %) train first) do', () => {
    const s = pythonSplit(153, 0, 'sklearn');
    expect([s.train.length, s.test.length]).toEqual([122, 31]);
    const p = pythonSplit(153, 0, 'pandas');
    expect([p.train.length, p.test.length]).toEqual([122, 31]);
    expect(new Set([...p.train, ...p.test]).size).toBe(153);
  });
});
