/** Stat cards' and outlier bounds' numbers in one style (stat-format.ts), the "none below" note, and the Data row addresses outliers link to. */
import { describe, expect, it } from 'vitest';
import { labelNumbers, statText } from '../../web/src/stat-format.js';
import { noneBelowNote } from '../../web/src/views/explore.js';
import { dataRowHref, fileRoute } from '../../web/src/route-hash.js';
import { formatCount } from '../../web/src/dom.js';

describe('statText', () => {
  it('groups thousands as counts are, so a mean reads like the count beside it', () => {
    expect(statText(3932.7997)).toBe('3,933');
    expect(statText(18823)).toBe('18,823');
    expect(statText(12345.6)).toBe('12,346');
    expect(statText(1234567.891)).toBe('1,234,568'); // the integer part is never cut
    expect(statText(53940)).toBe(formatCount(53940));
  });
  it('keeps four significant digits of small values, and exponents for the very small or large', () => {
    expect(statText(-0.5614)).toBe('-0.5614');
    expect(statText(0.2)).toBe('0.2');
    expect(statText(57.4573)).toBe('57.46');
    expect(statText(0)).toBe('0');
    expect(statText(0.0000123456)).toBe('1.235e-5');
    expect(statText(2.5e21)).toBe('2.5e+21');
  });
  it('leaves a label column ungrouped, and other values as they are', () => {
    expect(statText(2019, true)).toBe('2019');
    expect(statText(2005.37, true)).toBe('2005');
    expect(statText(100234, true)).toBe('100234');
    expect(statText(null)).toBe('—');
    expect(statText(undefined)).toBe('—');
    expect(statText('float')).toBe('float');
  });
});

describe('labelNumbers', () => {
  const col = (name: string, type = 'integer', primary_key?: boolean) => ({ name, type: type as 'integer', primary_key });
  it('tells years, ids, keys and codes by type or by a whole word of the name', () => {
    for (const name of ['year', 'Year', 'model_year', 'YearBuilt', 'date_year', 'Yr_Sold', 'PassengerId', 'customer_id', 'ID', 'zip', 'postal_code']) expect(labelNumbers(col(name)), name).toBe(true);
    expect(labelNumbers(col('anything', 'id'))).toBe(true);
    expect(labelNumbers(col('n', 'integer', true))).toBe(true);
  });
  it('leaves quantities grouped, even with a label word inside a word', () => {
    for (const name of ['yearly_income', 'paid', 'price', 'valid_count', 'carat', 'years']) expect(labelNumbers(col(name)), name).toBe(false);
    expect(labelNumbers(undefined)).toBe(false);
  });
});

describe('noneBelowNote', () => {
  it('gives the bound as computed for each column shown as "none below"', () => {
    expect(noneBelowNote([{ column: 'price', lower: -5611.375, plain: false }])).toBe(
      'None below: the lower bound falls under 0 and this column has no negative values, so no value is a low outlier (bound as computed: price -5,611).',
    );
    expect(noneBelowNote([{ column: 'price', lower: -5611.375, plain: false }, { column: 'carat', lower: -0.56, plain: false }])).toContain('these columns have no negative values');
    expect(noneBelowNote([])).toBeUndefined();
  });
});

describe('fileRoute', () => {
  it('reads a dataset page, with or without a Data row', () => {
    expect(fileRoute('#/files/f_abc-1')).toEqual({ file: 'f_abc-1' });
    expect(fileRoute('#/files/f_abc-1/data?row=508')).toEqual({ file: 'f_abc-1', row: 508 });
    expect(fileRoute('#/files/f_abc-1/data')).toEqual({ file: 'f_abc-1' });
    expect(fileRoute(dataRowHref('f1', 12))).toEqual({ file: 'f1', row: 12 });
  });
  it('ignores a row 0, and is no dataset page for anything else', () => {
    expect(fileRoute('#/files/f1/data?row=0')).toEqual({ file: 'f1' });
    expect(fileRoute('#/')).toBeUndefined();
    expect(fileRoute('')).toBeUndefined();
    expect(fileRoute('#/files/f1/other')).toBeUndefined();
  });
});
