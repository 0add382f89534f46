/** The words for NNDR's neighbours: PII reappearing, the copy baseline, k-anonymity, CAP and associations (web/src/privacy-risk-text.ts). */
import { describe, expect, it } from 'vitest';
import { associationText, associationValue, attributeDisclosureText, copiesBaselineText, kAnonymityText, listText, piiVerbatimValue } from '../../web/src/privacy-risk-text.js';
import { pickProblem } from '../../web/src/views/reidentification.js';

const copies = { count: 859, rate: 0.859, verdict: 'safe' as const, threshold: '' };

describe('privacy risk texts', () => {
  it('puts the copy count beside how often real rows repeat each other, and says whether the synthetic rows copy more', () => {
    expect(copiesBaselineText(copies)).toBeUndefined();
    expect(copiesBaselineText({ ...copies, baseline_share: 0.852, baseline_basis: 'real', p_value: 0.3 })).toBe(
      'Exact copies 859 (85.9 %) — real rows repeat each other 85.2 % of the time on these columns. The synthetic rows copy a little more often, by no more than chance explains (p = 0.30).',
    );
    expect(copiesBaselineText({ ...copies, baseline_share: 0.9, baseline_basis: 'real', p_value: 1 })).toMatch(/90\.0 % of the time on these columns\. The synthetic rows copy no more often than that: the copies are rows real data repeats anyway\.$/);
    expect(copiesBaselineText({ ...copies, baseline_share: 0.1, baseline_basis: 'holdout', p_value: 0.0001 })).toBe(
      'Exact copies 859 (85.9 %) — real rows the generator never saw equal a training row 10.0 % of the time on these columns. The synthetic rows copy more often than that (p = 0.00010).',
    );
  });

  it('says how many real PII values reappear, the reassuring 0 too', () => {
    expect(piiVerbatimValue({ columns: [], verdict: 'safe', threshold: '' })).toBe('no column marked as personal data');
    expect(piiVerbatimValue({ columns: [{ column: 'name', leaked_values: 0 }], verdict: 'safe', threshold: '' })).toBe('0 values in name');
    expect(piiVerbatimValue({ columns: [{ column: 'name', leaked_values: 3 }, { column: 'email', leaked_values: 0 }], verdict: 'risk', threshold: '' })).toBe('3 values (name: 3)');
  });

  it('explains k-anonymity and its verdict in words', () => {
    const text = kAnonymityText({ quasi_identifiers: ['sex', 'age', 'class'], k: 1, groups: 400, singletons: 143, verdict: 'risk', threshold: '' });
    expect(text).toMatch(/^k = 1: the smallest group of real rows sharing the same sex, age and class holds 1 row; 143 of 400 groups are a single row\. Risk: some real rows are the only one/);
    expect(kAnonymityText({ quasi_identifiers: ['sex'], k: 466, groups: 2, singletons: 0, verdict: 'safe', threshold: '' })).toContain('Safe: every combination of these values is shared by at least 5 real rows.');
  });

  it('explains CAP and l-diversity, and a CAP with nothing to match', () => {
    expect(attributeDisclosureText({ sensitive: 'survived', cap: 0.9, l_diversity: 1, verdict: 'risk', threshold: '' }, ['sex', 'class'])).toBe(
      'Someone who knows a person’s sex and class and guesses their survived from the matching synthetic rows is right 90.0 % of the time (CAP). Risk: right more than 80 % of the time — the synthetic rows give this value away.' +
        ' l-diversity 1: in some group of real rows sharing sex and class everyone has the same survived, so knowing those values is knowing it.',
    );
    expect(attributeDisclosureText({ sensitive: 's', cap: null, l_diversity: 2, verdict: 'safe', threshold: '' }, ['q'])).toBe(
      'No synthetic row matches a real row on q: an attacker has nothing to guess s from. Safe. l-diversity 2: every group of real rows sharing q holds at least 2 different values of s.',
    );
    // A numeric column compared by the real deciles, and a column with no value to disclose (core/validation/sensitive-bins.ts).
    const binned = { bins: 10, note: '' };
    expect(attributeDisclosureText({ sensitive: 'salary', cap: 0.95, l_diversity: 3, binned, verdict: 'risk', threshold: '' }, ['age'])).toBe(
      'Someone who knows a person’s age and guesses their salary (to the right tenth of the real values) from the matching synthetic rows is right 95.0 % of the time (CAP). Risk: right more than 80 % of the time — the synthetic rows give this value away.' +
        ' l-diversity 3: every group of real rows sharing age holds at least 3 different tenths of salary.',
    );
    expect(attributeDisclosureText({ sensitive: 's', cap: null, l_diversity: 1, note: 's is missing in every real row: there is no value to disclose.', verdict: 'safe', threshold: '' }, ['q'])).toMatch(
      /^s is missing in every real row: there is no value to disclose\. Safe\. /,
    );
  });

  it('refuses a pick with nothing known, or a column both known and sought', () => {
    expect(pickProblem([], ['s'])).toBe('Choose at least one column an attacker may know.');
    expect(pickProblem(['a', 's'], ['s'])).toBe('s cannot be both known and sought: untick it on one side.');
    expect(pickProblem(['a'], [])).toBeUndefined();
  });

  it('names association measures and writes negatives with a minus sign', () => {
    expect(associationText({ columns: ['Amount', 'Price'], measure: 'pearson', value: 0.8734 })).toBe('Amount – Price: 0.87 (Pearson r)');
    expect(associationText({ columns: ['Home', 'Job'], measure: 'cramers_v', value: 0.3 })).toBe('Home – Job: 0.30 (Cramér’s V)');
    expect(associationValue(-0.456)).toBe('−0.46');
    expect(associationValue(null)).toBe('—');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
