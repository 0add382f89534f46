import { describe, expect, it } from 'vitest';
import { privBayes, PrivBayesParams } from '../../core/synth/privbayes.js';
import { ArgnParams } from '../../core/synth/argn.js';
import { MIN_EPSILON } from '../../core/synth/dp/epsilon.js';
import { Rng } from '../../core/random.js';
import type { Table } from '../../core/table/model.js';

const table = (n: number): Table => {
  const rng = Rng.seeded(1);
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'k', categories: ['a', 'b', 'c'], codes: Int32Array.from({ length: n }, () => rng.int(0, 2)) },
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => rng.normal()) },
    ],
  };
};

describe('epsilon of the differentially private generators', () => {
  it('has a floor: a subnormal epsilon is refused by the params of PrivBayes and the autoregressive model', () => {
    for (const params of [PrivBayesParams, ArgnParams]) {
      for (const epsilon of [5e-324, 1e-310, 1e-200, MIN_EPSILON / 2]) expect(params.safeParse({ epsilon }).success).toBe(false);
      expect(params.safeParse({ epsilon: MIN_EPSILON }).success).toBe(true);
    }
  });

  it('never stores a PrivBayes table of NaN or ∞, even from noise whose scale overflows', async () => {
    // Past the params' floor (as a model fitted before it): the Laplace scale 2d / (n·ε₂) is ∞.
    const params = { ...PrivBayesParams.parse({ epsilon: 1 }), epsilon: 5e-324 };
    const model = await privBayes.fit(table(200), params, Rng.seeded(2));
    const saved = JSON.parse(new TextDecoder().decode(model.save())) as { nodes: { table: (number | null)[] }[] };
    for (const node of saved.nodes) for (const p of node.table) expect(Number.isFinite(p)).toBe(true);
    const sample = (await privBayes.load(model.save())).sample(50, Rng.seeded(3));
    expect(sample.rowCount).toBe(50);
  });
});
