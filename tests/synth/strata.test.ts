import { describe, expect, it } from 'vitest';
import { chooseStrata, groupLevels, MIN_GROUP_ROWS, SMALL_GROUP_ROWS } from '../../core/synth/strata.js';
import { correlationRatio } from '../../core/stats/correlation-ratio.js';
import { Rng } from '../../core/random.js';
import { MISSING_CODE, type CategoricalColumn, type Table } from '../../core/table/model.js';
import { ProblemError } from '../../core/errors.js';

const categorical = (name: string, counts: Record<string, number>, missing = 0): CategoricalColumn => {
  const categories = Object.keys(counts);
  const codes = categories.flatMap((_, k) => new Array<number>(counts[categories[k]!]!).fill(k));
  return { type: 'categorical', name, categories, codes: Int32Array.from([...codes, ...new Array<number>(missing).fill(MISSING_CODE)]) };
};

/** Two numbers whose means move with `group` by `shift` standard deviations, and a label unrelated to them. */
function shiftedTable(n: number, shift: number, seed: number): Table {
  const rng = Rng.seeded(seed);
  const codes = Int32Array.from({ length: n }, (_, i) => i % 3);
  const noise = Int32Array.from({ length: n }, () => rng.int(0, 1));
  const x = Float64Array.from(codes, (g) => shift * g + rng.normal());
  const y = Float64Array.from(codes, (g) => -shift * g + rng.normal());
  return {
    rowCount: n,
    columns: [
      { type: 'categorical', name: 'group', categories: ['a', 'b', 'c'], codes },
      { type: 'categorical', name: 'coin', categories: ['h', 't'], codes: noise },
      { type: 'float', name: 'x', values: x },
      { type: 'float', name: 'y', values: y },
    ],
  };
}

const withoutCoin = (t: Table): Table => ({ ...t, columns: t.columns.filter((c) => c.name !== 'coin') });

