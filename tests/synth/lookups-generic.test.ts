/** Lookups around every generator but the copula (with-lookups.ts): only pairs the data holds, conditions through the determinant, exact saves and resumes. */
import { describe, expect, it } from 'vitest';
import { bytesOf, expectExactResume, expectLoadRoundTrip } from '../helpers/synth-contract.js';
import { CopulaGanParams, CtganParams, copulaGan, ctgan } from '../../core/synth/ctgan.js';
import { TvaeParams, tvae } from '../../core/synth/tvae.js';
import { ArgnParams, autoregressive } from '../../core/synth/argn.js';
import { PrivBayesParams, privBayes } from '../../core/synth/privbayes.js';
import { decodeJson, type FittedModel, type Synthesizer } from '../../core/synth/synthesizer.js';
import { LookupsChoice, withLookups } from '../../core/synth/with-lookups.js';
import { z } from 'zod';
import { synthesizers } from '../../core/synth/registry.js';
import { Rng } from '../../core/random.js';
import { writeCsv } from '../../core/table/csv.js';
import { columnLabels, getColumn, type Column, type Table } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const categorical = (name: string, labels: readonly string[]): Column => {
  const categories = [...new Set(labels)];
  return { type: 'categorical', name, categories, codes: Int32Array.from(labels, (l) => categories.indexOf(l)) };
};

/** 400 rows: a code of 8 levels, a number rising with it, the code's name and its region (C0–C3 north, C4–C7 south). */
function coded(): Table {
  const n = 400;
  const rng = Rng.seeded(1);
  const k = Array.from({ length: n }, () => Math.floor(rng.uniform() * 8));
  return {
    rowCount: n,
    columns: [
      categorical('code', k.map((i) => `C${i}`)),
      // Overlapping per code (no code is a range of x): the code is looked up, never read off x.
      { type: 'float', name: 'x', values: Float64Array.from(k, (i) => i + 2 * rng.uniform()), decimals: 3 },
      categorical('name', k.map((i) => `name ${i}`)),
      categorical('region', k.map((i) => (i < 4 ? 'north' : 'south'))),
    ],
  };
}

const table = coded();
const names = table.columns.map((c) => c.name);
const rowsOf = (t: Table) => {
  const [code, name, region] = ['code', 'name', 'region'].map((c) => columnLabels(getColumn(t, c)!));
  return code!.map((c, r) => `${c}|${name![r]}|${region![r]}`);
};
const held = new Set(rowsOf(table));

const neural = { epochs: 2, batch_size: 100, embedding_dim: 16 };
const gan = { ...neural, generator_dim: [32, 32], discriminator_dim: [32, 32] };
const vae = { ...neural, compress_dims: [32], decompress_dims: [32] };

interface Case {
  readonly synth: Synthesizer<never>;
  readonly parse: (over: Record<string, unknown>) => never;
  readonly format: string;
}
const cases: Record<string, Case> = {
  ctgan: { synth: ctgan as Synthesizer<never>, parse: (o) => CtganParams.parse({ ...gan, ...o }) as never, format: 'tabmimic.ctgan.v1' },
  copulagan: { synth: copulaGan as Synthesizer<never>, parse: (o) => CopulaGanParams.parse({ ...gan, ...o }) as never, format: 'tabmimic.ctgan.v1' },
  tvae: { synth: tvae as Synthesizer<never>, parse: (o) => TvaeParams.parse({ ...vae, ...o }) as never, format: 'tabmimic.tvae.v1' },
  autoregressive: { synth: autoregressive as Synthesizer<never>, parse: (o) => ArgnParams.parse({ epochs: 2, hidden: 16, ...o }) as never, format: 'tabmimic.argn.v1' },
  privbayes: { synth: privBayes as Synthesizer<never>, parse: (o) => PrivBayesParams.parse(o) as never, format: 'tabmimic.privbayes.v1' },
};

const formatOf = (m: FittedModel) => (decodeJson(m.save()) as { format: string }).format;

