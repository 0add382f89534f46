import { describe, expect, it } from 'vitest';
import { kAnonymity, lDiversity } from '../../core/validation/disclosure.js';
import type { Table } from '../../core/table/model.js';

describe('k-anonymity and l-diversity on many quasi-identifier groups', () => {
  it('200 000 distinct QI groups: k = 1, l = 1, no stack overflow from spreading them into Math.min', () => {
    const n = 200_000;
    // Every row its own group except rows 0 and 1 (same id 0), which hold two sensitive values.
    const ids = Float64Array.from({ length: n }, (_, i) => (i === 1 ? 0 : i));
    const sensitive = Float64Array.from({ length: n }, (_, i) => i % 2);
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'integer', name: 'qi', values: ids },
        { type: 'integer', name: 's', values: sensitive },
      ],
    };
    // Closed form: n − 1 groups, one of two rows, the rest singletons.
    expect(kAnonymity(table, ['qi'])).toEqual({ k: 1, groups: n - 1, singletons: n - 2 });
    expect(lDiversity(table, ['qi'], 's')).toBe(1);
  });

  it('the smallest group, and for an empty table k 0 and no l-diversity (no value to tell apart)', () => {
    const table: Table = { rowCount: 5, columns: [{ type: 'integer', name: 'qi', values: Float64Array.from([1, 1, 2, 2, 2]) }, { type: 'integer', name: 's', values: Float64Array.from([1, 2, 1, 2, 3]) }] };
    expect(kAnonymity(table, ['qi'])).toEqual({ k: 2, groups: 2, singletons: 0 });
    expect(lDiversity(table, ['qi'], 's')).toBe(2);
    const empty: Table = { rowCount: 0, columns: [{ type: 'integer', name: 'qi', values: new Float64Array() }, { type: 'integer', name: 's', values: new Float64Array() }] };
    expect(kAnonymity(empty, ['qi'])).toEqual({ k: 0, groups: 0, singletons: 0 });
    expect(lDiversity(empty, ['qi'], 's')).toBeNull();
  });
});
