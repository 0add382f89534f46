/** The copy baseline's line when no synthetic row copies a real one (web/src/privacy-risk-text.ts). */
import { describe, expect, it } from 'vitest';
import { copiesBaselineText } from '../../web/src/privacy-risk-text.js';

describe('copies baseline text with no copies', () => {
  it('gives the baseline without explaining copies there are none of', () => {
    expect(copiesBaselineText({ count: 0, rate: 0, verdict: 'safe', threshold: '', baseline_share: 0, baseline_basis: 'real', p_value: 1 })).toBe(
      'Exact copies 0 (0.0 %) — real rows repeat each other 0.0 % of the time on these columns.',
    );
  });
});
