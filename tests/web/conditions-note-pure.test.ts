/** The note beside Conditions (web/src/views/conditions-field.ts): what it points to depends on whether the form offers a generator. */
import { describe, expect, it } from 'vitest';
import type { Generator } from '../../web/src/api.js';
import { conditionsNote } from '../../web/src/views/conditions-field.js';

const generator = (name: string, capabilities: Generator['capabilities']): Generator => ({ name, aliases: [], description: '', params: {}, capabilities });
const copula = generator('gaussian_copula', { conditional: true, numericConditions: true });
const ctgan = generator('ctgan', { conditional: true, numericConditions: false, approximateConditions: true });
const tvae = generator('tvae', { conditional: false, numericConditions: false });
const all = [copula, ctgan, tvae];

describe('conditionsNote', () => {
  it('beside a choice of generator, says which to choose', () => {
    expect(conditionsNote(tvae, all)).toBe('tvae cannot fix column values: choose gaussian_copula, ctgan for conditions.');
  });
  it('on a fitted model (the sample form, no generator to choose), says to generate again with one that can', () => {
    expect(conditionsNote(tvae, all, 'model')).toBe("This model's generator (tvae) cannot fix column values: generate again with gaussian_copula, ctgan for conditions.");
  });
  it('says nothing for a generator that conditions on any column exactly, wherever it is', () => {
    expect(conditionsNote(copula, all, 'model')).toBeUndefined();
  });
});
