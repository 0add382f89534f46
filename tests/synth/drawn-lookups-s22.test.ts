import { describe, expect, it } from 'vitest';
import { gaussianCopula } from '../../core/synth/gaussian-copula.js';
import { findDrawn } from '../../core/synth/lookups.js';
import { levelsOf } from '../../core/synth/copula.js';
import { encodeJson, decodeJson } from '../../core/synth/synthesizer.js';
import { Rng } from '../../core/random.js';
import { columnLabels, getColumn, type Column, type Table } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const categorical = (name: string, labels: readonly string[]): Column => {
  const categories = [...new Set(labels)];
  return { type: 'categorical', name, categories, codes: Int32Array.from(labels, (l) => categories.indexOf(l)) };
};

/** 300 rows, 200 items (100 twice, 100 once), each of one of 3 groups (shares 1/2, 1/3, 1/6), and a number. */
function items(): Table {
  const rng = Rng.seeded(7);
  const n = 300;
  const item = Array.from({ length: n }, (_, i) => `item ${i < 200 ? i : i - 200}`);
  const groupOf = (k: number) => (k % 6 < 3 ? 'g0' : k % 6 < 5 ? 'g1' : 'g2');
  const group = item.map((_, i) => groupOf(i < 200 ? i : i - 200));
  const x = Float64Array.from(group, (g) => Number(g[1]) * 5 + rng.normal());
  return { rowCount: n, columns: [{ type: 'text', name: 'item', values: item }, categorical('group', group), { type: 'float', name: 'x', values: x, decimals: 3 }] };
}

const truth = new Map(columnLabels(getColumn(items(), 'item')!).map((v, i) => [v, columnLabels(getColumn(items(), 'group')!)[i]]));
const mismatches = (t: Table) => {
  const g = columnLabels(getColumn(t, 'group')!);
  return columnLabels(getColumn(t, 'item')!).filter((v, i) => truth.get(v) !== g[i]).length;
};
const share = (t: Table, level: string) => columnLabels(getColumn(t, 'group')!).filter((v) => v === level).length / t.rowCount;

describe('a many-level column drawn to go with the few-level one it determines', () => {
  it('is found when the repeats are evidence, not for distinct values', () => {
    const t = items();
    expect(findDrawn(t, ['item', 'group'], levelsOf, new Set()).map((d) => [d.column, d.given])).toEqual([['item', 'group']]);
    // Every item once: "determines" anything, so no evidence.
    const once: Table = { rowCount: 200, columns: [{ type: 'text', name: 'item', values: Array.from({ length: 200 }, (_, i) => `i${i}`) }, categorical('group', Array.from({ length: 200 }, (_, i) => `g${i % 3}`))] };
    expect(findDrawn(once, ['item', 'group'], levelsOf, new Set())).toEqual([]);
  });

  it('pairs every item with its group, keeps the group shares, is deterministic, and says so in the lookups', async () => {
    const model = await gaussianCopula.fit(items(), gaussianCopula.params.parse({}), Rng.seeded(0));
    const a = model.sample(600, Rng.seeded(3));
    expect(mismatches(a)).toBe(0);
    for (const [g, p] of [['g0', 1 / 2], ['g1', 1 / 3], ['g2', 1 / 6]] as const) expect(Math.abs(share(a, g) - p)).toBeLessThan(0.03);
    expect(new Set(columnLabels(getColumn(a, 'item')!)).size).toBeGreaterThan(150);
    expect(encodeJson(model.sample(600, Rng.seeded(3)).columns.map((c) => columnLabels(c)))).toEqual(encodeJson(a.columns.map((c) => columnLabels(c))));
    expect(model.lookups?.()).toEqual([{ column: 'item', from: 'group' }]);
    const loaded = await gaussianCopula.load(model.save());
    expect(mismatches(loaded.sample(300, Rng.seeded(4)))).toBe(0);
  });

  it('conditions: an item fixes its group, a group restricts the items, and both must agree', async () => {
    const model = await gaussianCopula.fit(items(), gaussianCopula.params.parse({}), Rng.seeded(0));
    const byItem = model.sample(50, Rng.seeded(1), { item: 'item 4' });
    expect(new Set(columnLabels(getColumn(byItem, 'item')!))).toEqual(new Set(['item 4']));
    expect(new Set(columnLabels(getColumn(byItem, 'group')!))).toEqual(new Set(['g1']));
    const byGroup = model.sample(100, Rng.seeded(1), { group: 'g2' });
    expect(mismatches(byGroup)).toBe(0);
    expect(new Set(columnLabels(getColumn(byGroup, 'group')!))).toEqual(new Set(['g2']));
    expect(() => model.sample(10, Rng.seeded(1), { item: 'item 4', group: 'g0' })).toThrow(ProblemError);
    expect(() => model.sample(10, Rng.seeded(1), { item: 'no such item' })).toThrow(ProblemError);
  });

  it('a model saved without drawn columns loads and samples the same bytes as the same model with them stripped', async () => {
    const model = await gaussianCopula.fit(items(), gaussianCopula.params.parse({}), Rng.seeded(0));
    const saved = decodeJson(model.save()) as { format: string; drawn?: unknown; lookups: unknown[]; model: unknown };
    expect(saved.format).toBe('tabmimic.gaussian_copula_lookups.v1');
    const { drawn: _, ...old } = saved;
    const oldModel = await gaussianCopula.load(encodeJson(old));
    // The old record: no drawn columns, so the body as it always sampled (and as it re-saves).
    expect(new TextDecoder().decode(oldModel.save())).toBe(new TextDecoder().decode(encodeJson(old)));
    const inner = await gaussianCopula.load(encodeJson(saved.model));
    const same = (t: Table) => encodeJson(t.columns.map((c) => columnLabels(c)));
    expect(same(oldModel.sample(200, Rng.seeded(9)))).toEqual(same(inner.sample(200, Rng.seeded(9))));
    expect(oldModel.lookups?.()).toEqual([]);
  });
});
