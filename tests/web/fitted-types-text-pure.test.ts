/** The columns a stored model learned with another type than its source reads them now, in words (web/src/fitted-types-text.ts). */
import { describe, expect, it } from 'vitest';
import { fittedTypesTexts } from '../../web/src/fitted-types-text.js';

describe('a model’s fitted types against its source’s', () => {
  it('names each column read otherwise now, with both types, in the fitted order', () => {
    const fitted = [
      { name: 'age', type: 'integer' as const },
      { name: 'island', type: 'categorical' as const },
      { name: 'seen', type: 'datetime' as const },
    ];
    const now = [
      { name: 'seen', type: 'text' as const },
      { name: 'island', type: 'categorical' as const },
      { name: 'age', type: 'text' as const },
    ];
    expect(fittedTypesTexts(fitted, now)).toEqual(['Learned age as integer; the source file now reads it as text.', 'Learned seen as datetime; the source file now reads it as text.']);
  });

  it('says nothing for a record without fitted_columns, or a column the source no longer has', () => {
    expect(fittedTypesTexts(undefined, [{ name: 'age', type: 'text' }])).toEqual([]);
    expect(fittedTypesTexts([{ name: 'age', type: 'integer' }], [])).toEqual([]);
  });
});
