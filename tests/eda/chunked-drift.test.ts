import { describe as group, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { sliceTable, type Column, type Table } from '../../core/table/model.js';
import { drift, jensenShannonDistance, ksStatistic, wasserstein1 } from '../../core/eda/drift.js';
import { classifierDrift } from '../../core/eda/classifier-drift.js';
import { chunkedDrift } from '../../core/eda/chunked/drift.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { kllRankError } from '../../core/stats/kll.js';
import { chiSquareSurvival, ksTwoSampleP } from '../../core/stats/tests.js';
import { close, closeDeep, DATASET_NAMES, figures, loadDataset, sortedValues } from './support.js';

type Row = Record<string, unknown> & { column: string; verdict: string };
const EPSILON = kllRankError(200, true);

const inMemory = (a: Table, b: Table) => ({ ...drift(a, b), classifier: classifierDrift(a, b) });

/** The verdict the documented thresholds give for a numeric column's figures. */
const numericVerdict = (r: Row) => {
  const [psi, ks, p] = [r.psi as number, r.ks_statistic as number, r.ks_p_value as number];
  return psi >= 0.2 ? 'drift' : psi >= 0.1 || (p < 0.01 && ks >= 0.1) ? 'warn' : 'stable';
};

/** χ² of homogeneity, PSI (ε = 1e-4) and JS distance (bits) of two count vectors, written out. */
function byHand(a: number[], b: number[]) {
  const [na, nb] = [a.reduce((s, x) => s + x, 0), b.reduce((s, x) => s + x, 0)];
  let chi2 = 0;
  let psi = 0;
  let js = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    const [ea, eb] = [((x + y) * na) / (na + nb), ((x + y) * nb) / (na + nb)];
    chi2 += (x - ea) ** 2 / ea + (y - eb) ** 2 / eb;
    const [p, q] = [Math.max(x / na, 1e-4), Math.max(y / nb, 1e-4)];
    psi += (q - p) * Math.log(q / p);
    const m = (x / na + y / nb) / 2;
    if (x) js += 0.5 * (x / na) * Math.log2(x / na / m);
    if (y) js += 0.5 * (y / nb) * Math.log2(y / nb / m);
  });
  return { chi2, chi2_p_value: chiSquareSurvival(chi2, a.length - 1), psi, jensen_shannon: Math.sqrt(js) };
}

group('chunked drift on the real tables', () => {
  it('airquality (every column within what a sketch holds, under 5 000 rows) equals the in-memory result to the bit', async () => {
    const table = await loadDataset('airquality');
    const ozone = table.columns[0] as Extract<Column, { values: Float64Array }>;
    const changed: Table = { ...table, columns: [{ ...ozone, values: Float64Array.from(ozone.values, (v, r) => (r % 3 ? v + 15 : NaN)) }, ...table.columns.slice(1, 4)] };
    for (const [a, b] of [[table, table], [table, changed], [changed, table]] as const) {
      const chunked = await chunkedDrift(tableChunks(a, 40), tableChunks(b, 25));
      expect(chunked).toMatchObject({ approximate: false, computation: 'chunked' });
      expect(figures(chunked)).toEqual(inMemory(a, b));
    }
  });

  for (const name of DATASET_NAMES.filter((n) => n !== 'airquality')) {
    it(`${name}, first half against second half: label figures exact, KS and W₁ within their stated bounds`, async () => {
      const table = await loadDataset(name);
      const half = Math.floor(table.rowCount / 2);
      const [a, b] = [sliceTable(table, 0, half), sliceTable(table, half, table.rowCount)];
      const exact = inMemory(a, b);
      const chunked = await chunkedDrift(tableChunks(a, Math.ceil(half / 4)), tableChunks(b, Math.ceil(half / 3)));
      const bounds = new Map((chunked.approximation?.bounds ?? []).map((x) => [`${x.field}:${x.column}`, x.max_error] as const));
      expect(chunked.columns.map((c) => c.column)).toEqual(exact.columns.map((c) => c.column));
      exact.columns.forEach((e, i) => {
        const c = chunked.columns[i] as Row;
        if (!('kind' in e) || e.kind === 'categorical') return closeDeep(c, e, 1e-12);
        const [x, y] = [sortedValues(a.columns.find((col) => col.name === e.column)!), sortedValues(b.columns.find((col) => col.name === e.column)!)];
        const r = e as unknown as Row;
        if (!('ks_statistic' in r)) return expect(c).toEqual(e);
        if (x.length <= 200 && y.length <= 200) return closeDeep(c, e, 1e-12);
        const ksBound = bounds.get(`columns[].ks_statistic:${e.column}`)!;
        expect(ksBound).toBeGreaterThan(0);
        expect(Math.abs((c.ks_statistic as number) - (r.ks_statistic as number))).toBeLessThanOrEqual(ksBound);
        expect(Math.abs((c.wasserstein as number) - (r.wasserstein as number))).toBeLessThanOrEqual(bounds.get(`columns[].wasserstein:${e.column}`)!);
        close(c.ks_p_value, ksTwoSampleP(c.ks_statistic as number, x.length, y.length), 1e-12);
        if (x.length <= 200) {
          // The reference's deciles are exact: so are PSI and JS.
          close(c.psi, r.psi, 1e-12);
          close(c.jensen_shannon, r.jensen_shannon, 1e-12);
        }
        expect(c.psi).toBeGreaterThanOrEqual(0);
        expect(c.verdict).toBe(numericVerdict(c));
      });
      const counts = { stable: 0, warn: 0, drift: 0 };
      for (const c of chunked.columns) counts[c.verdict]++;
      expect(chunked.summary).toEqual(counts);
      if (table.rowCount - half <= 5000) expect(chunked.classifier).toEqual(exact.classifier);
      else expect(chunked.approximation?.estimated).toEqual(expect.arrayContaining(['classifier.auc', 'classifier.verdict']));
    });
  }
});

