import { describe, expect, it } from 'vitest';
import { expectSchema, mixedTable } from '../helpers/fixtures.js';
import { bytesOf, expectExactResume, expectLoadRoundTrip, expectReproducible } from '../helpers/synth-contract.js';
import { CopulaGanParams, CtganParams, copulaGan, ctgan, effectiveBatch } from '../../core/synth/ctgan.js';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { decodeJson } from '../../core/synth/synthesizer.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import type { CategoricalColumn } from '../../core/table/model.js';


const table = mixedTable(300, 1, { withId: true });
const small = { epochs: 4, batch_size: 100, embedding_dim: 16, generator_dim: [32, 32], discriminator_dim: [32, 32] };
const params = CtganParams.parse(small);



describe('CTGAN', () => {
  it('has SDV’s defaults, and a batch made of whole pac groups within the rows', () => {
    const defaults = CtganParams.parse({});
    expect(defaults).toMatchObject({ epochs: 300, batch_size: 500, pac: 10, embedding_dim: 128, generator_dim: [256, 256], discriminator_dim: [256, 256] });
    expect(defaults).toMatchObject({ generator_lr: 2e-4, discriminator_lr: 2e-4, generator_decay: 1e-6, discriminator_decay: 1e-6, discriminator_steps: 1, log_frequency: true });
    expect(() => CtganParams.parse({ batch_size: 55 })).toThrow(/multiple of pac/);
    expect(effectiveBatch(500, 10, 4454)).toBe(500);
    expect(effectiveBatch(500, 10, 237)).toBe(230);
    expect(effectiveBatch(500, 10, 7)).toBe(10);
  });

  it('trains: losses move, the gradient penalty is finite and positive, tensors do not leak', async () => {
    const { tf } = await tensorflow();
    const run = await ctgan.trainer!.start(table, CtganParams.parse({ ...small, epochs: 6 }), 3);
    const counts: number[] = [];
    try {
      while (!run.finished) {
        await run.runEpoch();
        counts.push(tf.memory().numTensors);
      }
    } finally {
      run.dispose();
    }
    expect(new Set(counts).size).toBe(1);
    const losses = run.history.map((h) => h.loss);
    for (const l of losses) {
      expect(Object.keys(l).sort()).toEqual(['critic', 'generator', 'penalty']);
      for (const v of Object.values(l)) expect(Number.isFinite(v)).toBe(true);
      expect(l.penalty!).toBeGreaterThan(0);
    }
    expect(new Set(losses.map((l) => l.generator)).size).toBe(losses.length);
    expect(new Set(losses.map((l) => l.critic)).size).toBe(losses.length);
    // The critic learns to tell real from fake: its gradients grow towards norm 1, the penalty falls.
    expect(losses.at(-1)!.penalty!).toBeLessThan(losses[0]!.penalty!);
  });

  it('samples rows of the source’s schema: types, categories, bounds, integers, decimals, dates', async () => {
    const model = await ctgan.fit(table, params, Rng.seeded(1));
    expectSchema(table, model.sample(450, Rng.seeded(2)), 450);
    expectSchema(table, model.sample(7, Rng.seeded(3)), 7);
  });

  it('is reproducible: the same seed gives the same model bytes and the same sample', () => expectReproducible(ctgan, table, params));

  it('saves and loads to the same sampler', async () => {
    const saved = decodeJson(await expectLoadRoundTrip(ctgan, table, params)) as { weights: { name: string }[] };
    // Only the generator ships: the critic is a training aid.
    expect(saved.weights.every((w) => w.name.startsWith('g.'))).toBe(true);
  });

  it('resumes from a checkpoint to the very bytes of an uninterrupted run', () => expectExactResume(ctgan, table, params));

  it('samples conditionally on categorical and boolean values, and refuses other conditions', async () => {
    const model = await ctgan.fit(table, params, Rng.seeded(7));
    const east = model.sample(120, Rng.seeded(8), { kind: 'east' });
    expect(east.rowCount).toBe(120);
    const kind = east.columns[0] as CategoricalColumn;
    expect(new Set(Array.from(kind.codes, (c) => kind.categories[c]))).toEqual(new Set(['east']));
    const both = model.sample(50, Rng.seeded(9), { kind: 'north', member: true });
    expect(new Set((both.columns[0] as CategoricalColumn).codes)).toEqual(new Set([0]));
    expect(new Set((both.columns[4] as CategoricalColumn).codes)).toEqual(new Set([1]));
    expect(() => model.sample(10, Rng.seeded(1), { kind: 'west' })).toThrow(/no such value/);
    expect(() => model.sample(10, Rng.seeded(1), { amount: 3 })).toThrow(/not supported/);
    expect(() => model.sample(10, Rng.seeded(1), { nope: 'x' })).toThrow(/unknown column/);
    expect(ctgan.capabilities.conditional).toBe(true);
  });
});

describe('CopulaGAN', () => {
  const copulaParams = CopulaGanParams.parse(small);

  it('models normal scores of fitted marginals and round-trips through save and load', async () => {
    const model = await copulaGan.fit(table, copulaParams, Rng.seeded(1));
    const saved = decodeJson(model.save()) as { generator: string; transformer: { columns: { kind: string; marginal?: { kind: string } }[] } };
    expect(saved.generator).toBe('copulagan');
    const continuous = saved.transformer.columns.filter((c) => c.kind === 'continuous');
    expect(continuous).toHaveLength(3);
    for (const c of continuous) expect(c.marginal).toBeDefined();
    const synthetic = model.sample(300, Rng.seeded(2));
    expectSchema(table, synthetic, 300);
    const loaded = await copulaGan.load(model.save());
    expect(writeCsv(loaded.sample(100, Rng.seeded(3)))).toBe(writeCsv(model.sample(100, Rng.seeded(3))));
  });

  it('takes per-column distributions and resumes exactly', async () => {
    const p = CopulaGanParams.parse({ ...small, epochs: 3, default_distribution: 'norm', numerical_distributions: { amount: 'uniform' } });
    const whole = await copulaGan.fit(table, p, Rng.seeded(30));
    const saved = decodeJson(whole.save()) as { transformer: { columns: { name: string; marginal?: { kind: string } }[] } };
    expect(saved.transformer.columns.find((c) => c.name === 'amount')?.marginal?.kind).toBe('uniform');
    expect(saved.transformer.columns.find((c) => c.name === 'age')?.marginal?.kind).toBe('norm');

    const seed = Rng.seeded(30).uint32();
    const first = await copulaGan.trainer!.start(table, p, seed);
    await first.runEpoch();
    const checkpoint = first.checkpoint();
    first.dispose();
    const second = await copulaGan.trainer!.resume(table, checkpoint);
    while (!second.finished) await second.runEpoch();
    expect(bytesOf(second.finish().save())).toBe(bytesOf(whole.save()));
    second.dispose();
  });
});
