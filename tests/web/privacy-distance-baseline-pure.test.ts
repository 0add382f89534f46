/** The page's words for DCR and NNDR judged against real rows' own figures, and for a holdout overlapping the training rows. */
import { describe, expect, it } from 'vitest';
import { distanceBaselineText } from '../../web/src/privacy-risk-text.js';
import { holdoutOverlapText } from '../../web/src/validation-text.js';

const reply = (score: number, real_score: number | undefined, median: number, real_median: number | undefined, basis: 'real' | 'holdout' = 'real') => ({
  dcr_baseline_protection: { score, verdict: 'safe' as const, threshold: '', baseline_basis: basis, ...(basis === 'real' ? { real_score } : { holdout_score: real_score }) },
  nndr: { median, p5: 0, verdict: 'safe' as const, threshold: '', baseline_basis: basis, ...(basis === 'real' ? { real_median } : { holdout_median: real_median }) },
});

describe('distanceBaselineText', () => {
  it('titanic without names: real rows score 0 themselves, said so', () => {
    expect(distanceBaselineText(reply(0, 0, 0, 0))).toBe(
      'Real rows, each measured against the other real rows, score 0.000 on DCR baseline protection and 0.000 on NNDR — at least half of them equal another real row, ' +
        'so synthetic rows at distance 0 give nobody away by that alone. Synthetic rows are safe at half of these or more.',
    );
  });

  it('names the holdout when it is the reference', () => {
    expect(distanceBaselineText(reply(0.2, 0.25, 0.7, 0.8, 'holdout'))).toMatch(/^Real rows the generator never saw, measured against the training rows, score 0\.250 on DCR baseline protection and 0\.800 on NNDR\. /);
  });

  it('nothing from an older API without the reference figures', () => {
    expect(distanceBaselineText(reply(0.2, undefined, 0.7, undefined))).toBeUndefined();
  });
});

describe('holdoutOverlapText for privacy', () => {
  it('says what the overlap changes there', () => {
    expect(holdoutOverlapText({ rows: 3, of: 10, share: 0.3, expected_share: 0, p_value: 0.001, overlapping: true }, 'privacy')).toBe(
      '3 of 10 holdout rows are also in the training rows: copies and distances are judged against how real rows repeat each other instead of against the holdout. Choose real rows the generator never saw.',
    );
    expect(holdoutOverlapText({ rows: 0, of: 10, share: 0, expected_share: 0, p_value: 1, overlapping: false }, 'privacy')).toBeUndefined();
  });
});
