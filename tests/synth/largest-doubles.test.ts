/**
 * Values near the largest double (±1.7e308): a sum, a square or a scale of 2^1024 overflows to
 * Infinity, which a saved model writes as null and cannot load. Every generator fits them, saves,
 * loads and samples finite values.
 */
import { describe, expect, it } from 'vitest';
import { findSynthesizer } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import type { NumberColumn, Table } from '../../core/table/model.js';

const n = 40;
const table: Table = {
  rowCount: n,
  columns: [
    { type: 'float', name: 'huge', decimals: 0, values: Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 4e306) },
    { type: 'integer', name: 'i', values: Float64Array.from({ length: n }, (_, i) => i) },
  ],
};

describe('values near the largest double', () => {
  it.each(['gaussian_copula', 'privbayes', 'autoregressive', 'ctgan', 'copulagan', 'tvae'])('%s: fits, saves, loads and samples finite values', async (name) => {
    const synth = findSynthesizer(name);
    const fitted = await synth.fit(table, synth.params.parse(['gaussian_copula', 'privbayes'].includes(name) ? {} : { epochs: 2 }), Rng.seeded(0));
    const model = await synth.load(fitted.save());
    const values = (model.sample(50, Rng.seeded(1)).columns[0] as NumberColumn).values;
    expect(values.every(Number.isFinite)).toBe(true);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e306);
  });
});