group('chunked drift on data with known answers', () => {
  const rows = 100_000;
  const rng = Rng.seeded(77);
  const x = Float64Array.from({ length: rows }, () => rng.normal());
  const group = Int32Array.from({ length: rows }, () => (rng.uniform() < 0.3 ? 1 : 0));
  const table = (shift: number, groups: Int32Array): Table => ({
    rowCount: rows,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from(x, (v) => v + shift) },
      { type: 'categorical', name: 'g', codes: groups, categories: ['p', 'q'] },
      { type: 'id', name: 'key', values: Array.from({ length: rows }, (_, i) => `k${i}`) },
    ],
  });

  it('a file against itself, chunked differently: PSI, JS and χ² are 0, KS and W₁ within their bounds of 0', async () => {
    const t = table(0, group);
    const d = await chunkedDrift(tableChunks(t, 30_000), tableChunks(t, 7_000));
    const [num, cat] = d.columns as Row[];
    expect(d.columns.map((c) => c.column)).toEqual(['x', 'g']); // identifiers are never compared
    expect([num!.psi, num!.jensen_shannon, cat!.chi2, cat!.psi, cat!.jensen_shannon]).toEqual([0, 0, 0, 0, 0]);
    expect(num!.ks_statistic as number).toBeLessThanOrEqual(2 * EPSILON);
    expect(d.summary).toEqual({ stable: 2, warn: 0, drift: 0 });
    expect(d.classifier.verdict).toBe('stable');
  });

  it('a copy shifted by 0.25 is 0.25 away in W₁ and as far in KS as the exact test says, within the bounds', async () => {
    const [a, b] = [table(0, group), table(0.25, group)];
    const d = await chunkedDrift(tableChunks(a, 25_000), tableChunks(b, 25_000));
    const num = d.columns[0] as Row;
    const bound = (field: string) => d.approximation!.bounds!.find((x) => x.field === field && x.column === 'x')!.max_error;
    expect(Math.abs((num.wasserstein as number) - 0.25)).toBeLessThanOrEqual(bound('columns[].wasserstein'));
    const sorted = x.slice().sort();
    const exactKs = ksStatistic(sorted, Float64Array.from(sorted, (v) => v + 0.25));
    expect(Math.abs((num.ks_statistic as number) - exactKs)).toBeLessThanOrEqual(bound('columns[].ks_statistic'));
    expect(bound('columns[].ks_statistic')).toBe(2 * EPSILON);
    expect(wasserstein1(sorted, Float64Array.from(sorted, (v) => v + 0.25))).toBeCloseTo(0.25, 9);
    expect(num.verdict).toBe(numericVerdict(num));
    expect(d.classifier.auc).toBeGreaterThan(0.5);
  });

  it('a small reference fixes exact PSI bins: only KS and W₁ are estimated', async () => {
    const [a, b] = [sliceTable(table(0, group), 0, 150), table(0.1, group)];
    const d = await chunkedDrift(tableChunks(a, 50), tableChunks(b, 20_000));
    const exact = drift(a, b).columns[0] as Row;
    const num = d.columns[0] as Row;
    close(num.psi, exact.psi, 1e-12);
    close(num.jensen_shannon, exact.jensen_shannon, 1e-12);
    expect(d.approximation?.estimated).not.toContain('columns[].psi');
    expect(d.approximation?.estimated).toContain('columns[].ks_statistic');
  });

  it('categories: χ², PSI and JS of 50/50 against 70/30 as written out by hand', async () => {
    const half = (share: number) => Int32Array.from({ length: 1000 }, (_, i) => (i < share * 1000 ? 0 : 1));
    const mk = (codes: Int32Array): Table => ({ rowCount: 1000, columns: [{ type: 'categorical', name: 'g', codes, categories: ['a', 'b'] }] });
    const d = await chunkedDrift(tableChunks(mk(half(0.5)), 300), tableChunks(mk(half(0.7)), 300));
    closeDeep(d.columns[0], { column: 'g', kind: 'categorical', ...byHand([500, 500], [700, 300]), verdict: 'warn', reason: 'PSI 0.169 ≥ 0.1' }, 1e-12);
    expect((d.columns[0] as Row).chi2).toBeCloseTo(2 * (100 ** 2 / 600) + 2 * (100 ** 2 / 400), 9);
  });

  it('Jensen–Shannon distance of disjoint distributions is 1, never a hair above', () => {
    // Halves against tenths: the shares' rounding once put this at 1.0000000000000002.
    expect(jensenShannonDistance([0.5, 0.5, ...Array(10).fill(0)], [0, 0, ...Array(10).fill(0.1)])).toBe(1);
  });

  it('text past the Misra–Gries capacity: exact counts of the frequent values plus one bin for the rest, and says so', async () => {
    // Ten frequent words (10 % of rows) and a word seen once per other row; 20 000-row chunks each bring more new words than the summary keeps.
    const n = 60_000;
    const words = (weights: number[], tag: string) => Array.from({ length: n }, (_, i) => (i % 10 === 0 ? `h${weights[(i / 10) % weights.length]!}` : `${tag}${i}`));
    const mk = (values: string[]): Table => ({ rowCount: n, columns: [{ type: 'text', name: 'w', values }] });
    const refWeights = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const curWeights = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9];
    const [a, b] = [words(refWeights, 'r'), words(curWeights, 'c')];
    const d = await chunkedDrift(tableChunks(mk(a), 20_000), tableChunks(mk(b), 20_000));
    const count = (values: string[]) => {
      const bins = Array.from({ length: 11 }, () => 0);
      for (const v of values) bins[v.startsWith('h') ? Number(v.slice(1)) : 10]!++;
      return bins;
    };
    // h8 never appears in the current file: its bin is there all the same (the reference tracks it).
    const expected = byHand(count(a), count(b));
    const got = d.columns[0] as Row;
    close(got.chi2, expected.chi2, 1e-9);
    close(got.psi, expected.psi, 1e-9);
    close(got.jensen_shannon, expected.jensen_shannon, 1e-9);
    expect(d.approximate).toBe(true);
    expect(d.approximation?.estimated).toEqual(expect.arrayContaining(['columns[].chi2', 'columns[].psi']));
    expect(d.approximation?.note).toMatch(/w has more distinct values/);
  });
});

