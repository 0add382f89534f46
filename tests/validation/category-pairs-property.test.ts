/**
 * categoryPairs (core/validation/category-pairs.ts) counts over category codes; here it is checked
 * against a straightforward reference over label strings, on random tables holding missing values,
 * labels unknown to the real rows, repeated and unused categories, codes off the category list,
 * booleans and a synthetic column read as text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryPairs, MAX_PAIR_COLUMNS, MAX_PAIR_LEVELS, type UnseenPair } from '../../core/validation/category-pairs.js';
import { columnLabels, isCategorical, type Column, type Table } from '../../core/table/model.js';

/** The check as first written: a set of JSON keys of the real pairs per column pair, then a count per synthetic key. */
function reference(real: Table, synthetic: Table) {
  const columns: { name: string; real: (string | null)[]; synthetic: (string | null)[]; known: Set<string> }[] = [];
  for (const r of real.columns) {
    if (columns.length === MAX_PAIR_COLUMNS) break;
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!isCategorical(r) || !s) continue;
    const labels = columnLabels(r);
    const known = new Set(labels.filter((l): l is string => l !== null));
    if (known.size < 2 || known.size > MAX_PAIR_LEVELS) continue;
    columns.push({ name: r.name, real: labels, synthetic: columnLabels(s), known });
  }
  const key = (x: string, y: string) => JSON.stringify([x, y]);
  const flagged = new Set<number>();
  const unseen: UnseenPair[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const [a, b] = [columns[i]!, columns[j]!];
      const seen = new Set<string>();
      a.real.forEach((x, r) => x !== null && b.real[r] !== null && seen.add(key(x, b.real[r]!)));
      const counts = new Map<string, number>();
      a.synthetic.forEach((x, r) => {
        const y = b.synthetic[r];
        if (x == null || y == null || !a.known.has(x) || !b.known.has(y) || seen.has(key(x, y))) return;
        flagged.add(r);
        counts.set(key(x, y), (counts.get(key(x, y)) ?? 0) + 1);
      });
      for (const [k, rows] of counts) unseen.push({ columns: [a.name, b.name], values: JSON.parse(k) as [string, string], rows });
    }
  }
  return { rows: flagged.size, columns_checked: columns.map((c) => c.name), pairs_checked: columns.reduce((n, _, i) => n + i, 0), top: unseen.sort((p, q) => q.rows - p.rows).slice(0, 5) };
}

// Labels that collide as careless keys would ("a,b" against a pair "a" + "b") and a repeated category.
const LABELS = ['a', 'b', 'c', 'a,b', '"', '', 'a'];

/** A category column over some of LABELS (codes may fall off the list: missing, as cellLabel reads them). */
const categoryColumn = (name: string, rows: number) =>
  fc.record({
    categories: fc.shuffledSubarray(LABELS, { minLength: 1 }),
    boolean: fc.boolean(),
    codes: fc.array(fc.integer({ min: -1, max: LABELS.length }), { minLength: rows, maxLength: rows }),
  }).map(({ categories, boolean, codes }): Column => ({ type: boolean ? 'boolean' : 'categorical', name, categories, codes: Int32Array.from(codes) }));

/** A pair of tables of the same columns; a synthetic column may be text holding the labels. */
const tables = fc.record({ columns: fc.integer({ min: 0, max: 12 }), real: fc.integer({ min: 0, max: 30 }), synthetic: fc.integer({ min: 0, max: 30 }) }).chain(({ columns, real, synthetic }) => {
  const names = Array.from({ length: columns }, (_, k) => `k${k}`);
  return fc.record({
    real: fc.tuple(...names.map((n) => categoryColumn(n, real))),
    synthetic: fc.tuple(...names.map((n) => fc.tuple(categoryColumn(n, synthetic), fc.boolean()))),
  }).map(({ real: r, synthetic: s }) => ({
    real: { rowCount: real, columns: r } as Table,
    synthetic: {
      rowCount: synthetic,
      columns: s.map(([c, asText]): Column => (asText ? { type: 'text', name: c.name, values: columnLabels(c) } : c)),
    } as Table,
  }));
});

describe('categoryPairs over codes', () => {
  it('says what the reference over label keys says, on random tables', () => {
    fc.assert(
      fc.property(tables, ({ real, synthetic }) => {
        const got = categoryPairs(real, synthetic);
        const want = reference(real, synthetic);
        expect({ rows: got.rows, columns_checked: got.columns_checked, pairs_checked: got.pairs_checked, top: got.top }).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
