import { describe, expect, it } from 'vitest';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula, shareOut } from '../../core/synth/gaussian-copula.js';
import { pearson } from '../../core/metrics/quality.js';
import { Rng } from '../../core/random.js';
import { columnLabels, getColumn, takeRows, type NumberColumn, type Table, type TextColumn } from '../../core/table/model.js';
import { writeCsv } from '../../core/table/csv.js';
import { ProblemError } from '../../core/errors.js';
import { findSynthesizer } from '../../core/synth/registry.js';

/**
 * Simpson's paradox: within group a, x and y rise together (ρ = +0.8); within b they fall (ρ = −0.8);
 * b sits far from a. One copula can only average the two links.
 */
function simpsonTable(n: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  const codes = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  codes.forEach((g, i) => {
    const e0 = rng.normal();
    const e1 = 0.8 * e0 + 0.6 * rng.normal();
    x[i] = g ? 8 + e0 : e0;
    y[i] = g ? 8 - e1 : e1;
  });
  const id = Array.from({ length: n }, (_, i) => `C-${String(100000 + i * 7)}`);
  return {
    rowCount: n,
    columns: [
      { type: 'id', name: 'id', values: id },
      { type: 'float', name: 'x', values: x, decimals: 6 },
      { type: 'categorical', name: 'group', categories: ['a', 'b'], codes },
      { type: 'float', name: 'y', values: y, decimals: 6 },
    ],
  };
}

/**
 * a splits the table, and b splits each a again, moving x (and y with it) one way under a0 and the
 * other under a1; with `zeros`, z is exactly 0 where b = b1 (a zero-inflated amount), 10+ elsewhere.
 */
function interacting(n: number, zeros: boolean): Table {
  const rng = Rng.seeded(6);
  const a = Int32Array.from({ length: n }, (_, i) => i % 2);
  const b = Int32Array.from({ length: n }, (_, i) => (i >> 1) % 2);
  const x = Float64Array.from({ length: n }, (_, r) => 3 * a[r]! + (a[r] ? 2 : -2) * b[r]! * (1 + rng.uniform()) + rng.normal());
  const y = Float64Array.from(x, (v) => v + rng.normal());
  const z = zeros ? Float64Array.from({ length: n }, (_, r) => (b[r] ? 0 : 10 + 30 * rng.uniform() + x[r]!)) : undefined;
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'a', categories: ['a0', 'a1'], codes: a },
      { type: 'categorical', name: 'b', categories: ['b0', 'b1'], codes: b },
      { type: 'float', name: 'x', values: x, decimals: 6 },
      { type: 'float', name: 'y', values: y, decimals: 6 },
      ...(z ? [{ type: 'float' as const, name: 'z', values: z, decimals: 6 }] : []),
    ],
  };
}

const values = (t: Table, name: string) => (getColumn(t, name) as NumberColumn).values;
const labels = (t: Table, name: string) => columnLabels(getColumn(t, name)!);
function rowsOf(t: Table, level: string): Table {
  const rows: number[] = [];
  labels(t, 'group').forEach((g, i) => g === level && rows.push(i));
  return takeRows(t, rows);
}
const withinCorrelation = (t: Table, level: string) => pearson(values(rowsOf(t, level), 'x'), values(rowsOf(t, level), 'y'))!;

const auto = CopulaParams.parse({});
const real = simpsonTable(3000, 1);

