import { describe, expect, it } from 'vitest';
import { DataTransformer } from '../../core/synth/neural/data-transformer.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

// README: every generator regenerates ids by shape keeping the prefix and suffix every value shares;
// CTGAN, TVAE and CopulaGAN read a column through this transform, so it must keep them as the copula does.
describe('data transformer on unique ids and text', () => {
  const n = 120;
  const table: Table = {
    rowCount: n,
    columns: [
      { type: 'id', name: 'cid', values: Array.from({ length: n }, (_, i) => `cust-${1000 + i * 7}-eu`) },
      { type: 'text', name: 'doc', values: Array.from({ length: n }, (_, i) => `{"active":true,"code":"k${i * 13}"}`) },
      { type: 'integer', name: 'v', values: Float64Array.from({ length: n }, (_, i) => i % 9) },
    ],
  };

  it('keeps the shared prefix and suffix of regenerated values, and a saved spec without them still loads', () => {
    const t = DataTransformer.fit(table, Rng.seeded(1));
    const decoded = t.decode(t.encode(table, Rng.seeded(2)), 50, Rng.seeded(3), { enforceMinMax: true, enforceRounding: true });
    const ids = decoded.columns[0]!;
    const docs = decoded.columns[1]!;
    if (ids.type !== 'id' || docs.type !== 'text') throw new Error('types changed');
    for (const v of ids.values) expect(v).toMatch(/^cust-\d{4}-eu$/);
    for (const v of docs.values) expect(JSON.parse(v!)).toMatchObject({ active: true });
    expect(new Set(ids.values).size).toBe(50);

    const old = { columns: t.spec.columns.map((c) => (c.kind === 'scrambled' ? { ...c, affixes: undefined } : c)) };
    expect(() => new DataTransformer(old).decode(new Float32Array(0), 0, Rng.seeded(4), { enforceMinMax: true, enforceRounding: true })).not.toThrow();
  });
});
