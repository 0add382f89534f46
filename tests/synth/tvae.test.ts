import { describe, expect, it } from 'vitest';
import { expectSchema, mixedTable } from '../helpers/fixtures.js';
import { bytesOf, expectExactResume, expectLoadRoundTrip, expectReproducible } from '../helpers/synth-contract.js';
import { TvaeParams, tvae } from '../../core/synth/tvae.js';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { decodeFloats } from '../../core/synth/neural/nn.js';
import { decodeJson } from '../../core/synth/synthesizer.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import type { Table } from '../../core/table/model.js';


const table = mixedTable(300, 1);
const small = { epochs: 5, batch_size: 100, embedding_dim: 16, compress_dims: [32, 32], decompress_dims: [32, 32] };
const params = TvaeParams.parse(small);


describe('TVAE', () => {
  it('has SDV’s defaults', () => {
    expect(TvaeParams.parse({})).toMatchObject({
      epochs: 300,
      batch_size: 500,
      embedding_dim: 128,
      compress_dims: [128, 128],
      decompress_dims: [128, 128],
      l2scale: 1e-5,
      loss_factor: 2,
      learning_rate: 1e-3,
      validation_share: 0,
    });
  });

  it('trains: the loss falls, σ stays clamped to [0.01, 1], tensors do not leak', async () => {
    const { tf } = await tensorflow();
    const run = await tvae.trainer!.start(table, TvaeParams.parse({ ...small, epochs: 8, learning_rate: 0.01 }), 3);
    const counts: number[] = [];
    while (!run.finished) {
      await run.runEpoch();
      counts.push(tf.memory().numTensors);
    }
    const model = run.finish();
    run.dispose();
    expect(new Set(counts).size).toBe(1);
    const losses = run.history.map((h) => h.loss.train!);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const sigma = (decodeJson(model.save()) as { weights: { name: string; data: string }[] }).weights.find((w) => w.name === 'dec.sigma')!;
    for (const s of decodeFloats(sigma.data)) {
      expect(s).toBeGreaterThanOrEqual(0.01 - 1e-7);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('samples rows of the source’s schema: types, categories, bounds, integers, decimals, dates', async () => {
    const model = await tvae.fit(table, params, Rng.seeded(1));
    expectSchema(table, model.sample(450, Rng.seeded(2)), 450);
    const quiet = await tvae.fit(table, TvaeParams.parse({ ...small, sample_noise: false }), Rng.seeded(1));
    expectSchema(table, quiet.sample(50, Rng.seeded(2)), 50);
  });

  it('is reproducible: the same seed gives the same model bytes and the same sample', () => expectReproducible(tvae, table, params));

  it('saves and loads to the same sampler, shipping only the decoder', async () => {
    const saved = decodeJson(await expectLoadRoundTrip(tvae, table, params)) as { weights: { name: string }[] };
    expect(saved.weights.every((w) => w.name.startsWith('dec.'))).toBe(true);
  });

  it('resumes from a checkpoint to the very bytes of an uninterrupted run', () => expectExactResume(tvae, table, params));

  it('stops early on held-out rows when asked, patience epochs after the best', async () => {
    const p = TvaeParams.parse({ ...small, epochs: 400, learning_rate: 0.05, validation_share: 0.2, patience: 3 });
    const run = await tvae.trainer!.start(table, p, 4);
    while (!run.finished) await run.runEpoch();
    run.dispose();
    expect(run.epochsDone).toBeLessThan(400);
    const validation = run.history.map((h) => h.loss.validation!);
    for (const v of validation) expect(Number.isFinite(v)).toBe(true);
    const best = Math.min(...validation);
    expect(validation.indexOf(best)).toBe(run.epochsDone - 1 - 3);
  });

  it('refuses conditions', async () => {
    const model = await tvae.fit(table, TvaeParams.parse({ ...small, epochs: 1 }), Rng.seeded(1));
    expect(() => model.sample(10, Rng.seeded(1), { kind: 'east' })).toThrow(/does not sample conditionally/);
    expect(tvae.capabilities.conditional).toBe(false);
  });
});

describe('TVAE category draws', () => {
  // 30 % missing numbers and a 15 % category: the decoder's softmax gives them their share, while
  // its argmax — the decoder rarely ranking a minority first — all but drops them.
  const n = 400;
  const rng = Rng.seeded(4);
  const minorities: Table = {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, () => (rng.uniform() < 0.3 ? NaN : Math.round(rng.normal() * 100) / 100)), decimals: 2 },
      { type: 'categorical', name: 'c', codes: Int32Array.from({ length: n }, () => (rng.uniform() < 0.15 ? 1 : 0)), categories: ['common', 'rare'] },
    ],
  };
  const shares = async (draws: 'sample' | 'argmax') => {
    const model = await tvae.fit(minorities, TvaeParams.parse({ ...small, epochs: 40, learning_rate: 0.005, category_draws: draws }), Rng.seeded(1));
    const out = model.sample(2000, Rng.seeded(2));
    const x = (out.columns[0] as { values: Float64Array }).values;
    const c = (out.columns[1] as { codes: Int32Array }).codes;
    return { missing: x.filter(Number.isNaN).length / x.length, rare: c.filter((k) => k === 1).length / c.length };
  };

  it('draws each span from its softmax: minorities keep their share (SDV’s argmax loses them)', async () => {
    const drawn = await shares('sample');
    expect(drawn.missing).toBeGreaterThan(0.2);
    expect(drawn.missing).toBeLessThan(0.4);
    expect(drawn.rare).toBeGreaterThan(0.08);
    expect(drawn.rare).toBeLessThan(0.25);
    const argmax = await shares('argmax');
    expect(argmax.rare).toBeLessThan(0.05);
  });
});
