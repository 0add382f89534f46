/**
 * `npm run bench -- deep`: the neural generators on every shared table (quality, fit and sample
 * seconds, seconds per epoch, peak RSS), next to the Gaussian copula and SDV's CTGAN on the same
 * split. `BENCH_GENERATORS` and `BENCH_DATASETS` narrow the run; `BENCH_EPOCHS` caps the epochs
 * of the GANs and the VAE (SDV's figures are for 300, diamonds 150); `BENCH_RESULT` names the result file.
 */
import { qualityBench } from './quality.js';
import { writeResult } from './machine.js';
import { synthesizers } from '../core/synth/registry.js';
import { tensorflow } from '../core/synth/neural/tf.js';

const NEURAL = synthesizers.filter((s) => s.trainer).map((s) => s.name);
const generators = ['gaussian_copula', ...(process.env.BENCH_GENERATORS?.split(',') ?? NEURAL)];
const cap = process.env.BENCH_EPOCHS ? Number(process.env.BENCH_EPOCHS) : undefined;

const { results, ceilings } = await qualityBench(generators, (generator, dataset) => {
  if (generator === 'autoregressive' || generator === 'gaussian_copula') return {};
  const sdvEpochs = dataset === 'diamonds' ? 150 : 300;
  return { epochs: cap ? Math.min(cap, sdvEpochs) : sdvEpochs };
});
const { backend } = await tensorflow();
console.log(await writeResult(process.env.BENCH_RESULT ?? 'deep', { protocol: 'fit on a seeded 80% split, sample the split size, quality vs the 20% holdout (pairs: all)', backend, ceilings, results }));
