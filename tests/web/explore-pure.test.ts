/** Outliers' row numbers: a comma-separated list, so no thousands separator inside a number. */
import { describe, expect, it } from 'vitest';
import { rowNumbersText } from '../../web/src/views/explore.js';

describe('rowNumbersText', () => {
  it('numbers rows from 1, ungrouped, the first eight', () => {
    expect(rowNumbersText([506, 727, 1235])).toBe('507, 728, 1236');
    expect(rowNumbersText([0, 1, 2, 3, 4, 5, 6, 7, 8])).toBe('1, 2, 3, 4, 5, 6, 7, 8');
  });
});
