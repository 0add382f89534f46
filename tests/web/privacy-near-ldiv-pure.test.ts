/**
 * Words for near-copies (core/validation/near-real-text.ts, shown in the privacy table) and for a
 * sensitive column with no l-diversity (missing in every real row): no "l-diversity 1", the worst case.
 */
import { describe, expect, it } from 'vitest';
import { attributeDisclosureText } from '../../web/src/privacy-risk-text.js';
import { NEAR_COPIES_HELP, nearCopiesValue } from '../../core/validation/near-real-text.js';

describe('privacy words', () => {
  it('a column missing in every real row reads as its note, with no l-diversity figure', () => {
    const note = 's is missing in every real row: there is no value to disclose (no CAP, no l-diversity).';
    expect(attributeDisclosureText({ sensitive: 's', cap: null, l_diversity: null, note, verdict: 'safe', threshold: '' }, ['q'])).toBe(`${note} Safe.`);
  });

  it('near-copies: the share, how many rows, and real rows’ own share; what is good', () => {
    expect(nearCopiesValue({ rows: 40, share: 0.02, baseline_share: 0.01 })).toBe('2.0 % (40 rows; real rows among themselves: 1.0 %)');
    expect(nearCopiesValue({ rows: 1, share: 0.001, baseline_share: 0.01 })).toBe('0.1 % (1 row; real rows among themselves: 1.0 %)');
    expect(NEAR_COPIES_HELP).toMatch(/Good: about what real rows show among themselves \(about 1 %\); up to 5 % is safe\.$/);
  });
});
