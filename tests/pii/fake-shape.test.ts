import { describe, expect, it } from 'vitest';
import { fakeColumn, fakeValue, FakePlan, planFakes, sexColumnOf, shapeOf } from '../../core/pii/fake.js';
import { FEMALE_NAMES, MALE_NAMES } from '../../core/pii/names.js';
import { leftOutProblem } from '../../core/generation/left-out.js';
import { isIban } from '../../core/pii/validators.js';
import { Rng } from '../../core/random.js';
import { columnLabels, type Column, type Table } from '../../core/table/model.js';

const categorical = (name: string, labels: string[], n: number): Column => ({
  type: 'categorical',
  name,
  categories: labels,
  codes: Int32Array.from({ length: n }, (_, i) => i % labels.length),
});

describe('fakes keep the shape of the values they replace', () => {
  it('postal codes: 5 digits stay 5 digits, UK and Canadian patterns stay theirs', () => {
    const rng = Rng.seeded(1);
    expect(fakeValue('postal_code', rng)).toMatch(/^\d{5}$/);
    expect(fakeValue('postal_code', rng, '02134')).toMatch(/^\d{5}$/);
    expect(fakeValue('postal_code', rng, '02134-1234')).toMatch(/^\d{5}-\d{4}$/);
    expect(fakeValue('postal_code', rng, 'SW1A 1AA')).toMatch(/^[A-Z]{2}\d[A-Z] \d[A-Z]{2}$/);
    expect(fakeValue('postal_code', rng, 'K1A 0B1')).toMatch(/^[A-Z]\d[A-Z] \d[A-Z]\d$/);
  });

  it('IBANs keep country, length and spacing, with check digits no account has', () => {
    const real = 'GB82 WEST 1234 5698 7654 32';
    const f = fakeValue('iban', Rng.seeded(2), real);
    expect(shapeOf(f)).toBe(shapeOf(real));
    expect(f.startsWith('GB00')).toBe(true);
    expect(isIban(f)).toBe(false);
  });

  it('dates of birth are dates written the same way', () => {
    const rng = Rng.seeded(3);
    for (let i = 0; i < 50; i++) {
      const iso = fakeValue('date_of_birth', rng, '1985-03-12');
      expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(iso))).toBe(false);
      const [d, m] = fakeValue('date_of_birth', rng, '25/12/1990').split('/').map(Number);
      expect(d! >= 1 && d! <= 28 && m! >= 1 && m! <= 12).toBe(true);
    }
  });

  it('phones, cards and SSNs keep their punctuation and stay in reserved ranges', () => {
    const rng = Rng.seeded(4);
    expect(fakeValue('phone', rng, '(415) 555-1234')).toMatch(/^\(\d{3}\) [2-9]\d{2}-\d{4}$/);
    expect(fakeValue('credit_card', rng, '4111-1111-1111-1111')).toMatch(/^4000-00\d{2}-\d{4}-\d{4}$/);
    expect(fakeValue('ssn', rng, '123456789')).toMatch(/^9\d{8}$/);
  });
});

