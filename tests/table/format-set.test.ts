/** Sets of datetime formats past 32 and past 64: inference narrows one per column, and there are more formats than an int has bits. */
import { describe, expect, it } from 'vitest';
import { MAX_FORMATS, NO_FORMATS, anyFormat, bothFormats, firstFormats, formatsIn, hasFormat, withFormat, withoutFormat } from '../../core/table/format-set.js';
import { DATETIME_FORMATS } from '../../core/table/datetime.js';

describe('format sets', () => {
  it('hold every format, each in its word, as a set of indices would', () => {
    expect(DATETIME_FORMATS.length).toBeGreaterThan(64);
    expect(DATETIME_FORMATS.length).toBeLessThanOrEqual(MAX_FORMATS);
    const all = firstFormats(MAX_FORMATS);
    expect(formatsIn(all, MAX_FORMATS)).toEqual(Array.from({ length: MAX_FORMATS }, (_, i) => i));
    expect(formatsIn(firstFormats(53), MAX_FORMATS)).toEqual(Array.from({ length: 53 }, (_, i) => i));
    const picks = [0, 5, 25, 26, 31, 32, 40, 51, 52, 63, 64, 70, 95];
    const set = picks.reduce(withFormat, NO_FORMATS);
    expect(formatsIn(set, MAX_FORMATS)).toEqual(picks);
    expect(withFormat(set, 40)).toBe(set);
    expect(withoutFormat(set, 41)).toBe(set);
    expect(formatsIn(withoutFormat(set, 32), MAX_FORMATS)).toEqual(picks.filter((i) => i !== 32));
    expect(formatsIn(withoutFormat(set, 63), MAX_FORMATS)).toEqual(picks.filter((i) => i !== 63));
    expect(formatsIn(withoutFormat(set, 64), MAX_FORMATS)).toEqual(picks.filter((i) => i !== 64));
    expect(withoutFormat(set, 65)).toBe(set);
    const other = [5, 26, 33, 51, 52, 70, 71].reduce(withFormat, NO_FORMATS);
    expect(formatsIn(bothFormats(set, other), MAX_FORMATS)).toEqual([5, 26, 51, 52, 70]);
    expect(hasFormat(bothFormats(set, NO_FORMATS), 0)).toBe(false);
    expect(anyFormat(bothFormats(set, NO_FORMATS))).toBe(false);
    expect(anyFormat(withFormat(NO_FORMATS, 63))).toBe(true);
    expect(anyFormat(withFormat(NO_FORMATS, 95))).toBe(true);
  });

  it('returns the set itself when an operation changes nothing, so narrowing allocates nothing', () => {
    const set = [3, 52, 80].reduce(withFormat, NO_FORMATS);
    expect(bothFormats(set, firstFormats(MAX_FORMATS))).toBe(set);
    expect(bothFormats(set, set)).toBe(set);
    expect(bothFormats(set, withFormat(NO_FORMATS, 3))).not.toBe(set);
  });
});