describe.each(Object.entries(cases))('%s with lookups', (_, { synth, parse, format }) => {
  it('looks name and region up from code: every sampled pair is one the data holds, in the table’s column order', async () => {
    const model = await synth.fit(table, parse({}), Rng.seeded(0));
    expect(model.lookups?.()).toEqual([
      { column: 'name', from: 'code' },
      { column: 'region', from: 'code' },
    ]);
    expect(formatOf(model)).toBe('tabmimic.lookups.v1');
    const sample = model.sample(300, Rng.seeded(2));
    expect(sample.columns.map((c) => c.name)).toEqual(names);
    for (const row of rowsOf(sample)) expect(held.has(row)).toBe(true);
  });

  it('saves, loads and samples the same bytes', async () => {
    const bytes = await expectLoadRoundTrip(synth, table, parse({}));
    expect((await synth.load(bytes)).lookups?.().map((l) => l.column)).toEqual(['name', 'region']);
  });

  it('with lookups off, is the generator alone: its own format, and the same bytes as a fit that finds none', async () => {
    const off = await synth.fit(table, parse({ lookups: 'off' }), Rng.seeded(0));
    expect(off.lookups?.() ?? []).toEqual([]);
    expect(formatOf(off)).toBe(format);
    // A model saved before lookups existed (the generator's own format) still loads and samples.
    const loaded = await synth.load(off.save());
    expect(writeCsv(loaded.sample(50, Rng.seeded(3)))).toBe(writeCsv(off.sample(50, Rng.seeded(3))));
    // Without a determined column, auto changes nothing.
    const plain: Table = { rowCount: table.rowCount, columns: table.columns.filter((c) => c.name !== 'name' && c.name !== 'region') };
    const [a, b] = [await synth.fit(plain, parse({}), Rng.seeded(4)), await synth.fit(plain, parse({ lookups: 'off' }), Rng.seeded(4))];
    expect(bytesOf(a.save())).toBe(bytesOf(b.save()));
  });

  it.runIf(synth.capabilities.conditional)('conditions on a determined column through its determinant: one level, or several by rejection', async () => {
    const model = await synth.fit(table, parse({}), Rng.seeded(0));
    const sample = model.sample(40, Rng.seeded(5), { name: 'name 3' });
    expect(new Set(rowsOf(sample))).toEqual(new Set(['C3|name 3|north']));
    expect(() => model.sample(10, Rng.seeded(5), { name: 'nowhere' })).toThrow(/no such value/);
    expect(() => model.sample(10, Rng.seeded(5), { name: 'name 3', code: 'C4' })).toThrow(/never holds these values together/);
    // North is C0–C3: rows the model draws elsewhere are drawn again.
    const north = model.sample(60, Rng.seeded(5), { region: 'north' });
    expect(north.rowCount).toBe(60);
    for (const row of rowsOf(north)) expect(row).toMatch(/^C[0-3]\|name [0-3]\|north$/);
    expect(writeCsv(north)).toBe(writeCsv(model.sample(60, Rng.seeded(5), { region: 'north' })));
    expect(model.sample(0, Rng.seeded(5), { region: 'north' }).rowCount).toBe(0);
  });
});