describe('fake columns keep type and cardinality', () => {
  const zips = ['02134', '10001', '94105', '60601', '73301'];
  const real = categorical('zip', zips, 300);

  it('a 5-value categorical ZIP column becomes a categorical of 5 fake ZIPs, not 300 strings', () => {
    const plan = planFakes(real, 'postal_code', Rng.seeded(5));
    const col = fakeColumn(FakePlan.parse(JSON.parse(JSON.stringify(plan))), 300, Rng.seeded(6));
    expect(col.type).toBe('categorical');
    const labels = columnLabels(col);
    expect(labels).toHaveLength(300);
    const distinct = new Set(labels);
    expect(distinct.size).toBeLessThanOrEqual(5);
    expect(distinct.size).toBeGreaterThanOrEqual(4);
    for (const v of distinct) {
      expect(v).toMatch(/^\d{5}$/);
      expect(zips).not.toContain(v);
    }
  });

  it('keeps no real value in the plan, and is deterministic per seed', () => {
    const emails: Column = { type: 'text', name: 'email', values: Array.from({ length: 100 }, (_, i) => `person${i}@corp.example.org`) };
    const plan = planFakes(emails, 'email', Rng.seeded(7));
    expect(plan.mode).toBe('fresh');
    expect(JSON.stringify(plan)).not.toContain('corp.example.org');
    const a = columnLabels(fakeColumn(plan, 100, Rng.seeded(8)));
    expect(columnLabels(fakeColumn(plan, 100, Rng.seeded(8)))).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(90);
    expect(columnLabels(fakeColumn(planFakes(real, 'postal_code', Rng.seeded(5)), 50, Rng.seeded(6)))).toEqual(
      columnLabels(fakeColumn(planFakes(real, 'postal_code', Rng.seeded(5)), 50, Rng.seeded(6))),
    );
  });

  it('a number column stays numbers of the same size', () => {
    const phones: Column = { type: 'integer', name: 'phone', values: Float64Array.from({ length: 80 }, (_, i) => 4155550000 + i * 13) };
    const col = fakeColumn(planFakes(phones, 'phone', Rng.seeded(9)), 80, Rng.seeded(10));
    expect(col.type).toBe('integer');
    if (col.type !== 'integer') return;
    for (const v of col.values) {
      expect(Number.isInteger(v)).toBe(true);
      expect(String(v)).toHaveLength(10);
      expect(phones.type === 'integer' && phones.values.includes(v)).toBe(false);
    }
  });

  it('a birth-date column stays dates inside the real range, with missing values kept', () => {
    const day = 86_400_000;
    const values = Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? NaN : Date.UTC(1960, 0, 1) + i * 97 * day));
    const col = fakeColumn(planFakes({ type: 'datetime', name: 'dob', values, format: 'YYYY-MM-DD' }, 'date_of_birth', Rng.seeded(11)), 1000, Rng.seeded(12));
    expect(col).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DD' });
    if (col.type !== 'datetime') return;
    const present = [...col.values].filter((v) => !Number.isNaN(v));
    expect(present.length).toBeGreaterThan(850);
    expect(present.length).toBeLessThan(950);
    for (const v of present) expect(v >= Date.UTC(1960, 0, 1) - day && v <= values[99]!).toBe(true);
  });
});

describe('conditions on PII columns', () => {
  it('say the column is faked, not unknown', () => {
    expect(leftOutProblem({ name: 'zip', pii: { kind: 'postal_code', action: 'fake' } })).toMatch(/zip is replaced by fakes as PII/);
    expect(leftOutProblem({ name: 'zip', pii: { kind: 'postal_code', action: 'drop' } })).toMatch(/left out/);
    expect(leftOutProblem({ name: 'zip', pii: { kind: 'postal_code', action: 'keep' } })).toBeUndefined();
    expect(leftOutProblem({ name: 'age' })).toBeUndefined();
  });
});

describe('person names beside a sex column', () => {
  const people: Table = {
    rowCount: 6,
    columns: [
      { type: 'text', name: 'name', values: ['Allen, Miss. Elisabeth', 'Smith, Mr. John', 'Brown, Mrs. Mary', 'Jones, Mr. Peter', 'Lee, Miss. Anna', 'King, Mr. Tom'] },
      { type: 'categorical', name: 'sex', categories: ['female', 'male'], codes: Int32Array.of(0, 1, 0, 1, 0, 1) },
    ],
  };

  it('finds the column of sexes, by labels that are all male or female words', () => {
    expect(sexColumnOf(people)).toEqual({ column: 'sex', male: ['male'], female: ['female'] });
    const coded: Table = { rowCount: 2, columns: [{ type: 'categorical', name: 'gender', categories: ['M', 'F'], codes: Int32Array.of(0, 1) }] };
    expect(sexColumnOf(coded)).toEqual({ column: 'gender', male: ['M'], female: ['F'] });
    // One sex only, or any other label, is no such column.
    expect(sexColumnOf({ rowCount: 1, columns: [{ type: 'categorical', name: 'sex', categories: ['male'], codes: Int32Array.of(0) }] })).toBeUndefined();
    expect(sexColumnOf({ rowCount: 2, columns: [{ type: 'categorical', name: 'x', categories: ['male', 'other'], codes: Int32Array.of(0, 1) }] })).toBeUndefined();
  });

  it('gives each row a given name of its sex', () => {
    const plan = { ...planFakes(people.columns[0]!, 'person_name', Rng.seeded(1)), sex: sexColumnOf(people)! };
    const sexes = Array.from({ length: 400 }, (_, i) => (i % 3 ? 'male' : 'female'));
    const names = columnLabels(fakeColumn(FakePlan.parse(plan), 400, Rng.seeded(2), (row) => sexes[row]!));
    names.forEach((name, row) => {
      const given = name!.split(' ')[0]!.toLowerCase();
      expect(sexes[row] === 'male' ? MALE_NAMES : FEMALE_NAMES).toContain(given);
    });
  });
});
