/**
 * Why the table core is typed arrays over Arrow IPC chunks rather than arquero: the operations
 * every analysis and generator runs, on 1 M rows, in both. `npm run bench -- table-model [rows]`.
 * Ours: Float64Array (NaN missing) and Int32 codes; arquero 8: the same columns in an aq.table,
 * categories as strings (its representation after reading a CSV).
 */
import * as aq from 'arquero';
import { Rng } from '../core/random.js';
import { takeRows, type Column, type Table } from '../core/table/model.js';
import { writeResult } from './machine.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const rng = Rng.seeded(1);
const floats = Array.from({ length: 4 }, () => Float64Array.from({ length: rows }, () => (rng.uniform() < 0.02 ? NaN : rng.normal())));
const categories = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const codes = Array.from({ length: 2 }, () => Int32Array.from({ length: rows }, () => rng.int(0, categories.length - 1)));

const ours: Table = {
  rowCount: rows,
  columns: [
    ...floats.map((values, i): Column => ({ type: 'float', name: `num${i}`, values })),
    ...codes.map((c, i): Column => ({ type: 'categorical', name: `cat${i}`, codes: c, categories })),
  ],
};
const theirs = aq.table({
  ...Object.fromEntries(floats.map((v, i) => [`num${i}`, Array.from(v, (x) => (Number.isNaN(x) ? null : x))])),
  ...Object.fromEntries(codes.map((c, i) => [`cat${i}`, Array.from(c, (k) => categories[k]!)])),
});

function time(run: () => unknown, repeats = 5): number {
  run();
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) run();
  return Math.round(((performance.now() - t0) / repeats) * 10) / 10;
}

function meanStd(values: Float64Array): [number, number] {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return [mean, Math.sqrt(m2 / (n - 1))];
}

const results = {
  'mean and std of 4 numeric columns (ms)': {
    typed_arrays: time(() => floats.map(meanStd)),
    arquero: time(() => theirs.rollup(Object.fromEntries(floats.flatMap((_, i) => [[`m${i}`, aq.op.mean(`num${i}`)], [`s${i}`, aq.op.stdev(`num${i}`)]]))).objects()),
  },
  'count per category, 2 columns (ms)': {
    typed_arrays: time(() =>
      codes.map((c) => {
        const counts = new Int32Array(categories.length);
        for (const k of c) counts[k]!++;
        return counts;
      }),
    ),
    arquero: time(() => codes.map((_, i) => theirs.groupby(`cat${i}`).count().objects())),
  },
  'filter rows num0 > 0 into a new table (ms)': {
    typed_arrays: time(() => {
      const keep: number[] = [];
      const v = floats[0]!;
      for (let r = 0; r < rows; r++) if (v[r]! > 0) keep.push(r);
      return takeRows(ours, keep);
    }),
    arquero: time(() => theirs.filter((d: { num0: number | null }) => d.num0 !== null && d.num0 > 0).reify()),
  },
  'crosstab of the two categoricals (ms)': {
    typed_arrays: time(() => {
      const k = categories.length;
      const cells = new Int32Array(k * k);
      const [a, b] = codes;
      for (let r = 0; r < rows; r++) cells[a![r]! * k + b![r]!]!++;
      return cells;
    }),
    arquero: time(() => theirs.groupby('cat0', 'cat1').count().objects()),
  },
};
console.log(JSON.stringify(results, null, 2));
console.log(await writeResult('table-model', { rows, decision: 'typed arrays (Float64Array with NaN, Int32 codes) in Arrow IPC chunks; arquero kept out of the core', results }));
