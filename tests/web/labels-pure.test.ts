/** Words for the API's ids (web/src/labels.ts): feature steps, PII kinds, training losses. */
import { describe, expect, it } from 'vitest';
import { lossLabel, piiLabel, stepTitle } from '../../web/src/labels.js';
import { describeEpoch } from '../../core/synth/synthesizer.js';
import { progressLine } from '../../web/src/jobs.js';

describe('labels', () => {
  it('titles feature steps in words, never by their op id', () => {
    expect(stepTitle({ kind: 'one_hot', column: 'island', max_levels: 20 })).toBe('One-hot encode island');
    expect(stepTitle({ kind: 'ratio', numerator: 'a', denominator: 'b' })).toBe('Ratio a ÷ b');
    expect(stepTitle({ kind: 'impute', column: 'sex', strategy: 'mode', indicator: true })).toBe('Fill missing sex (mode, flag the rows)');
    expect(stepTitle({ kind: 'datetime_parts', column: 'd', parts: ['year', 'day_of_week'] })).toBe('Split d into year, day of week');
    for (const kind of ['impute', 'log1p', 'box_cox', 'yeo_johnson', 'scale', 'clip', 'bin', 'one_hot', 'ordinal', 'frequency', 'target_encode', 'datetime_parts', 'text_length', 'ratio', 'interaction', 'drop']) {
      expect(stepTitle({ kind, column: 'x', method: 'standard', target: 'y', numerator: 'x', denominator: 'y', left: 'x', right: 'y', parts: ['year'], strategy: 'mean' })).not.toMatch(/_/);
    }
  });

  it('spells a PII kind with spaces, as the dropdown does', () => {
    expect(piiLabel('person_name')).toBe('person name');
  });

  it('names CTGAN losses as SDV users know them, in the API message and the web chart, keeping the metric keys', () => {
    expect(describeEpoch(3, 300, { generator: 1.2, critic: -0.0683, penalty: 5.9837 })).toBe('epoch 3/300: generator loss 1.2000, discriminator loss -0.0683, gradient penalty 5.9837');
    expect(describeEpoch(2, 10, { train: 0.5, validation: 0.6 })).toBe('epoch 2/10: train loss 0.5000, validation loss 0.6000');
    expect(['critic', 'penalty', 'train'].map(lossLabel)).toEqual(['discriminator loss', 'gradient penalty', 'train loss']);
    // The server's words are shown as they are.
    expect(progressLine({ status: 'running', progress: { step: 'fit', percent: 40, message: 'epoch 2/10: discriminator loss 0.5000' } })).toBe('Running — fit, 40 % (epoch 2/10: discriminator loss 0.5000)');
  });
});
