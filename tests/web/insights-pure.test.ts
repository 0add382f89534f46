/** The privacy help speaks of any table, not of penguins. */
import { describe, expect, it } from 'vitest';
import { PRIVACY_HELP } from '../../web/src/views/insights.js';

describe('PRIVACY_HELP', () => {
  it('explains absent category pairs without another table’s example', () => {
    expect(PRIVACY_HELP['Category pairs absent from the real rows']).not.toMatch(/Gentoo|species|island/);
  });
});
