import { describe, expect, it } from 'vitest';
import { expectExactResume, expectLoadRoundTrip, expectReproducible } from '../helpers/synth-contract.js';
import { autoregressive, ArgnParams, buildArgnNetwork } from '../../core/synth/argn.js';
import { decodeJson } from '../../core/synth/synthesizer.js';
import { Rng } from '../../core/random.js';
import type { CategoricalColumn, NumberColumn, Table } from '../../core/table/model.js';
import { writeCsv } from '../../core/table/csv.js';
import { tensorflow } from '../../core/synth/neural/tf.js';
import { problemOf } from '../helpers/fixtures.js';

/**
 * A small table with a known structure: `group` decides `label` 90 % of the time, `amount` is
 * an integer whose mean depends on `group`, `score` a float with 2 decimals and 10 % missing,
 * `zeros` a spike of zeros plus a positive tail.
 */
function known(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  const group = Int32Array.from({ length: n }, () => rng.categorical([0.5, 0.3, 0.2]));
  const label = Int32Array.from(group, (g) => (rng.uniform() < 0.9 ? g : (g + 1) % 3));
  const amount = Float64Array.from(group, (g) => Math.round(100 + 50 * g + 10 * rng.normal()));
  const score = Float64Array.from({ length: n }, () => (rng.uniform() < 0.1 ? NaN : Math.round(rng.normal() * 100) / 100));
  const zeros = Float64Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 0 : Math.round(rng.uniform() * 1000)));
  const cat = (name: string, codes: Int32Array): CategoricalColumn => ({ type: 'categorical', name, codes, categories: ['a', 'b', 'c'] });
  return {
    rowCount: n,
    columns: [
      cat('group', group),
      cat('label', label),
      { type: 'integer', name: 'amount', values: amount },
      { type: 'float', name: 'score', values: score, decimals: 2 },
      { type: 'integer', name: 'zeros', values: zeros },
    ],
  };
}

const params = (over: Partial<ArgnParams> = {}) => ArgnParams.parse({ epochs: 6, ...over });
const codesOf = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as CategoricalColumn).codes;
const valuesOf = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as NumberColumn).values;

async function train(table: Table, p: ArgnParams, seed: number, stopAfter?: number) {
  const run = await autoregressive.trainer!.start(table, p, seed);
  const losses: number[] = [];
  while (!run.finished && (stopAfter === undefined || run.epochsDone < stopAfter)) losses.push((await run.runEpoch()).loss.train!);
  return { run, losses };
}

