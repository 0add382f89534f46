/** `npm run bench -- synth`: the statistical generators on every shared table, next to SDV's Gaussian copula. */
import { qualityBench } from './quality.js';
import { writeResult } from './machine.js';

const { results, ceilings } = await qualityBench(['gaussian_copula', 'privbayes'], undefined, { splits: 30 });
console.log(await writeResult('synth', { protocol: 'fit on a seeded 80% split, sample the split size, quality vs the 20% holdout (pairs: all); over_splits: the mean over split seeds 0-29', ceilings, results }));
