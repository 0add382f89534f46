/**
 * No fake equals a value of the real column it replaces (a chance meeting reads as a leaked value in
 * the privacy check), and a seed still gives the same fakes.
 */
import { describe, expect, it } from 'vitest';
import { fakeColumn, fakeTextColumn, planFakes, type FakePlan } from '../../core/pii/fake.js';
import { RealValueFilter } from '../../core/pii/real-values.js';
import { Rng } from '../../core/random.js';
import { columnLabels, type Column } from '../../core/table/model.js';

const DAY = 86_400_000;
const labels = (c: Column) => columnLabels(c);
const noneReal = (c: Column, real: ReadonlySet<string>) => labels(c).filter((v) => v !== null && real.has(v));

describe('fakes avoid the real values', () => {
  it('dates of birth: 40 days, 30 of them real — every fake is one of the other 10, the same ones each time for a seed', () => {
    const lo = Date.UTC(1980, 0, 1);
    const plan: FakePlan = { name: 'dob', kind: 'date_of_birth', type: 'datetime', format: 'YYYY-MM-DD', missing: 0, mode: 'fresh', values: [], range: [lo, lo + 40 * DAY] };
    const real = new Set(Array.from({ length: 30 }, (_, i) => String(lo + i * DAY)));
    const without = fakeColumn(plan, 500, Rng.seeded(4));
    expect(noneReal(without, real).length).toBeGreaterThan(300);
    const a = fakeColumn(plan, 500, Rng.seeded(4), undefined, real);
    expect(noneReal(a, real)).toEqual([]);
    expect(labels(a).every((v) => v !== null)).toBe(true);
    expect(labels(fakeColumn(plan, 500, Rng.seeded(4), undefined, real))).toEqual(labels(a));
  });

  it('every day of the range real: fakes walk past its end rather than repeat one', () => {
    const lo = Date.UTC(1990, 5, 1);
    const plan: FakePlan = { name: 'dob', kind: 'date_of_birth', type: 'datetime', missing: 0, mode: 'fresh', values: [], range: [lo, lo + 3 * DAY] };
    const real = new Set([0, 1, 2, 3].map((i) => String(lo + i * DAY)));
    const c = fakeColumn(plan, 50, Rng.seeded(1), undefined, real);
    expect(noneReal(c, real)).toEqual([]);
    expect(labels(c).every((v) => v !== null && Number(v) > lo + 3 * DAY)).toBe(true);
  });

  it('phones of 7 digits with 555-0100…0199 all real: fakes are none of them and keep the shape (phone-space.test.ts: the number space)', () => {
    const real = new Set(Array.from({ length: 100 }, (_, i) => `555-01${String(i).padStart(2, '0')}`));
    const plan: FakePlan = { name: 'phone', kind: 'phone', type: 'text', missing: 0, mode: 'fresh', values: ['555-0123'] };
    const c = fakeColumn(plan, 300, Rng.seeded(2), undefined, real);
    expect(noneReal(c, real)).toEqual([]);
    expect(labels(c).every((v) => v !== null && /^\d{3}-\d{4}$/.test(v))).toBe(true);
  });

  it('a pool stored holding a real ZIP (made before fakes avoided them) has it swapped at sampling', () => {
    const plan: FakePlan = { name: 'zip', kind: 'postal_code', type: 'categorical', missing: 0, mode: 'pool', values: ['10001', '55555'], weights: [1, 1] };
    const c = fakeColumn(plan, 200, Rng.seeded(3), undefined, new Set(['10001']));
    expect(c.type === 'categorical' && c.categories).toEqual([expect.stringMatching(/^\d{5}$/), '55555']);
    expect(labels(c)).not.toContain('10001');
    expect(labels(c)).toContain('55555');
  });

  it('pool plans made at fitting hold no real value, even in a 2-digit shape where half the values are real', () => {
    const reals = Array.from({ length: 50 }, (_, i) => String(10 + i));
    const column: Column = { type: 'categorical', name: 'code', categories: reals, codes: Int32Array.from({ length: 500 }, (_, i) => i % 50) };
    for (const seed of [1, 2, 3]) {
      const plan = planFakes(column, 'postal_code', Rng.seeded(seed));
      expect(plan.mode).toBe('pool');
      expect(plan.values.filter((v) => reals.includes(v))).toEqual([]);
    }
  });

  it('integer columns compare as numbers; without collisions the fakes are those drawn without the real values', () => {
    const plan: FakePlan = { name: 'ssn', kind: 'ssn', type: 'integer', missing: 0.1, mode: 'fresh', values: ['912345678'] };
    const plain = fakeColumn(plan, 300, Rng.seeded(5));
    const real = new Set(labels(plain).filter((v): v is string => v !== null).slice(0, 100));
    expect(labels(fakeColumn(plan, 300, Rng.seeded(5), undefined, new Set()))).toEqual(labels(plain));
    const avoided = fakeColumn(plan, 300, Rng.seeded(5), undefined, real);
    expect(noneReal(avoided, real)).toEqual([]);
    expect(labels(fakeColumn(plan, 300, Rng.seeded(5), undefined, real))).toEqual(labels(avoided));
  });

  it('plans stored before plans had a type: their text fakes avoid real values too', () => {
    const first = fakeTextColumn('ip', 'ip_address', 100, Rng.seeded(6));
    const real = new Set(labels(first).filter((v): v is string => v !== null).slice(0, 200));
    expect(noneReal(fakeTextColumn('ip', 'ip_address', 100, Rng.seeded(6), real), real)).toEqual([]);
  });
});

describe('the real values as a Bloom filter', () => {
  it('holds every value added, and few others', () => {
    const f = new RealValueFilter(10_000);
    for (let i = 0; i < 10_000; i++) f.add(`person${i}@example.org`);
    for (let i = 0; i < 10_000; i++) expect(f.has(`person${i}@example.org`)).toBe(true);
    let wrong = 0;
    for (let i = 0; i < 10_000; i++) if (f.has(`other${i}@example.org`)) wrong++;
    expect(wrong).toBeLessThan(100);
  });
});