describe('withLookups around any synthesizer', () => {
  /** A stand-in that draws code C0 or C1 only, and a number. */
  const stub: Synthesizer<{ lookups: 'auto' | 'off' }> = withLookups({
    name: 'stub',
    aliases: [],
    description: 'test',
    params: z.object({ lookups: LookupsChoice.default('auto') }),
    capabilities: { conditional: true, numericConditions: false, constraints: false, differentialPrivacy: false },
    fit: async (t) => {
      const columns = t.columns.map((c) => c.name);
      const model: FittedModel = {
        sample: (rows, rng) => ({
          rowCount: rows,
          columns: [
            { type: 'categorical', name: 'code', categories: ['C0', 'C1'], codes: Int32Array.from({ length: rows }, () => (rng.uniform() < 0.5 ? 0 : 1)) },
            { type: 'float', name: 'x', values: new Float64Array(rows).fill(1) },
          ].filter((c) => columns.includes(c.name)) as Column[],
        }),
        save: () => new TextEncoder().encode(JSON.stringify({ format: 'stub', columns })),
      };
      return model;
    },
    load: async () => {
      throw new Error('not used');
    },
  });

  it('refuses with a 422 conditions its model cannot meet by rejection', async () => {
    const model = await stub.fit(table, { lookups: 'auto' }, Rng.seeded(0));
    expect(model.lookups?.().map((l) => l.column)).toEqual(['name', 'region']);
    expect(new Set(columnLabels(getColumn(model.sample(50, Rng.seeded(1), { region: 'north' }), 'name')!))).toEqual(new Set(['name 0', 'name 1']));
    let error: unknown;
    try {
      model.sample(10, Rng.seeded(1), { region: 'south' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(422);
    expect((error as Error).message).toMatch(/region = "south": fewer than one row in 100 the model draws meets them; condition on code directly/);
  });
});

describe('lookups and the trainers', () => {
  it.each([
    ['ctgan', ctgan as Synthesizer<never>, CtganParams.parse(gan) as never],
    ['autoregressive', autoregressive as Synthesizer<never>, ArgnParams.parse({ epochs: 3, hidden: 16 }) as never],
  ] as const)('%s resumes a checkpoint with lookups to the bytes of an uninterrupted run, and of fit', async (_, synth, params) => {
    await expectExactResume(synth, table, params, 1);
    const run = await synth.trainer!.start(table, params, Rng.seeded(7).uint32());
    while (!run.finished) await run.runEpoch();
    const trained = run.finish();
    run.dispose();
    expect(trained.lookups?.().length).toBe(2);
    expect(bytesOf(trained.save())).toBe(bytesOf((await synth.fit(table, params, Rng.seeded(7))).save()));
  });
});

describe('lookups and levels no row holds', () => {
  it('draws again the rows whose determinant took a category the rows never hold, rather than fail to look it up', async () => {
    // A split keeps the column's categories: `C9` is listed but on no row, and a barely trained network still gives it mass.
    const code = table.columns[0] as Extract<Column, { codes: Int32Array }>;
    const split: Table = { ...table, columns: [{ ...code, categories: [...code.categories, 'C9'] }, ...table.columns.slice(1)] };
    for (const [synth, params] of [
      [tvae as Synthesizer<never>, TvaeParams.parse({ ...vae, epochs: 1 }) as never],
      [ctgan as Synthesizer<never>, CtganParams.parse({ ...gan, epochs: 1 }) as never],
    ] as const) {
      const model = await synth.fit(split, params, Rng.seeded(0));
      const sample = model.sample(500, Rng.seeded(2));
      for (const row of rowsOf(sample)) expect(held.has(row), synth.name).toBe(true);
      expect(writeCsv(sample)).toBe(writeCsv(model.sample(500, Rng.seeded(2))));
    }
  });
});

describe('lookups under differential privacy', () => {
  it('are off with epsilon, even when asked for: finding them reads the data outside the budget', async () => {
    for (const [name, schema] of [
      ['privbayes', PrivBayesParams],
      ['autoregressive', ArgnParams],
    ] as const) {
      expect(schema.parse({}).lookups, name).toBe('auto');
      expect(schema.parse({ epsilon: 1 }).lookups, name).toBe('off');
      expect(schema.parse({ epsilon: 1, lookups: 'auto' }).lookups, name).toBe('off');
    }
    const dp = await privBayes.fit(table, PrivBayesParams.parse({ epsilon: 1, lookups: 'auto' }), Rng.seeded(0));
    expect(dp.lookups?.() ?? []).toEqual([]);
    expect(formatOf(dp)).toBe('tabmimic.privbayes.v1');
    expect(dp.privacy?.()?.epsilon).toBe(1);
    const argn = await autoregressive.fit(table, ArgnParams.parse({ epochs: 1, hidden: 16, epsilon: 5 }), Rng.seeded(0));
    expect(argn.lookups?.() ?? []).toEqual([]);
    expect(formatOf(argn)).toBe('tabmimic.argn.v1');
  });

  it('every generator takes a lookups param', () => {
    for (const s of synthesizers) expect(s.params.safeParse({ lookups: 'off' }).success, s.name).toBe(true);
  });
});