group('a column missing throughout in one file', () => {
  // One numeric and one categorical column, with values in one file and none in the other (as an all-missing upload reads them: text).
  const n = 30;
  const full: Table = {
    rowCount: n,
    columns: [
      { type: 'float', name: 'x', values: Float64Array.from({ length: n }, (_, i) => i * 1.5) },
      { type: 'categorical', name: 'k', codes: Int32Array.from({ length: n }, (_, i) => i % 3), categories: ['a', 'b', 'c'] },
    ],
  };
  const empty: Table = {
    rowCount: n,
    columns: [
      { type: 'text', name: 'x', values: new Array<string | null>(n).fill(null) },
      { type: 'categorical', name: 'k', codes: new Int32Array(n).fill(-1), categories: [] },
    ],
  };

  it('is drift said plainly, with no statistic, on either path and either side', async () => {
    for (const [a, b, side] of [[full, empty, 'current'], [empty, full, 'reference']] as const) {
      const other = side === 'current' ? 'reference' : 'current';
      const reason = `missing throughout in the ${side} file, but not in the ${other} one`;
      for (const result of [drift(a, b), await chunkedDrift(tableChunks(a, 7), tableChunks(b, 11))]) {
        for (const column of result.columns) {
          expect(column, column.column).toMatchObject({ verdict: 'drift', reason });
          // No χ² 0, p = 1, PSI 5.3 or the like beside it.
          expect(Object.keys(column).sort(), column.column).toEqual(['column', 'kind', 'reason', 'verdict']);
        }
      }
    }
  });

  it('in both files is no drift', async () => {
    for (const result of [drift(empty, empty), await chunkedDrift(tableChunks(empty, 7), tableChunks(empty, 11))]) {
      for (const column of result.columns) expect(column).toMatchObject({ verdict: 'stable', reason: 'missing throughout in both files' });
    }
  });
});
