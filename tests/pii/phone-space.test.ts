/**
 * Fake phone numbers have a realistic number space: fiction's 555-0100…0199 held 100 numbers, so a
 * 7-digit column of 5 000 fakes repeated each about 50 times. Still none is a real value, and a seed
 * gives the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { fakeColumn, fakeValue, type FakePlan } from '../../core/pii/fake.js';
import { RealValueFilter } from '../../core/pii/real-values.js';
import { Rng } from '../../core/random.js';
import { columnLabels } from '../../core/table/model.js';

const plan: FakePlan = { name: 'phone', kind: 'phone', type: 'text', missing: 0, mode: 'fresh', values: ['555-0123', '867-5309'] };
const realNumbers = Array.from({ length: 2000 }, (_, i) => `${200 + (i % 700)}-${String((i * 7919) % 10_000).padStart(4, '0')}`);

function fakes(seed: number): (string | null)[] {
  const real = new RealValueFilter(realNumbers.length);
  for (const v of realNumbers) real.add(v);
  return columnLabels(fakeColumn(plan, 5000, Rng.seeded(seed), undefined, real));
}

describe('fake phone numbers', () => {
  it('5 000 fakes of a 7-digit pattern are nearly all distinct, keep the shape, and none is real', () => {
    const values = fakes(7);
    expect(values.every((v) => v !== null && /^\d{3}-\d{4}$/.test(v))).toBe(true);
    // ~7.9 M numbers: about 1.6 pairs expected to meet by chance.
    expect(new Set(values).size).toBeGreaterThanOrEqual(4990);
    expect(values.filter((v) => realNumbers.includes(v!))).toEqual([]);
  });

  it('the same seed gives the same numbers', () => {
    expect(fakes(11)).toEqual(fakes(11));
    expect(fakeValue('phone', Rng.seeded(5), '(415) 555-1234')).toBe(fakeValue('phone', Rng.seeded(5), '(415) 555-1234'));
  });

  it('keeps the punctuation of a longer pattern, and a patternless fake reads as a North American number', () => {
    expect(fakeValue('phone', Rng.seeded(4), '(415) 555-1234')).toMatch(/^\(\d{3}\) [2-9]\d{2}-\d{4}$/);
    expect(fakeValue('phone', Rng.seeded(1))).toMatch(/^\+1 [2-9]\d{2}-[2-9]\d{2}-\d{4}$/);
  });
});
