/** A clip suggestion names bounds inside the data's own span. */
import { describe, expect, it } from 'vitest';
import { suggest } from '../../core/features/suggest.js';
import type { Table } from '../../core/table/model.js';

describe('clip suggestions', () => {
  it('do not put a bound past the minimum (a right tail clips from above only)', () => {
    // Horsepower-like: 46 … 140 with a tail to 230; the lower fence is far below 46.
    const values = Float64Array.from({ length: 200 }, (_, i) => (i < 190 ? 46 + ((i * 47) % 95) : 200 + i - 190 + (i % 3) * 10));
    const t: Table = { rowCount: 200, columns: [{ type: 'float', name: 'Horsepower', values }] };
    const clip = suggest(t, []).find((s) => s.kind === 'clip');
    expect(clip).toBeDefined();
    const min = Math.min(...values);
    expect(clip!.rationale).not.toMatch(/\[-/);
    const at = Number(/from above at (-?[\d.]+)\./.exec(clip!.rationale)?.[1]);
    expect(at).toBeGreaterThan(min);
    expect(at).toBeCloseTo(clip!.effect!.upper!, 0);
    expect(clip!.effect).not.toHaveProperty('lower');
    expect(clip!.effect!.upper).toBeLessThan(Math.max(...values));
  });
});
