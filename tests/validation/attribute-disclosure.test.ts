/**
 * CAP on what a sensitive column discloses (fuzz review): a numeric column is compared by the real
 * deciles, so a near-copy (salary + 1) is a correct guess; a missing value is no disclosed value.
 */
import { describe, expect, it } from 'vitest';
import { categoricalCap, lDiversity } from '../../core/validation/disclosure.js';
import { privacyReport } from '../../core/validation/privacy.js';
import type { Table } from '../../core/table/model.js';

const n = 200;
const people = (salary: (i: number) => number, name = (i: number) => `p${i}`): Table => ({
  rowCount: n,
  columns: [
    { type: 'integer', name: 'age', values: Float64Array.from({ length: n }, (_, i) => 20 + (i % 40)) },
    { type: 'text', name: 'name', values: Array.from({ length: n }, (_, i) => name(i)) },
    { type: 'float', name: 'salary', values: Float64Array.from({ length: n }, (_, i) => salary(i)) },
    { type: 'categorical', name: 'plan', codes: Int32Array.from({ length: n }, (_, i) => (i % 3 ? 0 : -1)), categories: ['a'] },
  ],
});
const real = people((i) => 30_000 + 137 * i);
const disclosure = (synthetic: Table) => privacyReport(real, synthetic, undefined, 0, { quasiIdentifiers: ['age', 'name'], sensitive: ['salary'] }).attribute_disclosure![0]!;

describe('CAP on a numeric sensitive column', () => {
  it('a near-copy (salary + 1 on every row) is a risk, compared by the real deciles', () => {
    const a = disclosure(people((i) => 30_000 + 137 * i + 1));
    // Exact matching had given CAP 0, "safe".
    expect(a.cap).toBeGreaterThan(0.9);
    expect(a.verdict).toBe('risk');
    expect(a.binned).toMatchObject({ bins: 10 });
    expect(a.binned!.note).toContain('deciles');
  });

  it('values spread across the range guess the right tenth about once in ten: safe', () => {
    const a = disclosure(people((i) => 30_000 + 137 * ((i * 7919) % n)));
    expect(a.cap).toBeLessThan(0.3);
    expect(a.verdict).toBe('safe');
  });

  it('a column of few distinct numbers is compared exactly, with no binned note', () => {
    const few = people((i) => i % 3);
    const r = privacyReport(few, few, undefined, 0, { quasiIdentifiers: ['age'], sensitive: ['salary'] }).attribute_disclosure![0]!;
    expect(r.binned).toBeUndefined();
    expect(categoricalCap(few, few, ['age', 'name'], 'salary')).toBe(1);
  });

  it('l-diversity counts deciles too: salaries a few units apart in one group are one value', () => {
    // 40 groups of 5 consecutive rows: each group's salaries differ by units, within one tenth of the range.
    const t: Table = {
      rowCount: n,
      columns: [
        { type: 'integer', name: 'zip', values: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 5)) },
        { type: 'float', name: 'salary', values: Float64Array.from({ length: n }, (_, i) => 30_000 + 137 * i) },
      ],
    };
    expect(lDiversity(t, ['zip'], 'salary')).toBe(1);
  });

  it('quasi-identifiers match exactly, as SDMetrics key fields: age + 1 matches no real row', () => {
    const shifted: Table = { ...real, columns: real.columns.map((c) => (c.name === 'age' && c.type === 'integer' ? { ...c, values: c.values.map((v) => v + 1) } : c)) };
    expect(categoricalCap(real, shifted, ['age', 'name'], 'salary')).toBeNull();
  });
});

describe('CAP skips missing sensitive values', () => {
  it('a sensitive column missing in every row has no CAP and a note, not cap 1 "risk"', () => {
    const empty = people(() => NaN);
    const a = privacyReport(empty, empty, undefined, 0, { quasiIdentifiers: ['age', 'name'], sensitive: ['salary'] }).attribute_disclosure![0]!;
    expect(a.cap).toBeNull();
    expect(a.verdict).toBe('safe');
    expect(a.note).toContain('missing in every real row');
  });

  it('rows with the value missing are skipped on both sides: only real values count as guessed', () => {
    // plan is missing on every third row and 'a' elsewhere: the rows with a value are all guessed right.
    expect(categoricalCap(real, real, ['age', 'name'], 'plan')).toBe(1);
    // A synthetic file that leaves every plan missing offers no guess at all.
    const blank: Table = { ...real, columns: real.columns.map((c) => (c.name === 'plan' && c.type === 'categorical' ? { ...c, codes: new Int32Array(n).fill(-1) } : c)) };
    expect(categoricalCap(real, blank, ['age', 'name'], 'plan')).toBeNull();
    const a = privacyReport(real, blank, undefined, 0, { quasiIdentifiers: ['age', 'name'], sensitive: ['plan'] }).attribute_disclosure![0]!;
    expect(a.note).toContain('nothing to guess from');
  });
});
