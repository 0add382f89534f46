/**
 * `fixed_combinations` on number columns: rejection kept only rows whose generated numbers equal a
 * real pair, which continuous values almost never do, so nearly every row came out blank. The
 * number members are now replaced by real combinations (fixed-combinations.ts).
 */
import { describe, expect, it } from 'vitest';
import { sampleWithConstraints, sampleWithConstraintsInBatches, type Constraint } from '../../core/synth/constraints.js';
import { CopulaParams } from '../../core/synth/copula.js';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { Rng } from '../../core/random.js';
import { cellLabel, getColumn, numbersOf, type Table } from '../../core/table/model.js';

/** g in A/B/C; x a float by g; y an integer ≈ 10 x; z ≈ x (not constrained); x and y missing together in 2 %. */
function real(n: number): Table {
  const rng = Rng.seeded(7);
  const g = Int32Array.from({ length: n }, () => rng.int(0, 2));
  const x = Float64Array.from(g, (k) => Math.round((k * 3 + rng.normal()) * 1000) / 1000);
  const y = Float64Array.from(x, (v) => Math.round(v * 10 + rng.normal() * 2));
  const z = Float64Array.from(x, (v) => Math.round((v + rng.normal() * 0.3) * 100) / 100);
  for (let r = 0; r < n; r += 50) x[r] = y[r] = NaN;
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'g', codes: g, categories: ['A', 'B', 'C'] },
      { type: 'float', name: 'x', values: x, decimals: 3 },
      { type: 'integer', name: 'y', values: y },
      { type: 'float', name: 'z', values: z, decimals: 2 },
    ],
  };
}

const combos = (t: Table, names: readonly string[]) => Array.from({ length: t.rowCount }, (_, r) => names.map((n) => cellLabel(getColumn(t, n)!, r) ?? '∅').join('|'));
const blankShare = (t: Table, name: string) => combos(t, [name]).filter((k) => k === '∅').length / t.rowCount;

function correlation(a: Float64Array, b: Float64Array): number {
  const rows = [...a.keys()].filter((r) => !Number.isNaN(a[r]!) && !Number.isNaN(b[r]!));
  const mean = (v: Float64Array) => rows.reduce((s, r) => s + v[r]!, 0) / rows.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (const r of rows) {
    ab += (a[r]! - ma) * (b[r]! - mb);
    aa += (a[r]! - ma) ** 2;
    bb += (b[r]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('fixed_combinations on number columns', async () => {
  const table = real(1000);
  const model = await gaussianCopula.fit(table, CopulaParams.parse({}), Rng.seeded(2));
  const draw = (n: number, r: Rng) => model.sample(n, r);
  const xy: Constraint[] = [{ type: 'fixed_combinations', columns: ['x', 'y'] }];

  it('gives only real (x, y) pairs, blank about as often as the real data', () => {
    const syn = sampleWithConstraints(draw, 2000, Rng.seeded(3), xy, table);
    expect(syn.rowCount).toBe(2000);
    const seen = new Set(combos(table, ['x', 'y']));
    expect(combos(syn, ['x', 'y']).every((k) => seen.has(k))).toBe(true);
    // 2 % blank in the real data (all of them before the fix).
    expect(blankShare(syn, 'x')).toBeGreaterThan(0.005);
    expect(blankShare(syn, 'x')).toBeLessThan(0.04);
    // Drawn near the generated values: x keeps its relation to z and to g.
    expect(correlation(numbersOf(getColumn(syn, 'x'))!, numbersOf(getColumn(syn, 'z'))!)).toBeGreaterThan(0.8);
    // Many distinct real pairs, not a few repeated.
    expect(new Set(combos(syn, ['x', 'y'])).size).toBeGreaterThan(300);
  });

  it('matches label members exactly and keeps their relation to the numbers', () => {
    const syn = sampleWithConstraints(draw, 1000, Rng.seeded(4), [{ type: 'fixed_combinations', columns: ['g', 'x'] }], table);
    const seen = new Set(combos(table, ['g', 'x']));
    expect(combos(syn, ['g', 'x']).every((k) => seen.has(k))).toBe(true);
    expect(blankShare(syn, 'x')).toBeLessThan(0.05);
    const labels = new Set(combos(syn, ['g']));
    expect(labels.size).toBe(3);
  });

  it('is deterministic, batched or not', async () => {
    const once = combos(sampleWithConstraints(draw, 500, Rng.seeded(5), xy, table), ['g', 'x', 'y', 'z']);
    expect(combos(sampleWithConstraints(draw, 500, Rng.seeded(5), xy, table), ['g', 'x', 'y', 'z'])).toEqual(once);
    const batched = await sampleWithConstraintsInBatches(draw, 500, Rng.seeded(5), xy, table, { batchRows: 120 });
    const seen = new Set(combos(table, ['x', 'y']));
    expect(batched.rowCount).toBe(500);
    expect(combos(batched, ['x', 'y']).every((k) => seen.has(k))).toBe(true);
    expect(blankShare(batched, 'x')).toBeLessThan(0.05);
  });

  it('never moves a conditioned member: the others come from real rows holding its value', () => {
    const x = numbersOf(getColumn(table, 'x'))![1]!;
    const syn = sampleWithConstraints((n, r) => model.sample(n, r, { x }), 200, Rng.seeded(6), xy, table, ['x']);
    const seen = new Set(combos(table, ['x', 'y']));
    const pairs = combos(syn, ['x', 'y']);
    expect(pairs.every((k) => seen.has(k) && k.startsWith(`${x}|`))).toBe(true);
  });
});
