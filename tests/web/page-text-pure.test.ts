/**
 * Words and numbers the file page shows: data cells cut to a readable length, the rule for a column
 * with no distribution to draw (one for a source and its generated files), the privacy section's
 * columns left out of copies and distances.
 */
import { describe, expect, it } from 'vitest';
import { cellText } from '../../web/src/dom.js';
import { freeText } from '../../web/src/views/explore.js';
import { leftOutText } from '../../web/src/validation-text.js';

describe('cellText', () => {
  it('cuts a float with many decimals to 6 significant digits, never cutting its integer part', () => {
    expect(cellText(0.30000000000000004)).toBe('0.3');
    expect(cellText(-1.2345678901234567)).toBe('-1.23457');
    expect(cellText(1234567.891)).toBe('1234568');
    expect(cellText(0.000012345678)).toBe('0.0000123457');
    expect(cellText(1.23456789e-7)).toBe('1.23457e-7');
  });

  it('keeps whole numbers, text and missing values as they are, and a column’s own decimals', () => {
    expect(cellText(42)).toBe('42');
    expect(cellText('Adelie')).toBe('Adelie');
    expect(cellText(null)).toBe('');
    expect(cellText(3.14159265, 2)).toBe('3.14');
    expect(cellText(2.5, 3)).toBe('2.5');
  });
});

describe('freeText', () => {
  const name = { type: 'text' as const, pii: { kind: 'person_name', confidence: 0.99, action: 'fake' as const } };
  it('is true of a column whose every value differs, and of a PII text column whose fakes repeat by chance', () => {
    expect(freeText(name, 1309, 1309)).toBe(true);
    expect(freeText(name, 2000, 1751)).toBe(true);
    expect(freeText({ type: 'categorical' }, 5, 5)).toBe(true);
  });
  it('is false of text that repeats and is not PII (a ticket shared by a family), and of one value', () => {
    expect(freeText({ type: 'text' }, 1309, 929)).toBe(false);
    expect(freeText({ type: 'categorical', pii: name.pii }, 2000, 3)).toBe(false);
    expect(freeText(undefined, 1, 1)).toBe(false);
  });
});

describe('leftOutText', () => {
  it('names each column left out with why, in one line', () => {
    expect(leftOutText([{ column: 'name', reason: 'replaced by fakes as PII' }])).toBe('Left out of copies and distances: name (replaced by fakes as PII)');
    expect(leftOutText([{ column: 'name', reason: 'replaced by fakes as PII' }, { column: 'id', reason: 'the primary key: each synthetic row gets a new one' }])).toBe(
      'Left out of copies and distances: name (replaced by fakes as PII), id (the primary key: each synthetic row gets a new one)',
    );
  });
  it('says nothing when none is left out, or the reply has no list', () => {
    expect(leftOutText([])).toBeUndefined();
    expect(leftOutText(undefined)).toBeUndefined();
  });
});
