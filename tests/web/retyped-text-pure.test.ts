/** A generated file typed otherwise than its source, in words (web/src/retyped-text.ts). */
import { describe, expect, it } from 'vitest';
import { typedOtherwise, unreadableTexts } from '../../web/src/retyped-text.js';

describe('values of a retyped column that did not read as the source’s type', () => {
  it('are counted in a sentence per column, naming the type as values of it', () => {
    expect(
      unreadableTexts([
        { column: 'visited', real_type: 'datetime', synthetic_type: 'categorical', unreadable: 3 },
        { column: 'age', real_type: 'integer', synthetic_type: 'text', unreadable: 1 },
        { column: 'paid', real_type: 'boolean', synthetic_type: 'categorical', unreadable: 1200 },
      ]),
    ).toEqual([
      '3 values of visited in this file could not be read as dates, the source’s type for it, and are scored as missing.',
      '1 value of age in this file could not be read as whole numbers, the source’s type for it, and is scored as missing.',
      `${new Intl.NumberFormat().format(1200)} values of paid in this file could not be read as yes/no values, the source’s type for it, and are scored as missing.`,
    ]);
  });

  it('are not mentioned when every value read (no count), nor when no column was retyped', () => {
    expect(unreadableTexts([{ column: 'year', real_type: 'integer', synthetic_type: 'categorical' }])).toEqual([]);
    expect(unreadableTexts([{ column: 'year', real_type: 'integer', synthetic_type: 'categorical', unreadable: 0 }])).toEqual([]);
    expect(unreadableTexts(undefined)).toEqual([]);
  });
});

describe('typedOtherwise', () => {
  const source = [
    { name: 'year', type: 'integer' },
    { name: 'mass', type: 'float' },
    { name: 'island', type: 'categorical' },
  ] as const;
  it('tells a column both files have, typed otherwise, from whole and decimal numbers (one kind to every score)', () => {
    expect(typedOtherwise(source, [{ name: 'year', type: 'float' }, { name: 'mass', type: 'integer' }, { name: 'island', type: 'categorical' }])).toBe(false);
    expect(typedOtherwise(source, [{ name: 'year', type: 'categorical' }])).toBe(true);
    // A column only one file has is not compared.
    expect(typedOtherwise(source, [{ name: 'extra', type: 'text' }])).toBe(false);
  });
});
