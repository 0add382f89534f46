import { describe, expect, it } from 'vitest';
import { detectColumnPii } from '../../core/pii/detect.js';
import { isCreditCard, isIban, isIpv4, isIpv6, isPhone, isSsn, luhn } from '../../core/pii/validators.js';
import { fakeValue } from '../../core/pii/fake.js';
import { Rng } from '../../core/random.js';
import type { Column } from '../../core/table/model.js';

const text = (name: string, values: string[]): Column => ({ type: 'text', name, values });
const categorical = (name: string, labels: string[], n: number): Column => ({
  type: 'categorical',
  name,
  categories: labels,
  codes: Int32Array.from({ length: n }, (_, i) => i % labels.length),
});

describe('validators', () => {
  it('checks checksums, not only shapes', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(isCreditCard('4111 1111 1111 1111')).toBe(true);
    expect(isCreditCard('4111 1111 1111 1112')).toBe(false);
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true); // the ISO 13616 example
    expect(isIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isSsn('123-45-6789')).toBe(true);
    expect(isSsn('666-45-6789')).toBe(false);
    expect(isSsn('900-45-6789')).toBe(false);
    expect(isIpv4('192.168.1.20')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv6('2001:db8::8a2e:370:7334')).toBe(true);
    expect(isIpv6('2001:db8::8a2e::7334')).toBe(false);
    expect(isPhone('+44 20 7946 0958')).toBe(true);
    expect(isPhone('12345')).toBe(false);
  });
});

describe('column detection', () => {
  it('finds emails, phones and cards with evidence', () => {
    const emails = text('contact', Array.from({ length: 50 }, (_, i) => `user${i}@mail.example.org`));
    expect(detectColumnPii(emails)).toMatchObject({ kind: 'email', evidence: { matched_share: 1 } });
    expect(detectColumnPii(emails)!.evidence.examples[0]).not.toContain('user0');
    const phones = text('mobile', Array.from({ length: 40 }, (_, i) => `+1 (415) 555-${String(1000 + i)}`));
    expect(detectColumnPii(phones)?.kind).toBe('phone');
  });

  it('finds person names only when they are many', () => {
    const names = ['James Smith', 'Mary Johnson', 'Robert Brown', 'Linda Davis', 'Michael Miller', 'Sarah Wilson', 'David Moore', 'Laura Taylor', 'John Clark', 'Emma Lewis', 'Paul Walker', 'Anna King'];
    expect(detectColumnPii(text('customer', names))?.kind).toBe('person_name');
    // The same name-like labels repeated over many rows are categories (tiers, species), not people.
    expect(detectColumnPii(categorical('tier', ['James', 'Mary', 'Robert', 'Linda', 'Grace'], 5000))).toBeUndefined();
    expect(detectColumnPii(categorical('species', ['Adelie', 'Gentoo', 'Chinstrap'], 344))).toBeUndefined();
  });

  it('reads register spellings as names: surname first, titles, particles, a bracketed name cut short', () => {
    // Passenger-list style, as in the Titanic table: most given names here are in no name list.
    const register = [
      'Allen, Miss. Elisabeth Walton', 'Artagaveytia, Mr. Ramon', 'Aubart, Mme. Leontine Pauline', 'Bidois, Miss. Rosalie',
      'Birnbaum, Mr. Jakob', 'Astor, Mrs. John Jacob (Madelei', 'Oliva y Ocana, Dona. Fermina', 'del Carlo, Mr. Sebastiano',
      'Behr, Mr. Karl Howell', 'Beattie, Mr. Thomson', 'Baxter, Mr. Quigg Edmond', 'Bazzani, Miss. Albina',
    ];
    expect(detectColumnPii(text('name', register))).toMatchObject({ kind: 'person_name', evidence: { matched_share: 1 } });
    // Titles alone, repeated (a salutation column), are a category.
    expect(detectColumnPii(categorical('title', ['Mr', 'Mrs', 'Miss', 'Master', 'Dr'], 1000))).toBeUndefined();
  });

  it('does not flag random digit strings as cards, nor plain numbers as phones', () => {
    const rng = Rng.seeded(1);
    const digits = Array.from({ length: 100 }, () => Array.from({ length: 16 }, () => rng.int(0, 9)).join(''));
    const notCards = digits.filter((d) => !luhn(d));
    expect(detectColumnPii(text('ref', notCards))).toBeUndefined();
  });

  it('reads digit groups in a column named as an identifier as codes, not phones', () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `01-${701 + (i % 5)}-${1015 + i * 17}`);
    expect(detectColumnPii(text('USUBJID', subjects))).toBeUndefined();
    expect(detectColumnPii(text('patient_id', subjects))).toBeUndefined();
    expect(detectColumnPii(text('contact', subjects))?.kind).toBe('phone');
    // A name that says phone still does; and an email used as an id is still an email.
    expect(detectColumnPii(text('phone_id', subjects))?.kind).toBe('phone');
    expect(detectColumnPii(text('user_id', Array.from({ length: 40 }, (_, i) => `user${i}@example.com`)))?.kind).toBe('email');
  });

  it('needs a name hint for postal codes', () => {
    const zips = Array.from({ length: 30 }, (_, i) => String(10000 + i * 7));
    expect(detectColumnPii(text('zip', zips))?.kind).toBe('postal_code');
    expect(detectColumnPii(text('amount', zips))).toBeUndefined();
  });
});

describe('fakes', () => {
  it('are seeded and cannot be real: reserved ranges and test numbers', () => {
    const a = fakeValue('email', Rng.seeded(3));
    expect(fakeValue('email', Rng.seeded(3))).toBe(a);
    expect(a).toMatch(/@example\.com$/);
    expect(isCreditCard(fakeValue('credit_card', Rng.seeded(1)))).toBe(true);
    expect(isSsn(fakeValue('ssn', Rng.seeded(1)))).toBe(false);
    expect(fakeValue('phone', Rng.seeded(1))).toMatch(/^\+1 [2-9]\d{2}-[2-9]\d{2}-\d{4}$/);
  });
});
