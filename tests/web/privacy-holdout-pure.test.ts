/**
 * The privacy table's holdout measures: the DCR share, overfitting protection and membership attack
 * as rows with the reply's own verdicts and thresholds, none without them, and the line said meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { HOLDOUT_PRIVACY_HELP, holdoutPrivacyRows, noHoldoutText } from '../../web/src/privacy-holdout-text.js';
import { PRIVACY_HELP } from '../../web/src/views/insights.js';

const reply = {
  dcr_share: { closer_to_training: 0.5126, ideal: 0.5, verdict: 'safe' as const, threshold: 'safe ≤ 0.55, review ≤ 0.65' },
  dcr_overfitting_protection: { score: 0.975, threshold: 'SDMetrics: min(1, 2 × (1 − share closer to training))' },
  membership_inference: { auc: 0.6123, verdict: 'review' as const, threshold: 'distance attack AUC; safe ≤ 0.55, review ≤ 0.65' },
};

describe('holdoutPrivacyRows', () => {
  it('gives each holdout measure as a row: value, the reply’s verdict and threshold', () => {
    expect(holdoutPrivacyRows(reply)).toEqual([
      { label: 'DCR share (closer to training than holdout)', value: '0.513 (ideal 0.5)', verdict: 'safe', threshold: 'safe ≤ 0.55, review ≤ 0.65' },
      { label: 'DCR overfitting protection', value: '0.975', verdict: '—', threshold: 'SDMetrics: min(1, 2 × (1 − share closer to training))' },
      { label: 'Membership inference attack', value: 'AUC 0.612', verdict: 'review', threshold: 'distance attack AUC; safe ≤ 0.55, review ≤ 0.65' },
    ]);
  });
  it('gives none without a holdout, or with one whose rows were all seen in training', () => {
    expect(holdoutPrivacyRows({})).toEqual([]);
  });
  it('explains each measure with what a good value is, apart from the rows always shown', () => {
    for (const [label, help] of Object.entries(HOLDOUT_PRIVACY_HELP)) {
      expect(help, label).toMatch(/Good:/);
      expect(Object.keys(PRIVACY_HELP)).not.toContain(label);
    }
  });
});

describe('noHoldoutText', () => {
  it('says the measures need a holdout, and whether one can be chosen', () => {
    expect(noHoldoutText(true)).toBe(
      'The DCR share, DCR overfitting protection and membership attack need a holdout: real rows the generator never saw. Choose one and measure with it.',
    );
    expect(noHoldoutText(false)).toMatch(/need a holdout: .* No file can be one yet: upload such rows with the same columns/);
  });
});
