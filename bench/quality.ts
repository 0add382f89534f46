/**
 * The quality protocol of shared/reference/README.md, for any generators: fit on a seeded 80 %
 * split of every shared table, sample as many rows as the split, judge against the other 20 %
 * with the SDMetrics definitions (pairs: `all`), next to SDV's figures on the same split.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readCsvTable } from '../core/table/csv.js';
import { takeRows, type Table } from '../core/table/model.js';
import { Rng } from '../core/random.js';
import { findSynthesizer } from '../core/synth/registry.js';
import { columnRoles, qualityReport } from '../core/metrics/quality.js';
import { withPeakRss } from './machine.js';
import { pythonSplit } from './numpy-split.js';

export const DATASETS = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../../shared/reference/sdv.json', import.meta.url));

type Reference = Record<string, Record<string, { quality: number; fit_s: number; epochs?: number | null }>>;

export interface QualityRow {
  readonly dataset: string;
  readonly generator: string;
  readonly quality: number;
  readonly column_shapes: number;
  readonly column_pair_trends: number;
  readonly fit_s: number;
  readonly sample_s: number;
  readonly peak_rss_mib: number;
  readonly sdv: Record<string, { quality: number; fit_s: number } | null>;
  readonly [extra: string]: unknown;
}

/**
 * The reference's split: pandas' DataFrame.sample(frac=0.8, random_state=seed), reproduced exactly
 * (its sizes match the reference's 122 and 325 training rows, and SDV run on it matches the
 * reference's diamonds column shapes). `BENCH_SPLIT=sklearn` takes train_test_split's instead, `ours` a shuffle by our Rng.
 */
export function split(table: Table, seed: number): { train: Table; holdout: Table } {
  const style = process.env.BENCH_SPLIT ?? 'pandas';
  if (style === 'ours') {
    const order = Rng.seeded(seed).shuffle(Array.from({ length: table.rowCount }, (_, i) => i));
    const cut = Math.round(table.rowCount * 0.8);
    return { train: takeRows(table, order.slice(0, cut)), holdout: takeRows(table, order.slice(cut)) };
  }
  if (style !== 'pandas' && style !== 'sklearn') throw new Error(`BENCH_SPLIT is pandas (the default), sklearn or ours, not ${style}`);
  const { train, test } = pythonSplit(table.rowCount, seed, style);
  return { train: takeRows(table, train), holdout: takeRows(table, test) };
}

/** Datasets from `BENCH_DATASETS` (comma-separated names) or all of them. */
export async function datasets(): Promise<string[]> {
  const all = (await readdir(DATASETS)).filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, '')).sort();
  const chosen = process.env.BENCH_DATASETS?.split(',').map((s) => s.trim()).filter(Boolean);
  return chosen ? all.filter((d) => chosen.includes(d)) : all;
}

/** Means over split seeds 0…splits−1: one 20 % holdout of a small table moves the score by points. */
interface OverSplits {
  readonly splits: number;
  readonly quality: number;
  readonly column_shapes: number;
  readonly column_pair_trends: number;
}

export async function qualityBench(
  generators: readonly string[],
  paramsFor: (generator: string, dataset: string, rows: number) => Record<string, unknown> = () => ({}),
  options: { readonly splits?: number } = {},
): Promise<{ results: QualityRow[]; ceilings: Record<string, unknown>[] }> {
  const reference = JSON.parse(await readFile(REFERENCE, 'utf8').catch(() => '{}')) as Reference;
  const splits = options.splits ?? 1;
  const rows: QualityRow[] = [];
  const ceilings: Record<string, unknown>[] = [];
  for (const name of await datasets()) {
    const { table } = await readCsvTable(await readFile(`${DATASETS}${name}.csv`));
    const { train, holdout } = split(table, 0);
    const judge = { pairAggregate: 'all' as const, roles: columnRoles(table) };
    // The ceiling: the real training rows themselves, judged the same way (split noise included).
    const ceiling = qualityReport(holdout, train, judge);
    const ceilingRow = {
      dataset: name,
      generator: 'real_train_rows',
      quality: round(ceiling.overall),
      column_shapes: round(ceiling.column_shapes.score),
      column_pair_trends: round(ceiling.column_pair_trends.score),
      ...(splits > 1 ? { over_splits: await overSplits(table, splits, async (s) => s.train) } : {}),
    };
    console.log(JSON.stringify(ceilingRow));
    ceilings.push(ceilingRow);
    for (const generator of generators) {
      const synth = findSynthesizer(generator);
      const params = paramsFor(synth.name, name, train.rowCount);
      let epochs: number | undefined;
      const { value, peakRssMib } = await withPeakRss(async () => {
        const t0 = performance.now();
        const model = await synth.fit(train, params, Rng.seeded(0), (_, __, metrics) => (epochs = metrics?.epoch ?? epochs));
        const t1 = performance.now();
        const synthetic = model.sample(train.rowCount, Rng.seeded(1));
        const t2 = performance.now();
        return { fit_s: (t1 - t0) / 1000, sample_s: (t2 - t1) / 1000, report: qualityReport(holdout, synthetic, judge) };
      });
      const sdv = Object.fromEntries(Object.entries(reference[name] ?? {}).map(([k, v]) => [k, { quality: v.quality, fit_s: v.fit_s }]));
      const row: QualityRow = {
        dataset: name,
        generator: synth.name,
        quality: round(value.report.overall),
        column_shapes: round(value.report.column_shapes.score),
        column_pair_trends: round(value.report.column_pair_trends.score),
        fit_s: round(value.fit_s),
        sample_s: round(value.sample_s),
        peak_rss_mib: peakRssMib,
        ...(epochs !== undefined ? { epochs, fit_s_per_epoch: round(value.fit_s / epochs) } : {}),
        ...(Object.keys(params).length ? { params } : {}),
        ...(splits > 1
          ? { over_splits: await overSplits(table, splits, async ({ train }) => (await synth.fit(train, params, Rng.seeded(0))).sample(train.rowCount, Rng.seeded(1))) }
          : {}),
        sdv,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  return { results: rows, ceilings };
}

/** The mean quality of the rows `make` gives for each split's training part, judged on its holdout. */
async function overSplits(table: Table, splits: number, make: (s: { train: Table }) => Promise<Table>): Promise<OverSplits> {
  let quality = 0;
  let shapes = 0;
  let pairs = 0;
  const judge = { pairAggregate: 'all' as const, roles: columnRoles(table) };
  for (let seed = 0; seed < splits; seed++) {
    const { train, holdout } = split(table, seed);
    const report = qualityReport(holdout, await make({ train }), judge);
    quality += report.overall / splits;
    shapes += report.column_shapes.score / splits;
    pairs += report.column_pair_trends.score / splits;
  }
  return { splits, quality: round(quality), column_shapes: round(shapes), column_pair_trends: round(pairs) };
}

/** A score to three decimals, as results are written. */
export const round = (x: number) => Math.round(x * 1000) / 1000;
