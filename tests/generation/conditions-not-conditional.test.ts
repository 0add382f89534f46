/** A generator that cannot sample conditionally is refused in one true sentence, whatever the columns conditioned on. */
import { describe, expect, it } from 'vitest';
import { validateConditions, type ConditionSupport } from '../../core/generation/conditions.js';
import { ProblemError } from '../../core/errors.js';
import type { ColumnInfo } from '../../core/files/model.js';

const columns = [
  { name: 'n', type: 'float', missing: 0 },
  { name: 'kind', type: 'categorical', missing: 0, categories: ['a', 'b'] },
] as unknown as ColumnInfo[];

const refusal = (generator: string) => {
  const support: ConditionSupport = { generator, capabilities: { conditional: false, numericConditions: false }, enforcesBounds: true };
  try {
    validateConditions({ n: 1, kind: 'a' }, columns, support);
  } catch (e) {
    return e as ProblemError;
  }
  throw new Error('not refused');
};

describe('conditions on a generator that does not sample conditionally', () => {
  for (const generator of ['privbayes', 'tvae']) {
    it(`says only that (${generator})`, () => {
      const e = refusal(generator);
      expect(e.message).toBe(`Invalid conditions: the ${generator} generator does not sample conditionally, on any column; drop the conditions or use a generator that does (capabilities.conditional in GET /synth/models).`);
      expect(e.message).not.toMatch(/conditions on categorical/);
    });
  }
});
