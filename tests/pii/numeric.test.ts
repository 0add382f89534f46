import { describe, expect, it } from 'vitest';
import { detectColumnPii, nameWords } from '../../core/pii/detect.js';
import { luhn } from '../../core/pii/validators.js';
import { Rng } from '../../core/random.js';
import type { Column } from '../../core/table/model.js';

const integer = (name: string, values: number[]): Column => ({ type: 'integer', name, values: Float64Array.from(values) });
const text = (name: string, values: string[]): Column => ({ type: 'text', name, values });
const n = 200;

describe('a pattern alone is not PII: numbers need a name hint, text needs the shape', () => {
  it('does not call 10–13-digit integers phone numbers (the stress repro)', () => {
    expect(detectColumnPii(integer('delta', Array.from({ length: n }, (_, i) => -(i * 1234567890123 + 17))))).toBeUndefined();
    expect(detectColumnPii(integer('amount_cents', Array.from({ length: n }, (_, i) => 2000000000 + i * 7919123)))).toBeUndefined();
    expect(detectColumnPii(integer('neg64', Array.from({ length: n }, (_, i) => -9000000000000 + i * 31)))).toBeUndefined();
    expect(detectColumnPii(text('ref', Array.from({ length: n }, (_, i) => String(4000000000 + i * 977))))).toBeUndefined();
  });

  it('does call them phones when the column is named like one, or the values are written like one', () => {
    const numbers = Array.from({ length: n }, (_, i) => 4155550000 + i);
    expect(detectColumnPii(integer('phone', numbers))?.kind).toBe('phone');
    expect(detectColumnPii(integer('homeTel', numbers))?.kind).toBe('phone');
    expect(detectColumnPii(text('contact_no', numbers.map((v) => `+1 ${v}`)))?.kind).toBe('phone');
    expect(detectColumnPii(text('contact_no', numbers.map((v) => `(${String(v).slice(0, 3)}) ${String(v).slice(3, 6)}-${String(v).slice(6)}`)))?.kind).toBe('phone');
    // `tel` is a word, not any substring: a hotel code is not a telephone, nor headphone stock a phone.
    expect(detectColumnPii(integer('hotel_code', numbers))).toBeUndefined();
    expect(detectColumnPii(integer('headphones', numbers))).toBeUndefined();
    // Nor is a zipper's stock number a ZIP code.
    expect(detectColumnPii(text('zipper_sku', Array.from({ length: n }, (_, i) => String(10000 + i * 37))))).toBeUndefined();
    expect(detectColumnPii(text('home_zip', Array.from({ length: n }, (_, i) => String(10000 + i * 37))))?.kind).toBe('postal_code');
  });

  it('needs grouping or a hint for card numbers: bare Luhn-valid digits are often IMEIs or ids', () => {
    const rng = Rng.seeded(4);
    const cards: string[] = [];
    while (cards.length < 100) {
      const d = `4${Array.from({ length: 15 }, () => rng.int(0, 9)).join('')}`;
      if (luhn(d)) cards.push(d);
    }
    expect(detectColumnPii(text('device', cards))).toBeUndefined();
    expect(detectColumnPii(text('card_number', cards))?.kind).toBe('credit_card');
    expect(detectColumnPii(text('device', cards.map((c) => c.match(/\d{4}/g)!.join(' '))))?.kind).toBe('credit_card');
    // "company" contains "pan" but is not a PAN.
    expect(detectColumnPii(text('company', cards))).toBeUndefined();
  });

  it('needs dashes or a hint for SSNs: nine-digit integers are order numbers', () => {
    const nine = Array.from({ length: n }, (_, i) => 123456789 + i * 1013);
    expect(detectColumnPii(integer('order_id', nine))).toBeUndefined();
    expect(detectColumnPii(integer('ssn', nine))?.kind).toBe('ssn');
    const dashed = nine.map((v) => String(v).replace(/^(\d{3})(\d{2})(\d{4})$/, '$1-$2-$3'));
    expect(detectColumnPii(text('id_code', dashed))?.kind).toBe('ssn');
  });

  it('needs the hint for postal codes in number columns too', () => {
    const zips = Array.from({ length: n }, (_, i) => 10000 + i * 7);
    expect(detectColumnPii(integer('quantity', zips))).toBeUndefined();
    expect(detectColumnPii(integer('zip', zips))?.kind).toBe('postal_code');
  });

  it('splits names into words', () => {
    expect(nameWords('homePhone2')).toBe('_home_phone_2_');
    expect(nameWords('ZIP Code')).toBe('_zip_code_');
  });
});
