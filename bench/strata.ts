/**
 * `npm run bench -- strata`: does the copula's `strata: auto` help on tables it was not tuned on?
 * Random column subsets of every shared table (seeded) stand in for unseen tables: for each, the
 * mean quality over split seeds of `auto` against `off` (one copula), three sample draws a split.
 */
import { readFile } from 'node:fs/promises';
import { readCsvTable } from '../core/table/csv.js';
import { selectColumns, type Table } from '../core/table/model.js';
import { Rng } from '../core/random.js';
import { findSynthesizer } from '../core/synth/registry.js';
import { qualityReport } from '../core/metrics/quality.js';
import { DATASETS, datasets, round, split } from './quality.js';
import { writeResult } from './machine.js';

const SUBSETS = Number(process.env.BENCH_SUBSETS ?? 6);
const SPLITS = Number(process.env.BENCH_SPLITS ?? 4);
const DRAWS = 3;

async function meanQuality(table: Table, strata: 'auto' | 'off'): Promise<{ quality: number; split: boolean }> {
  const copula = findSynthesizer('gaussian_copula');
  let quality = 0;
  let mixture = false;
  for (let s = 0; s < SPLITS; s++) {
    const { train, holdout } = split(table, s);
    const model = await copula.fit(train, { strata }, Rng.seeded(0));
    mixture ||= model.groups?.() !== undefined;
    for (let d = 1; d <= DRAWS; d++) quality += qualityReport(holdout, model.sample(train.rowCount, Rng.seeded(d)), { pairAggregate: 'all' }).overall / (SPLITS * DRAWS);
  }
  return { quality, split: mixture };
}

const results: { dataset: string; columns: string[]; split: boolean; off: number; auto: number; gain: number }[] = [];
for (const name of await datasets()) {
  const { table } = await readCsvTable(await readFile(`${DATASETS}${name}.csv`));
  const rng = Rng.seeded(42);
  const names = table.columns.map((c) => c.name);
  for (let k = 0; k < SUBSETS; k++) {
    const size = Math.min(names.length, 3 + rng.int(0, 3));
    const chosen = new Set(rng.shuffle([...names]).slice(0, size));
    const columns = names.filter((n) => chosen.has(n));
    const subset = selectColumns(table, columns);
    const off = await meanQuality(subset, 'off');
    const auto = await meanQuality(subset, 'auto');
    const row = { dataset: name, columns, split: auto.split, off: round(off.quality), auto: round(auto.quality), gain: round(auto.quality - off.quality) };
    console.log(JSON.stringify(row));
    results.push(row);
  }
}
const gains = results.filter((r) => r.split).map((r) => r.gain);
const summary = { subsets: results.length, split: gains.length, min_gain: Math.min(...gains), max_gain: Math.max(...gains), mean_gain: round(gains.reduce((a, b) => a + b, 0) / Math.max(1, gains.length)) };
console.log(await writeResult('strata', { protocol: `${SUBSETS} seeded column subsets of 3–5 columns per table; mean quality over ${SPLITS} splits × ${DRAWS} draws, strata auto vs off`, summary, results }));
