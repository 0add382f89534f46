/** Counts in sentences agree with their number: "only 1 source row meets", "1 row duplicates" (core/plural.ts). */
import { describe, expect, it } from 'vitest';
import { comparisonRows } from '../../core/generation/condition-rows.js';
import { summaryReport } from '../../core/eda/summary.js';
import { agrees, plural } from '../../core/plural.js';
import type { Table } from '../../core/table/model.js';

/** n rows of a column `kind`: `a` on the first `as` rows, `b` after. */
const kinds = (n: number, as: number): Table => ({
  rowCount: n,
  columns: [{ type: 'categorical', name: 'kind', categories: ['a', 'b'], codes: Int32Array.from({ length: n }, (_, i) => (i < as ? 0 : 1)) }],
});

const duplicatesWarning = (duplicates: number) =>
  summaryReport({ rows: 10, columns: [], memoryBytes: 0, numericPairs: [], duplicates }, []).warnings.find((w) => w.kind === 'duplicates')?.message;

describe('counted nouns', () => {
  it('plural and agrees', () => {
    expect([plural(0, 'row'), plural(1, 'source row'), plural(2, 'row')]).toEqual(['0 rows', '1 source row', '2 rows']);
    expect([agrees(1, 'meets', 'meet'), agrees(3, 'meets', 'meet')]).toEqual(['meets', 'meet']);
  });

  it('says why the whole source is compared with in a sentence that agrees with the count', () => {
    expect(comparisonRows(kinds(50, 1), { kind: 'a' }).compared_with).toMatchObject({ whole_source: { reason: 'only 1 source row meets the conditions, too few to compare with' } });
    expect(comparisonRows(kinds(50, 2), { kind: 'a' }, 'holdout').compared_with).toMatchObject({ whole_source: { reason: 'only 2 holdout rows meet the conditions, too few to compare with' } });
  });

  it('warns of duplicate rows in a sentence that agrees with the count', () => {
    expect(duplicatesWarning(1)).toBe('1 row duplicates an earlier row.');
    expect(duplicatesWarning(3)).toBe('3 rows duplicate an earlier row.');
    expect(duplicatesWarning(0)).toBeUndefined();
  });
});
