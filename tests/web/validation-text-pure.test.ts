/** The words the page shows for validation results (web/src/validation-text.ts). */
import { describe, expect, it } from 'vitest';
import { categoryPairsWarning, differentialPrivacyText, driftLegend, holdoutMeasuresText, holdoutOverlapText, holdoutTwinsNote, indistinguishabilityText, metricLabel, unseenPairTexts } from '../../web/src/validation-text.js';
import { comparedWithText } from '../../web/src/compared-with.js';

const pairs = (rows: number, of: number) => ({
  rows,
  of,
  rate: rows / of,
  top: [
    { columns: ['species', 'island'] as [string, string], values: ['Gentoo', 'Dream'] as [string, string], rows: 137 },
    { columns: ['island', 'sex'] as [string, string], values: ['Dream', 'female'] as [string, string], rows: 1 },
  ],
  description: '',
});

/** A holdout_overlap reply: `expected` the training rows' own twin share. */
const overlap = (rows: number, of: number, expected: number, overlapping: boolean) => ({ rows, of, share: of ? rows / of : 0, expected_share: expected, p_value: overlapping ? 1e-9 : 0.6, overlapping });

describe('validation texts', () => {
  it('names the utility metrics as people write them', () => {
    expect(metricLabel('macro_f1')).toBe('Macro F1');
    expect(metricLabel('r2')).toBe('R²');
    expect(metricLabel('accuracy')).toBe('Accuracy');
    expect(indistinguishabilityText(1)).toBe('Indistinguishability 1.000 (1 = a classifier cannot tell synthetic from real, 0 = it always can).');
  });

  it('warns of holdout rows that are training rows too, and only then', () => {
    expect(holdoutOverlapText(overlap(168, 168, 0.1, true))).toMatch(/^168 of 168 holdout rows are also in the training rows: the scores overstate what the synthetic data teaches\./);
    expect(holdoutOverlapText(overlap(0, 168, 0.1, false))).toBeUndefined();
    expect(holdoutOverlapText(undefined)).toBeUndefined();
    expect(holdoutTwinsNote(overlap(168, 168, 0.1, true))).toBeUndefined();
    expect(holdoutTwinsNote(overlap(0, 168, 0, false))).toBeUndefined();
  });

  it('titanic without names: holdout rows its training rows repeat as often are a quiet note, not a warning', () => {
    const natural = overlap(120, 180, 0.7, false);
    expect(holdoutOverlapText(natural)).toBeUndefined();
    expect(holdoutOverlapText(natural, 'privacy')).toBeUndefined();
    expect(holdoutTwinsNote(natural)).toBe(
      '120 of 180 holdout rows (66.7 %) equal a training row, not clearly more often than training rows equal each other (70.0 %): rows this table repeats by itself, not an overlap.',
    );
  });

  it('says which holdout rows the DCR share and membership attack use, when not all of them', () => {
    expect(holdoutMeasuresText({ basis: 'unseen_holdout', rows: 120, note: '' })).toBe(
      'DCR share and membership attack use the 120 holdout rows not in the training rows: the others were seen in training, so they cannot stand for unseen rows.',
    );
    expect(holdoutMeasuresText({ basis: 'unseen_holdout', rows: 1, note: '' })).toMatch(/^DCR share and membership attack use the 1 holdout row not in/);
    expect(holdoutMeasuresText({ basis: 'none', rows: 0, note: '' })).toBe(
      'No DCR share or membership attack: every holdout row is also a training row, so there are no unseen real rows to compare with.',
    );
    expect(holdoutMeasuresText({ basis: 'holdout', rows: 300, note: '' })).toBeUndefined();
    expect(holdoutMeasuresText(undefined)).toBeUndefined();
  });

  it('says whether differential privacy was applied', () => {
    expect(differentialPrivacyText(null)?.value).toBe('not applied');
    expect(differentialPrivacyText({ epsilon: 1, delta: 0, mechanism: 'PrivBayes (exponential mechanism + Laplace)' })).toEqual({ value: 'ε = 1, δ = 0', note: 'PrivBayes (exponential mechanism + Laplace)' });
    expect(differentialPrivacyText(undefined)).toBeUndefined();
  });

  it('warns of category pairs absent from the real rows above 1 % of rows', () => {
    expect(unseenPairTexts(pairs(138, 300))).toEqual(['species = Gentoo with island = Dream: 137 rows', 'island = Dream with sex = female: 1 row']);
    expect(categoryPairsWarning(pairs(138, 300))).toBe(
      '138 of 300 synthetic rows (46.0 %) combine categories in pairs absent from the real rows: species = Gentoo with island = Dream: 137 rows; island = Dream with sex = female: 1 row.',
    );
    expect(categoryPairsWarning(pairs(1, 300))).toBeUndefined();
  });

  it('explains KS in the drift legend only when a reason cites it', () => {
    expect(driftLegend(['PSI 0.012 < 0.1'])).toMatch(/^PSI \(population stability index\)/);
    expect(driftLegend(['PSI 0.012 < 0.1'])).not.toContain('KS');
    expect(driftLegend(['PSI 0.012 < 0.1', 'KS 0.150 with p = 1.00e-3'])).toContain('KS (Kolmogorov–Smirnov)');
  });

  it('names the real file drift was measured on', () => {
    expect(comparedWithText({ rows: 168, conditions: { island: 'Biscoe' } }, [], 'penguins.csv')).toBe(
      'Compared with the 168 penguins.csv rows where island = Biscoe: the rows the conditions ask for, not the whole penguins.csv.',
    );
    expect(comparedWithText(undefined, [], 'penguins.csv')).toBeUndefined();
  });
});