describe('strata of a copula mixture', () => {
  it('η² is the between-group share of the variance (worked example)', () => {
    // Means 2 and 8 around 5: between 3·9 + 3·9 = 54 of a total 16+9+4+4+9+16 = 58.
    const worked = correlationRatio(Float64Array.of(1, 2, 3, 7, 8, 9), Int32Array.of(0, 0, 0, 1, 1, 1), 2)!;
    expect(worked.eta2).toBeCloseTo(54 / 58, 12);
    expect([...worked.means]).toEqual([2, 8]);
    expect(correlationRatio(Float64Array.of(1, NaN, 1, 1), Int32Array.of(0, 0, 1, 1), 2)?.eta2).toBe(0);
    expect(correlationRatio(Float64Array.of(NaN), Int32Array.of(0), 1)).toBeUndefined();
  });

  it('gives each level with rows enough a group, and pools the rare ones', () => {
    const pooled = groupLevels(categorical('g', { a: 100, b: 50, c: 20, d: 15 }), 30);
    expect(pooled?.groups).toEqual([{ levels: ['a'] }, { levels: ['b'] }, { levels: ['c', 'd'] }]);
    // Rare levels too few together join the largest group; missing is a level like any other.
    const joined = groupLevels(categorical('g', { a: 100, b: 50, c: 10 }, 5), 30);
    expect(joined?.groups).toEqual([{ levels: ['a', 'c', null] }, { levels: ['b'] }]);
    expect(joined?.rowGroups.filter((g) => g === 1).length).toBe(50);
    // One group is no split.
    expect(groupLevels(categorical('g', { a: 100, b: 20 }), 30)).toBeUndefined();
  });

  it('auto splits by the column that moves the numbers, and only when it moves them enough', () => {
    const moved = shiftedTable(600, 2, 1);
    expect(chooseStrata(moved, 'auto', ['x', 'y'])?.column).toBe('group');
    expect(chooseStrata(shiftedTable(600, 0, 1), 'auto', ['x', 'y'])).toBeUndefined();
    // One number is enough: its groups keep its shape in each, which one correlation cannot.
    expect(chooseStrata(moved, 'auto', ['x'])?.column).toBe('group');
    // Too few rows for every group to be fitted alone.
    expect(chooseStrata(shiftedTable(3 * SMALL_GROUP_ROWS - 3, 3, 1), 'auto', ['x', 'y'])).toBeUndefined();
  });

  it('fits groups of fewer rows only when they are far apart, as iris species are', () => {
    // 40 rows a level: below MIN_GROUP_ROWS, above SMALL_GROUP_ROWS.
    const rows = 3 * 40;
    expect(40).toBeLessThan(MIN_GROUP_ROWS);
    // Means 2 sd apart: η² ≈ 0.7, a split worth small groups.
    expect(chooseStrata(shiftedTable(rows, 2, 1), 'auto', ['x', 'y'])?.groups).toHaveLength(3);
    // Half a sd apart: η² ≈ 0.15, which groups of 60 rows would be split for, but not groups of 40.
    expect(chooseStrata(withoutCoin(shiftedTable(2 * rows, 0.5, 1)), 'auto', ['x', 'y'])?.groups).toHaveLength(3);
    expect(chooseStrata(withoutCoin(shiftedTable(rows, 0.5, 1)), 'auto', ['x', 'y'])).toBeUndefined();
  });

  it('splits big groups again by a second column that moves the numbers within them', () => {
    // a shifts x and y; within each level of a, b shifts them again, one way under a0, the other under a1.
    const interacting = (n: number): Table => {
      const rng = Rng.seeded(3);
      const a = Int32Array.from({ length: n }, (_, i) => i % 2);
      const b = Int32Array.from({ length: n }, (_, i) => (i >> 1) % 2);
      const shift = (r: number) => 3 * a[r]! + (a[r] ? 1.5 : -1.5) * b[r]!;
      return {
        rowCount: n,
        columns: [
          { type: 'categorical', name: 'a', categories: ['a0', 'a1'], codes: a },
          { type: 'categorical', name: 'b', categories: ['b0', 'b1'], codes: b },
          { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, r) => shift(r) + rng.normal()) },
          { type: 'float', name: 'y', values: Float64Array.from({ length: n }, (_, r) => shift(r) + rng.normal()) },
        ],
      };
    };
    const big = chooseStrata(interacting(8000), 'auto', ['x', 'y'])!;
    expect(big.column).toBe('a');
    expect(big.groups).toEqual([
      { levels: ['a0'], within: { column: 'b', levels: ['b0'] } },
      { levels: ['a0'], within: { column: 'b', levels: ['b1'] } },
      { levels: ['a1'], within: { column: 'b', levels: ['b0'] } },
      { levels: ['a1'], within: { column: 'b', levels: ['b1'] } },
    ]);
    // Every row sits in the group of its own pair of levels.
    const t = interacting(8000);
    const [a, b] = [t.columns[0] as CategoricalColumn, t.columns[1] as CategoricalColumn];
    expect(big.rowGroups.every((g, r) => g === 2 * a.codes[r]! + b.codes[r]!)).toBe(true);
    // Parts of fewer than 1 000 rows are not split off: a group's copula would spend its rows.
    expect(chooseStrata(interacting(3000), 'auto', ['x', 'y'])?.groups).toEqual([{ levels: ['a0'] }, { levels: ['a1'] }]);
  });

  it('a named column must be categorical and split the rows', () => {
    const table = shiftedTable(600, 0, 1);
    expect(chooseStrata(table, { column: 'coin' }, ['x', 'y'])?.groups).toEqual([{ levels: ['h'] }, { levels: ['t'] }]);
    for (const column of ['x', 'nope']) expect(() => chooseStrata(table, { column }, ['x', 'y'])).toThrow(ProblemError);
    expect(() => chooseStrata(shiftedTable(60, 0, 1), { column: 'coin' }, ['x', 'y'])).toThrow(/fewer than two of its levels/);
  });

  it('splits weakly explaining columns only when their groups keep rows enough for stratified draws', () => {
    // A third of a sd apart: η² ≈ 0.07, above MIN_EXPLAINED but weak.
    const weak = (n: number) => withoutCoin(shiftedTable(n, 0.35, 2));
    expect(chooseStrata(weak(900), 'auto', ['x', 'y'])?.groups).toHaveLength(3);
    // Groups of 150 rows would draw their marginals with sampling noise, which so weak a split does not repay.
    expect(chooseStrata(weak(450), 'auto', ['x', 'y'])).toBeUndefined();
  });

  it('counts what a column says of the categorical columns too, as groups keep their shares', () => {
    /** `group` moves x weakly and, with `tied`, sets label's shares: 80 % of each group on its own label. */
    const table = (tied: boolean): Table => {
      const t = withoutCoin(shiftedTable(600, 0.35, 4));
      const rng = Rng.seeded(5);
      const group = t.columns[0] as CategoricalColumn;
      const codes = Int32Array.from(group.codes, (g) => (tied && rng.uniform() < 0.8 ? g : rng.int(0, 2)));
      return { rowCount: 600, columns: [...t.columns, { type: 'categorical', name: 'label', categories: ['l1', 'l2', 'l3'], codes }] };
    };
    // Groups of 200 rows: split for the label's shares, not for x's weak shift alone.
    expect(chooseStrata(table(true), 'auto', ['x'])?.column).toBe('group');
    expect(chooseStrata(table(false), 'auto', ['x'])).toBeUndefined();
  });

  it('is not outvoted on its numbers by many columns it says nothing of', () => {
    // 1 200 rows: groups of 400, past the 3 rows a column each of 103 columns needs.
    const t = withoutCoin(shiftedTable(1200, 2, 6));
    const rng = Rng.seeded(7);
    const noise = Array.from({ length: 100 }, (_, j): CategoricalColumn => ({ type: 'categorical', name: `noise${j}`, categories: ['p', 'q'], codes: Int32Array.from({ length: 1200 }, () => rng.int(0, 1)) }));
    expect(chooseStrata({ rowCount: 1200, columns: [...t.columns, ...noise] }, 'auto', ['x', 'y'])?.column).toBe('group');
  });

  it('splits by a number of few values (a class coded 1–3) as by a category', () => {
    /** The group as the number 1, 2 or 3 (missing in every 50th row); group itself left out. */
    const coded = (shift: number): Table => {
      const t = shiftedTable(900, shift, 2);
      const group = t.columns[0] as CategoricalColumn;
      const klass = Float64Array.from(group.codes, (g, r) => (r % 50 === 49 ? NaN : g + 1));
      return { rowCount: t.rowCount, columns: [{ type: 'integer', name: 'class', values: klass }, ...t.columns.slice(1)] };
    };
    const strong = chooseStrata(coded(2), 'auto', ['x', 'y'], new Set(['class']))!;
    expect(strong.column).toBe('class');
    // Its levels are the numbers as text; the missing rows (too few for a group) join the largest.
    expect(strong.groups.map((g) => g.levels)).toEqual([['1', null], ['2'], ['3']]);
    // Only a number the copula models by its frequencies is a candidate.
    expect(chooseStrata(coded(2), 'auto', ['x', 'y'])).toBeUndefined();
    // Named, it splits whatever it explains; a number of many values cannot be named.
    expect(chooseStrata(coded(0), { column: 'class' }, ['x', 'y'], new Set(['class']))?.groups).toHaveLength(3);
    expect(() => chooseStrata(coded(0), { column: 'x' }, ['x', 'y'], new Set(['class']))).toThrow(/a number of few values/);
  });
});
