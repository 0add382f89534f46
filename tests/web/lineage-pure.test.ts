/**
 * A deleted or unlisted parent in words (lineage.ts): by the name the file kept when it was made,
 * and as before for files made before names were kept.
 */
import { describe, expect, it } from 'vitest';
import { deletedParentText, unlistedParentText } from '../../web/src/lineage.js';

const named = { lineage: { parent: 'f_0123456789', parent_name: 'penguins.csv', operation: 'synthesize', parent_deleted: true } };
const older = { lineage: { parent: 'f_0123456789', operation: 'synthesize', parent_deleted: true } };

describe('a parent that is gone', () => {
  it('is named, and said to be deleted', () => {
    expect(deletedParentText(named, 'source (deleted)')).toBe('penguins.csv (deleted)');
  });
  it('keeps the old wording for a record without the name', () => {
    expect(deletedParentText(older, 'source (deleted)')).toBe('source (deleted)');
    expect(deletedParentText(older, 'a source file since deleted')).toBe('a source file since deleted');
  });
  it('in a list, is named without claiming it was deleted (a long list may just not show it)', () => {
    expect(unlistedParentText(named)).toBe('penguins.csv (no longer listed)');
    expect(unlistedParentText(older)).toBe('a file no longer listed');
  });
});
