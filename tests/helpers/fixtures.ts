/** Shared fixtures of the synthesizer tests. */
import { Rng } from '../../core/random.js';
import type { Column, Table } from '../../core/table/model.js';

export const DAY = 86_400_000;

/**
 * n rows: a categorical driving a 2-decimal amount, an integer with 15 % missing, a date, a
 * boolean that depends on the integer, and (optionally) a unique id.
 */
export function mixedTable(n: number, seed: number, options: { withId?: boolean } = {}): Table {
  const rng = Rng.seeded(seed);
  const kind = Int32Array.from({ length: n }, () => rng.categorical([0.5, 0.3, 0.2]));
  const amount = Float64Array.from(kind, (k) => Math.round((100 + 60 * k + 10 * rng.normal()) * 100) / 100);
  const age = Float64Array.from({ length: n }, () => (rng.uniform() < 0.15 ? NaN : rng.int(18, 80)));
  const joined = Float64Array.from({ length: n }, () => (16_500 + rng.int(0, 1500)) * DAY);
  const member = Int32Array.from(age, (a) => (!Number.isNaN(a) && a > 50 ? 1 : rng.uniform() < 0.2 ? 1 : 0));
  const columns: Column[] = [
    { type: 'categorical', name: 'kind', codes: kind, categories: ['north', 'south', 'east'] },
    { type: 'float', name: 'amount', values: amount, decimals: 2 },
    { type: 'integer', name: 'age', values: age },
    { type: 'datetime', name: 'joined', values: joined, format: 'YYYY-MM-DD' },
    { type: 'boolean', name: 'member', codes: member, categories: ['false', 'true'] },
  ];
  if (options.withId) columns.push({ type: 'id', name: 'customer', values: Array.from({ length: n }, (_, i) => `C-${String(i).padStart(4, '0')}`) });
  return { rowCount: n, columns };
}
