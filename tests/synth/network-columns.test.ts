import { describe, expect, it } from 'vitest';
import { checkNetworkColumns } from '../../core/synth/network-columns.js';
import type { Table } from '../../core/table/model.js';

const text = (name: string, values: string[], type: 'text' | 'id' = 'text'): Table['columns'][number] => ({ type, name, values });

describe('checkNetworkColumns', () => {
  it('needs no rows when a column other than text or ids is modelled', () => {
    expect(checkNetworkColumns('tvae', [{ name: 'v', type: 'id' }, { name: 'x', type: 'float' }])).toBeUndefined();
  });

  it('refuses at once when nothing is modelled', () => {
    expect(() => checkNetworkColumns('ctgan', [])).toThrow('ctgan needs a column other than unique text or ids');
  });

  it('settles a table of text and ids on its rows: refused unless some column repeats enough to be learnt', () => {
    const check = checkNetworkColumns('copulagan', [{ name: 'v', type: 'id' }, { name: 'city', type: 'text' }]);
    if (!check) throw new Error('expected a check on the rows');
    const ids = text('v', Array.from({ length: 30 }, (_, i) => `id-${i}`), 'id');
    const unique = text('city', Array.from({ length: 30 }, (_, i) => `town ${i}`));
    const repeating = text('city', Array.from({ length: 30 }, (_, i) => ['Oslo', 'Bergen'][i % 2]!));
    expect(() => check({ rowCount: 30, columns: [ids, unique] })).toThrow('copulagan needs a column other than unique text or ids');
    expect(() => check({ rowCount: 30, columns: [ids, repeating] })).not.toThrow();
  });
});
