import { describe, expect, it } from 'vitest';
import { isKeyType, keyColumn, planKey } from '../../core/generation/keys.js';
import { Rng } from '../../core/random.js';
import type { NumberColumn, TextColumn } from '../../core/table/model.js';

describe('primary keys made anew', () => {
  it('stay unique when a collided key, suffixed with its row, meets a template shaped like that suffix', () => {
    const real: TextColumn = { type: 'id', name: 'code', values: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '1-11'] };
    for (const seed of [1, 2, 3]) {
      const keys = keyColumn(planKey(real, Rng.seeded(0)), 100, Rng.seeded(seed)) as TextColumn;
      expect(new Set(keys.values).size).toBe(100);
    }
  });

  it('stay distinct, safe integers when the real keys end at the largest safe integer', () => {
    const top = Number.MAX_SAFE_INTEGER;
    const real: NumberColumn = { type: 'integer', name: 'id', values: Float64Array.of(top - 2, top - 1, top) };
    const keys = [...(keyColumn(planKey(real, Rng.seeded(1)), 8, Rng.seeded(2)) as NumberColumn).values];
    expect(new Set(keys).size).toBe(8);
    expect(keys.every(Number.isSafeInteger)).toBe(true);
    expect(Math.max(...keys)).toBe(top);
  });

  it('plans hold no real key: the model record, which the API returns, keeps redrawn shapes only', () => {
    const values = Array.from({ length: 300 }, (_, i) => `ACC-${String(10_000_000 + i * 7919)}`);
    const plan = planKey({ type: 'id', name: 'account', values }, Rng.seeded(4));
    expect(plan.kind).toBe('scrambled');
    const templates = plan.kind === 'scrambled' ? plan.templates : [];
    expect(templates.length).toBeGreaterThan(100);
    expect(templates.every((t) => /^ACC-[1-9]\d{7}$/.test(t))).toBe(true);
    const real = new Set(values);
    expect(templates.filter((t) => real.has(t))).toEqual([]);
  });

  it('are whole numbers or text, not categories (one level a row) nor numbers with fractions', () => {
    expect(['integer', 'id', 'text'].every(isKeyType)).toBe(true);
    expect(['categorical', 'float', 'datetime', 'boolean'].some(isKeyType)).toBe(false);
  });
});