describe('Gaussian copula mixture', () => {
  it("keeps each group's own correlation, which one copula cannot (Simpson's paradox)", async () => {
    const synthetic = (await gaussianCopula.fit(real, auto, Rng.seeded(2))).sample(3000, Rng.seeded(3));
    expect(withinCorrelation(synthetic, 'a')).toBeCloseTo(0.8, 1);
    expect(withinCorrelation(synthetic, 'b')).toBeCloseTo(-0.8, 1);
    // The single copula, for contrast: both groups get one averaged link.
    const single = (await gaussianCopula.fit(real, CopulaParams.parse({ strata: 'off' }), Rng.seeded(2))).sample(3000, Rng.seeded(3));
    expect(Math.abs(withinCorrelation(single, 'b') - -0.8)).toBeGreaterThan(0.5);
  });

  it("reproduces the groups' shares to within a row, in shuffled order", async () => {
    const synthetic = (await gaussianCopula.fit(real, auto, Rng.seeded(2))).sample(999, Rng.seeded(4));
    const groups = labels(synthetic, 'group');
    expect(groups.filter((g) => g === 'b').length).toBe(333);
    expect(groups.slice(0, 30).some((g) => g === 'a') && groups.slice(0, 30).some((g) => g === 'b')).toBe(true);
    const rng = Rng.seeded(5);
    for (let k = 0; k < 50; k++) {
      const counts = shareOut(10, [1, 1, 1], rng);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
      expect(counts.every((c) => c === 3 || c === 4)).toBe(true);
      expect(shareOut(7, [0.5, 0, 0.5], rng)[1]).toBe(0);
    }
    // One row at a time still goes to each group as often as its weight says.
    const ones = [0, 0, 0];
    for (let k = 0; k < 4000; k++) shareOut(1, [0.5, 0.3, 0.2], rng).forEach((c, g) => (ones[g]! += c / 4000));
    expect(ones[0]).toBeCloseTo(0.5, 1);
    expect(ones[1]).toBeCloseTo(0.3, 1);
    expect(ones[2]).toBeCloseTo(0.2, 1);
  });

  it('regenerates ids once for the whole sample, so they stay unique across groups', async () => {
    const synthetic = (await gaussianCopula.fit(real, auto, Rng.seeded(2))).sample(3000, Rng.seeded(5));
    const ids = (getColumn(synthetic, 'id') as TextColumn).values;
    expect(new Set(ids).size).toBe(3000);
    expect(synthetic.columns.map((c) => c.name)).toEqual(['id', 'x', 'group', 'y']);
  });

  it('meets conditions exactly and draws the groups they point to', async () => {
    const model = await gaussianCopula.fit(real, auto, Rng.seeded(2));
    const inB = model.sample(200, Rng.seeded(6), { group: 'b' });
    expect(new Set(labels(inB, 'group'))).toEqual(new Set(['b']));
    expect(withinCorrelation(inB, 'b')).toBeLessThan(-0.6);
    // x = 8 only happens in group b: every row drawn given it is b.
    const atEight = model.sample(200, Rng.seeded(7), { x: 8 });
    expect(new Set(values(atEight, 'x'))).toEqual(new Set([8]));
    expect(new Set(labels(atEight, 'group'))).toEqual(new Set(['b']));
    // x = 4 is halfway: the groups share the rows by their weight times density there.
    const between = labels(model.sample(400, Rng.seeded(8), { x: 4 }), 'group');
    expect(between.filter((g) => g === 'a').length).toBeGreaterThan(0);
  });

  it("weighs groups by their copula's joint density, so groups that differ only in correlation are told apart", async () => {
    // Same marginals in both groups; x and y are independent in a and almost equal in b (ρ = 0.95).
    const rng = Rng.seeded(3);
    const n = 6000;
    const codes = Int32Array.from({ length: n }, (_, i) => i % 2);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const w = new Float64Array(n);
    codes.forEach((g, i) => {
      const e = rng.normal();
      x[i] = e;
      y[i] = g ? 0.95 * e + Math.sqrt(1 - 0.95 ** 2) * rng.normal() : rng.normal();
      w[i] = 3 * g + rng.normal();
    });
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'g', categories: ['a', 'b'], codes },
        { type: 'float', name: 'x', values: x, decimals: 3 },
        { type: 'float', name: 'y', values: y, decimals: 3 },
        { type: 'float', name: 'w', values: w, decimals: 3 },
      ],
    };
    const model = await gaussianCopula.fit(table, auto, Rng.seeded(2));
    const shareOfB = (conditions: Record<string, number>) => labels(model.sample(1000, Rng.seeded(1), conditions), 'group' in conditions ? 'group' : 'g').filter((g) => g === 'b').length / 1000;
    // Under b, (2, −2) is 4.7σ off its diagonal; under a it is merely unusual. Column by column the two look alike.
    expect(shareOfB({ x: 2, y: -2 })).toBeLessThan(0.02);
    expect(shareOfB({ x: 2, y: 2 })).toBeGreaterThan(0.9);
  });

  it('sends a number between the groups to the nearer one, however far past both ranges it lies', async () => {
    const model = await gaussianCopula.fit(real, auto, Rng.seeded(2));
    // a's x is about N(0, 1), b's N(8, 1): 6 is nearer b, 2 nearer a, 30 beyond every value seen.
    const share = (x: number, group: string) => labels(model.sample(200, Rng.seeded(1), { x }), 'group').filter((g) => g === group).length / 200;
    expect(share(6, 'b')).toBeGreaterThan(0.95);
    expect(share(2, 'a')).toBeGreaterThan(0.95);
    expect(share(30, 'b')).toBe(1);
    expect(share(-30, 'a')).toBe(1);
    // An absurd value overflows no group's likelihood into a refusal.
    expect(model.sample(5, Rng.seeded(1), { x: 1e200 }).rowCount).toBe(5);
  });

  it('models a text column the same way in every group, so conditions on its values work', async () => {
    // Repeated names overall, but group b's are mostly one-off: alone, b would regenerate them by shape.
    const n = 1000;
    const rng = Rng.seeded(1);
    const codes = Int32Array.from({ length: n }, (_, i) => (i < 600 ? 0 : 1));
    const table: Table = {
      rowCount: n,
      columns: [
        { type: 'categorical', name: 'g', categories: ['a', 'b'], codes },
        { type: 'float', name: 'x', values: Float64Array.from(codes, (g) => 20 * g + rng.normal()), decimals: 3 },
        { type: 'float', name: 'y', values: Float64Array.from(codes, (g) => -20 * g + rng.normal()), decimals: 3 },
        { type: 'text', name: 'name', values: Array.from({ length: n }, (_, i) => (i < 600 ? `common-${i % 100}` : i < 620 ? 'shared-b' : `rare-${i}`)) },
      ],
    };
    const model = await gaussianCopula.fit(table, auto, Rng.seeded(2));
    expect(JSON.parse(new TextDecoder().decode(model.save())).format).toBe('tabmimic.gaussian_copula_mixture.v1');
    expect(new Set(labels(model.sample(100, Rng.seeded(3), { name: 'shared-b' }), 'g'))).toEqual(new Set(['b']));
    expect(new Set((getColumn(model.sample(100, Rng.seeded(3), { name: 'common-5' }), 'name') as TextColumn).values)).toEqual(new Set(['common-5']));
    // Each value alone is possible, together in no group: a 422 naming the combination, not one group's complaint.
    expect(() => model.sample(10, Rng.seeded(3), { g: 'b', name: 'common-5' })).toThrow(/g = "b", name = "common-5": no group of g has these values together/);
  });

  it('samples no rows as typed empty columns', async () => {
    const empty = (await gaussianCopula.fit(real, auto, Rng.seeded(2))).sample(0, Rng.seeded(1));
    expect(empty.rowCount).toBe(0);
    expect(empty.columns.map((c) => [c.name, c.type])).toEqual(real.columns.map((c) => [c.name, c.type]));
  });

  it('refuses what no group can meet, as a single copula does', async () => {
    const model = await gaussianCopula.fit(real, auto, Rng.seeded(2));
    expect(() => model.sample(10, Rng.seeded(1), { group: 'z' })).toThrow(/no such value/);
    expect(() => model.sample(10, Rng.seeded(1), { nope: 1 })).toThrow(/unknown column nope/);
    expect(() => model.sample(10, Rng.seeded(1), { id: 'C-100000' })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { x: null })).toThrow(/no missing values/);
    // A number far from a group's values is unlikely there, not impossible.
    expect(() => model.sample(10, Rng.seeded(1), { group: 'b', x: -20 })).not.toThrow();
    expect(() => model.sample(10, Rng.seeded(1), { id: 'C-100000', x: 1 })).toThrow(ProblemError);
  });

  it('saves and loads to the same samples, byte for byte', async () => {
    const model = await gaussianCopula.fit(real, auto, Rng.seeded(2));
    const again = await gaussianCopula.fit(real, auto, Rng.seeded(2));
    expect(Buffer.from(again.save()).equals(Buffer.from(model.save()))).toBe(true);
    const loaded = await gaussianCopula.load(model.save());
    const csv = (t: Table) => Buffer.from(writeCsv(t)).toString('base64');
    expect(csv(loaded.sample(500, Rng.seeded(9), { group: 'a' }))).toBe(csv(model.sample(500, Rng.seeded(9), { group: 'a' })));
    expect(JSON.parse(new TextDecoder().decode(model.save())).format).toBe('tabmimic.gaussian_copula_mixture.v1');
  });

  it('a single copula stays one when asked, or when no column splits the numbers', async () => {
    const off = await gaussianCopula.fit(real, CopulaParams.parse({ strata: 'off' }), Rng.seeded(2));
    // One copula draws groups across the x ranges that set them, so the group is then read off x (bins.ts) around it.
    const saved = JSON.parse(new TextDecoder().decode(off.save())) as { format: string; inner?: { format: string } };
    expect((saved.inner ?? saved).format).toBe('tabmimic.gaussian_copula.v1');
    const loaded = await gaussianCopula.load(off.save());
    expect(loaded.sample(5, Rng.seeded(1)).rowCount).toBe(5);
    expect(() => gaussianCopula.checkParams!(CopulaParams.parse({ strata: { column: 'x' } }), [{ name: 'x', type: 'datetime' }])).toThrow(/must be a categorical/);
    // A number may be a strata column when it has few values, which only its rows can tell.
    const numberCheck = gaussianCopula.checkParams!(CopulaParams.parse({ strata: { column: 'x' } }), [{ name: 'x', type: 'float' }]);
    expect(() => numberCheck!(real)).toThrow(/or a number of few values \(it is float\)/);
    expect(() => gaussianCopula.checkParams!(CopulaParams.parse({ numerical_distributions: { group: 'norm' } }), [{ name: 'group', type: 'categorical' }])).toThrow(/number and datetime/);
  });

  it('splits a big group again, and within each part the second column moves the numbers its own way', async () => {
    const n = 8000;
    const table = interacting(n, false);
    const model = await gaussianCopula.fit(table, auto, Rng.seeded(1));
    expect(model.groups?.()?.groups.map((g) => `${g.levels.join()}/${g.within?.levels.join()}`)).toEqual(['a0/b0', 'a0/b1', 'a1/b0', 'a1/b1']);
    const mean = (t: Table, al: string, bl: string) => {
      const [as, bs, xs] = [labels(t, 'a'), labels(t, 'b'), values(t, 'x')];
      const picked = [...xs].filter((_, r) => as[r] === al && bs[r] === bl);
      return picked.reduce((s, v) => s + v, 0) / picked.length;
    };
    const synthetic = model.sample(n, Rng.seeded(2));
    for (const [al, bl] of [['a0', 'b0'], ['a0', 'b1'], ['a1', 'b0'], ['a1', 'b1']] as const) expect(Math.abs(mean(synthetic, al, bl) - mean(table, al, bl))).toBeLessThan(0.1);
    // A condition on the second column draws from its parts only, and the model saves and loads as it is.
    const given = model.sample(500, Rng.seeded(3), { b: 'b1' });
    expect(labels(given, 'b').every((v) => v === 'b1')).toBe(true);
    expect(Math.abs(mean(given, 'a1', 'b1') - mean(table, 'a1', 'b1'))).toBeLessThan(0.2);
    const loaded = await gaussianCopula.load(model.save());
    expect(writeCsv(loaded.sample(50, Rng.seeded(4)))).toBe(writeCsv(model.sample(50, Rng.seeded(4))));
  });

  it('draws a number from the groups that saw it, and refuses the combinations none saw, either way round', async () => {
    const table = interacting(8000, true);
    const model = await gaussianCopula.fit(table, auto, Rng.seeded(1));
    expect(model.groups?.()?.groups).toHaveLength(4);
    // z = 0 only ever came with b1: no row of b0 gets it through the soft tail past b0's range.
    expect(labels(model.sample(200, Rng.seeded(3), { z: 0 }), 'b').every((v) => v === 'b1')).toBe(true);
    expect(() => model.sample(50, Rng.seeded(3), { z: 0, b: 'b0' })).toThrow(/no group of a has these values together/);
    expect(() => model.sample(50, Rng.seeded(3), { z: 20, b: 'b1' })).toThrow(ProblemError);
    // A number no group saw still goes to the nearer group.
    expect(labels(model.sample(50, Rng.seeded(3), { z: 9999 }), 'b').every((v) => v === 'b0')).toBe(true);
  });

  it('splits by a number of few values, never by a date of few values, and keeps a named one modelled though others determine it', async () => {
    const rng = Rng.seeded(8);
    const n = 900;
    const mode = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const minutes = Float64Array.from(mode, (m) => 20 * m + 5 * rng.uniform());
    const fare = Float64Array.from(mode, (m) => 3 * m + rng.normal());
    const day = Float64Array.from(mode, (m) => Date.UTC(2024, 0, m));
    const numbers = (name: string, values: Float64Array, type: 'float' | 'integer' | 'datetime' = 'float'): NumberColumn => ({ type, name, values }) as NumberColumn;
    const coded = await gaussianCopula.fit({ rowCount: n, columns: [numbers('mode', mode, 'integer'), numbers('minutes', minutes), numbers('fare', fare)] }, CopulaParams.parse({}), Rng.seeded(0));
    expect(coded.groups?.()?.column).toBe('mode');
    // The same groups as dates: a date is no level to split by (its groups would be named by epoch milliseconds).
    const dated = await gaussianCopula.fit({ rowCount: n, columns: [numbers('day', day, 'datetime'), numbers('minutes', minutes), numbers('fare', fare)] }, CopulaParams.parse({}), Rng.seeded(0));
    expect(dated.groups?.()?.column).not.toBe('day');
    // A copy of mode would be looked up from it; named as the strata column it stays modelled, and mode follows it.
    const copied: Table = { rowCount: n, columns: [numbers('mode', mode, 'integer'), numbers('minutes', minutes), numbers('copy', mode, 'integer')] };
    const named = findSynthesizer('gaussian_copula');
    const byCopy = await named.fit(copied, named.params.parse({ strata: { column: 'copy' } }), Rng.seeded(0));
    expect(byCopy.groups?.()?.column).toBe('copy');
    const drawn = byCopy.sample(300, Rng.seeded(1));
    const [m, c] = ['mode', 'copy'].map((name) => (getColumn(drawn, name) as NumberColumn).values);
    expect(m!.every((v, i) => v === c![i])).toBe(true);
  });
});
