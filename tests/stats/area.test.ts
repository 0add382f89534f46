import { describe, expect, it } from 'vitest';
import { areaMeasure } from '../../core/stats/area.js';

describe('areaMeasure', () => {
  it('measures ordinary ranges exactly', () => {
    const m = areaMeasure(-3, 5);
    expect(m.width(-3, 5)).toBe(8);
    expect(m.total(0.5 * m.width(1, 3))).toBe(1);
  });

  it('measures a range wider than the largest double in halves, capped at the largest double', () => {
    const m = areaMeasure(-Number.MAX_VALUE, Number.MAX_VALUE);
    const width = m.width(-Number.MAX_VALUE, Number.MAX_VALUE);
    expect(Number.isFinite(width)).toBe(true);
    expect(m.total(0.25 * width)).toBe(Number.MAX_VALUE / 2);
    expect(m.total(width)).toBe(Number.MAX_VALUE);
    expect(m.total(0 * width)).toBe(0);
  });
});
