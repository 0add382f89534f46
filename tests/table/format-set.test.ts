/** Sets of datetime formats past 32: inference narrows one per column, and there are more formats than an int has bits. */
import { describe, expect, it } from 'vitest';
import { MAX_FORMATS, bothFormats, firstFormats, formatsIn, hasFormat, withFormat, withoutFormat } from '../../core/table/format-set.js';
import { DATETIME_FORMATS } from '../../core/table/datetime.js';

describe('format sets', () => {
  it('hold every format, each in both halves, as a set of indices would', () => {
    expect(DATETIME_FORMATS.length).toBeGreaterThan(32);
    expect(DATETIME_FORMATS.length).toBeLessThanOrEqual(MAX_FORMATS);
    const all = firstFormats(MAX_FORMATS);
    expect(formatsIn(all, MAX_FORMATS)).toEqual(Array.from({ length: MAX_FORMATS }, (_, i) => i));
    const picks = [0, 5, 25, 26, 31, 32, 40, 51];
    const set = picks.reduce(withFormat, 0);
    expect(formatsIn(set, MAX_FORMATS)).toEqual(picks);
    expect(withFormat(set, 40)).toBe(set);
    expect(formatsIn(withoutFormat(set, 32), MAX_FORMATS)).toEqual(picks.filter((i) => i !== 32));
    const other = [5, 26, 33, 51].reduce(withFormat, 0);
    expect(formatsIn(bothFormats(set, other), MAX_FORMATS)).toEqual([5, 26, 51]);
    expect(hasFormat(bothFormats(set, 0), 0)).toBe(false);
  });
});
