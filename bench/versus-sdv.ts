/**
 * `npm run bench -- versus-sdv`: our generators and SDV's own of the same name (gaussian_copula,
 * ctgan), judged by one evaluator on the same rows. The reference figures (shared/reference/sdv.json)
 * come from an evaluator we cannot run; here SDV itself ran (bench/peers/sdv_samples.py wrote its
 * samples, on pandas' DataFrame.sample splits), and both generators' samples are scored against
 * each split's holdout with our SDMetrics definitions, so every difference is the generators'.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readCsvTable } from '../core/table/csv.js';
import { takeRows, type Table } from '../core/table/model.js';
import { Rng } from '../core/random.js';
import { findSynthesizer } from '../core/synth/registry.js';
import { columnRoles, qualityReport, type ColumnRole, type PairAggregate } from '../core/metrics/quality.js';
import { pythonSplit } from './numpy-split.js';
import { DATASETS, datasets, round } from './quality.js';
import { writeResult } from './machine.js';

const SAMPLES = process.env.SDV_SAMPLES ?? fileURLToPath(new URL('./.peer-samples/sdv', import.meta.url));
const GENERATORS = ['gaussian_copula', 'ctgan'] as const;
type Generator = (typeof GENERATORS)[number];

const Manifest = z.object({
  versions: z.record(z.string(), z.string()),
  runs: z.array(z.object({ dataset: z.string(), split: z.number().int(), fit_s: z.number() })),
});
type Manifest = z.infer<typeof Manifest>;

/** A peer's samples, or none yet: a plain `npm run bench` needs no Python. */
async function loadManifest(generator: Generator): Promise<Manifest | undefined> {
  const text = await readFile(`${SAMPLES}/${generator}/manifest.json`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Manifest.parse(JSON.parse(text));
}

/** As the reference ran them: defaults, CTGAN for 300 epochs (150 on diamonds). */
const paramsFor = (generator: Generator, dataset: string) => (generator === 'ctgan' ? { epochs: dataset === 'diamonds' ? 150 : 300 } : {});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const score = (real: Table, synthetic: Table, pairAggregate: PairAggregate, roles: Record<string, ColumnRole>) => qualityReport(real, synthetic, { pairAggregate, roles }).overall;

async function compare(generator: Generator, manifest: Manifest) {
  const results = [];
  for (const name of await datasets()) {
    const runs = manifest.runs.filter((r) => r.dataset === name);
    if (!runs.length) continue;
    const { table } = await readCsvTable(await readFile(`${DATASETS}${name}.csv`));
    const roles = columnRoles(table);
    const per = [];
    for (const { split } of runs) {
      const { train: trainRows, test } = pythonSplit(table.rowCount, split, 'pandas');
      const train = takeRows(table, trainRows);
      const holdout = takeRows(table, test);
      const sdv = (await readCsvTable(await readFile(`${SAMPLES}/${generator}/${name}/${split}.csv`))).table;
      const t0 = performance.now();
      const model = await findSynthesizer(generator).fit(train, paramsFor(generator, name), Rng.seeded(0));
      const fitS = (performance.now() - t0) / 1000;
      const ours = model.sample(train.rowCount, Rng.seeded(1));
      per.push({
        split,
        ours: score(holdout, ours, 'all', roles),
        sdv: score(holdout, sdv, 'all', roles),
        real: score(holdout, train, 'all', roles),
        oursStrong: score(holdout, ours, 'strong_only', roles),
        sdvStrong: score(holdout, sdv, 'strong_only', roles),
        // The reference's figures sit closer to these: it may have judged against the training rows.
        oursVsTrain: score(train, ours, 'all', roles),
        sdvVsTrain: score(train, sdv, 'all', roles),
        fitS,
      });
    }
    const row = {
      dataset: name,
      splits: per.length,
      ours: round(mean(per.map((p) => p.ours))),
      sdv: round(mean(per.map((p) => p.sdv))),
      real_train_rows: round(mean(per.map((p) => p.real))),
      splits_ours_ahead: per.filter((p) => p.ours > p.sdv).length,
      strong_only: { ours: round(mean(per.map((p) => p.oursStrong))), sdv: round(mean(per.map((p) => p.sdvStrong))) },
      against_training_rows: { ours: round(mean(per.map((p) => p.oursVsTrain))), sdv: round(mean(per.map((p) => p.sdvVsTrain))) },
      fit_s: { ours: round(mean(per.map((p) => p.fitS))), sdv: round(mean(runs.map((r) => r.fit_s))) },
      per_split: per.map((p) => ({ split: p.split, ours: round(p.ours), sdv: round(p.sdv), against_training_rows: { ours: round(p.oursVsTrain), sdv: round(p.sdvVsTrain) } })),
    };
    console.log(JSON.stringify({ generator, ...row, per_split: undefined }));
    results.push(row);
  }
  return results;
}

/** `BENCH_GENERATORS` narrows the run; the file keeps the last results of the generators left out. */
const chosen = process.env.BENCH_GENERATORS?.split(',').map((g) => g.trim()) ?? GENERATORS;
const Previous = z.object({ compared: z.array(z.object({ generator: z.string() }).passthrough()) });
const previous = await readFile(new URL('./results/versus-sdv.json', import.meta.url), 'utf8')
  .then((text) => Previous.parse(JSON.parse(text)).compared)
  .catch(() => []);
const compared: z.infer<typeof Previous>['compared'] = [];
for (const generator of GENERATORS) {
  const manifest = chosen.includes(generator) ? await loadManifest(generator) : undefined;
  if (manifest) compared.push({ generator, peer: manifest.versions, results: await compare(generator, manifest) });
  else compared.push(...previous.filter((p) => p.generator === generator));
}
if (compared.length) {
  const protocol =
    'pandas DataFrame.sample(frac=0.8, random_state=split) splits; each generator fitted on the 80 % (SDV with default parameters), sampling as many rows; quality against the 20 % holdout by our SDMetrics definitions (pairs: all; strong_only and against_training_rows beside), column roles from the whole table';
  console.log(await writeResult('versus-sdv', { protocol, compared }));
} else {
  console.log(`Skipped: no SDV samples in ${SAMPLES}. Make them with python bench/peers/sdv_samples.py gaussian_copula 10 (needs sdv and pandas).`);
}
