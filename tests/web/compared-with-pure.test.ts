/** The sentence the page shows for `compared_with` (web/src/compared-with.ts): the stored summary's and the validation routes' alike. */
import { describe, expect, it } from 'vitest';
import { comparedWithText } from '../../web/src/compared-with.js';

describe('comparedWithText', () => {
  it('names the matching rows, or the whole file and why, and nothing without conditions', () => {
    expect(comparedWithText({ rows: 152, conditions: { species: 'Adelie' } }, [])).toBe(
      'Compared with the 152 source rows where species = Adelie: the rows the conditions ask for, not the whole source.',
    );
    expect(comparedWithText({ rows: 86, whole_source: { reason: 'only 17 holdout rows meet the conditions, too few to compare with', conditions: { species: 'Chinstrap', sex: null } } }, [], 'holdout')).toBe(
      'Compared with the whole holdout (86 rows), not only the rows where species = Chinstrap and sex = (missing): only 17 holdout rows meet the conditions, too few to compare with.',
    );
    expect(comparedWithText({ rows: 344 }, [])).toBeUndefined();
    expect(comparedWithText(undefined, [])).toBeUndefined();
  });

  it('writes a date condition as the column writes dates', () => {
    expect(comparedWithText({ rows: 30, conditions: { day: Date.UTC(2024, 2, 5) } }, [{ name: 'day', type: 'datetime', format: 'DD/MM/YYYY' }])).toContain('where day = 05/03/2024');
  });
});