describe('autoregressive network', () => {
  const table = known(1500, 1);

  it('lowers its training loss, learns the dependence and the marginals', async () => {
    const { run, losses } = await train(table, params({ epochs: 25, validation_share: 0 }), 7);
    const model = run.finish();
    run.dispose();
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const syn = model.sample(3000, Rng.seeded(2));
    const g = codesOf(syn, 'group');
    const l = codesOf(syn, 'label');
    // P(label = group) = 0.9 by construction; the model must find it (independence would give ≈ 0.38).
    expect(g.filter((x, i) => x === l[i]).length / 3000).toBeGreaterThan(0.8);
    const share = (k: number) => g.filter((x) => x === k).length / 3000;
    expect(share(0)).toBeCloseTo(0.5, 1);
    expect(share(2)).toBeCloseTo(0.2, 1);
    // The spike of zeros comes back as exact zeros, at its rate.
    const z = valuesOf(syn, 'zeros');
    expect(z.filter((v) => v === 0).length / 3000).toBeCloseTo(0.6, 1);
    // amount's mean per group follows 100 + 50·g.
    const a = valuesOf(syn, 'amount');
    const meanFor = (k: number) => {
      const xs = [...a].filter((_, i) => g[i] === k);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(meanFor(2) - meanFor(0)).toBeGreaterThan(70);
  });

  it('keeps types, categories, integers, decimals, bounds and the missing rate', async () => {
    const model = await autoregressive.fit(table, params(), Rng.seeded(3));
    const syn = model.sample(2000, Rng.seeded(4));
    expect(syn.columns.map((c) => [c.name, c.type])).toEqual(table.columns.map((c) => [c.name, c.type]));
    expect((syn.columns[0] as CategoricalColumn).categories).toEqual(['a', 'b', 'c']);
    const amount = valuesOf(syn, 'amount');
    const real = valuesOf(table, 'amount');
    expect([...amount].every(Number.isInteger)).toBe(true);
    expect(Math.min(...amount)).toBeGreaterThanOrEqual(Math.min(...real));
    expect(Math.max(...amount)).toBeLessThanOrEqual(Math.max(...real));
    const score = valuesOf(syn, 'score');
    expect([...score].filter((v) => !Number.isNaN(v)).every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9)).toBe(true);
    expect([...score].filter(Number.isNaN).length / 2000).toBeCloseTo(0.1, 1);
  });

  it('is deterministic for a seed', () => expectReproducible(autoregressive, table, params({ epochs: 3 })));

  it('saves and loads to the same sampler', () => expectLoadRoundTrip(autoregressive, table, params({ epochs: 3 })));

  it('resumed from a checkpoint, ends with the bytes of an uninterrupted run', () => expectExactResume(autoregressive, table, params({ epochs: 5 })));

  it('stops early on a validation loss and keeps its memory flat', async () => {
    const { tf } = await tensorflow();
    const before = tf.memory().numTensors;
    const { run } = await train(known(2000, 5), params({ epochs: 200, patience: 2, learning_rate: 0.05 }), 3);
    expect(run.finished).toBe(true);
    expect(run.epochsDone).toBeLessThan(200);
    expect(run.history.every((h) => Number.isFinite(h.loss.validation))).toBe(true);
    run.finish();
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('DP-SGD: per-example gradient norms from one backward pass equal brute force, one row at a time', async () => {
    const { tf } = await tensorflow();
    const net = await buildArgnNetwork(table, params({ epsilon: 1 }), 4);
    const rows = Int32Array.from([0, 5, 17, 40, 99, 123]);
    const fast = net.exampleGradientNorms(rows);
    const vars = net.optimizers[0]!.variables();
    const brute = [...rows].map((r) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(net.losses(Int32Array.of(r))) as ReturnType<typeof tf.scalar>, vars);
        return Math.sqrt(Object.values(grads).reduce((s, g) => s + (tf.sum(tf.square(g)).dataSync()[0] ?? 0), 0));
      }),
    );
    brute.forEach((b, i) => expect(fast[i]).toBeCloseTo(b, 3));
    expect(Math.min(...brute)).toBeGreaterThan(0);
    net.dispose();
  });

  it('DP-SGD: spends the asked ε by the RDP accountant, and still samples valid tables', async () => {
    const model = await autoregressive.fit(table, params({ epsilon: 1, epochs: 3 }), Rng.seeded(2));
    const saved = decodeJson(model.save()) as { privacy: { epsilon: number; delta: number; noise_multiplier: number; steps: number } };
    expect(saved.privacy.epsilon).toBeLessThanOrEqual(1);
    expect(saved.privacy.epsilon).toBeGreaterThan(0.99);
    expect(saved.privacy.noise_multiplier).toBeGreaterThan(0.5);
    expect(saved.privacy.delta).toBeLessThanOrEqual(1e-5);
    const syn = model.sample(500, Rng.seeded(3));
    expect(syn.columns.map((c) => c.type)).toEqual(table.columns.map((c) => c.type));
  });

  it('samples conditionally by rejection: every row has the value, and the other columns follow it', async () => {
    const model = await autoregressive.fit(table, params({ epochs: 25, validation_share: 0 }), Rng.seeded(7));
    const syn = model.sample(400, Rng.seeded(3), { group: 'c' });
    expect(syn.rowCount).toBe(400);
    const g = codesOf(syn, 'group');
    expect([...g].every((x) => x === 2)).toBe(true);
    // label follows group 90 % of the time; amount's mean for group c is 200.
    expect([...codesOf(syn, 'label')].filter((x) => x === 2).length / 400).toBeGreaterThan(0.75);
    const a = [...valuesOf(syn, 'amount')];
    expect(a.reduce((s, x) => s + x, 0) / a.length).toBeGreaterThan(180);
    expect(() => model.sample(10, Rng.seeded(1), { amount: 100 })).toThrow(/categorical and boolean columns only/);
    expect(() => model.sample(10, Rng.seeded(1), { group: 'z' })).toThrow(/no such category/);
  });
});

describe('autoregressive network on wide tables', () => {
  const categorical = (count: number, rows = 12): CategoricalColumn[] => {
    const rng = Rng.seeded(3);
    return Array.from({ length: count }, (_, j) => ({ type: 'categorical', name: `c${j}`, categories: ['a', 'b', 'c'], codes: Int32Array.from({ length: rows }, () => rng.int(0, 2)) }));
  };

  it('refuses, when the request arrives, a table whose heads would grow past the cap (quadratic in the columns)', () => {
    const e = problemOf(() => autoregressive.checkParams!(params(), categorical(200).map(({ name, type }) => ({ name, type }))));
    expect(e.status).toBe(422);
    expect(e.detail).toMatch(/200 columns.*at most 105 .*hidden = 96.*gaussian_copula/);
    expect(e.extensions).toEqual({ column_count: 200, max_columns: 105 });
    expect(() => autoregressive.checkParams!(params(), categorical(100))).not.toThrow(); // ordinary widths are untouched
    // Narrower heads and embeddings leave room for more columns; numbers and booleans have narrow embeddings.
    expect(() => autoregressive.checkParams!(params({ hidden: 16 }), categorical(200))).not.toThrow();
    expect(() => autoregressive.checkParams!(params(), Array.from({ length: 200 }, (_, j) => ({ name: `b${j}`, type: 'boolean' as const })))).not.toThrow();
  });

  it('refuses a table too wide before any training when fitted directly', async () => {
    await expect(autoregressive.fit({ rowCount: 12, columns: categorical(1000) }, params({ lookups: 'off' }), Rng.seeded(1))).rejects.toMatchObject({ status: 422, extensions: { column_count: 1000 } });
  });
});
