/**
 * Quality and speed of the statistical generators on every shared table, next to SDV's figures.
 * Protocol as in shared/reference/README.md: fit on a seeded 80 % split, sample as many rows as
 * the split, judge against the other 20 % with the SDMetrics definitions (pairs: `all`).
 * `npm run bench -- synth`
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readCsvTable } from '../core/table/csv.js';
import { takeRows, type Table } from '../core/table/model.js';
import { Rng } from '../core/random.js';
import { synthesizers } from '../core/synth/registry.js';
import { qualityReport } from '../core/metrics/quality.js';
import { withPeakRss, writeResult } from './machine.js';

const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../../shared/reference/sdv.json', import.meta.url));

type Reference = Record<string, Record<string, { quality: number; fit_s: number }>>;
const reference = JSON.parse(await readFile(REFERENCE, 'utf8').catch(() => '{}')) as Reference;

function split(table: Table, seed: number): { train: Table; holdout: Table } {
  const order = Rng.seeded(seed).shuffle(Array.from({ length: table.rowCount }, (_, i) => i));
  const cut = Math.round(table.rowCount * 0.8);
  return { train: takeRows(table, order.slice(0, cut)), holdout: takeRows(table, order.slice(cut)) };
}

const rows: Record<string, unknown>[] = [];
for (const file of (await readdir(DATASETS)).filter((f) => f.endsWith('.csv')).sort()) {
  const name = file.replace(/\.csv$/, '');
  const { table } = await readCsvTable(await readFile(DATASETS + file));
  const { train, holdout } = split(table, 0);
  for (const synth of synthesizers) {
    const { value, peakRssMib } = await withPeakRss(async () => {
      const t0 = performance.now();
      const model = await synth.fit(train, JSON.parse(process.env.BENCH_PARAMS ?? '{}'), Rng.seeded(0));
      const t1 = performance.now();
      const synthetic = model.sample(train.rowCount, Rng.seeded(1));
      const t2 = performance.now();
      return { fit_s: (t1 - t0) / 1000, sample_s: (t2 - t1) / 1000, report: qualityReport(holdout, synthetic, { pairAggregate: 'all' }) };
    });
    const sdv = reference[name]?.gaussian_copula;
    const row = {
      dataset: name,
      generator: synth.name,
      quality: round(value.report.overall),
      column_shapes: round(value.report.column_shapes.score),
      column_pair_trends: round(value.report.column_pair_trends.score),
      fit_s: round(value.fit_s),
      sample_s: round(value.sample_s),
      peak_rss_mib: peakRssMib,
      sdv_gaussian_copula_quality: sdv?.quality ?? null,
      sdv_gaussian_copula_fit_s: sdv?.fit_s ?? null,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
console.log(await writeResult('synth', { protocol: 'fit on a seeded 80% split, sample the split size, quality vs the 20% holdout (pairs: all)', results: rows }));

function round(x: number) {
  return Math.round(x * 10_000) / 10_000;
}
