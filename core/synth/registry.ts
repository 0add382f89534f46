/** Every generator by name, with the aliases peers use (SDV, SynthCity), and its public description. */
import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { erase, type AnySynthesizer } from './synthesizer.js';
import { gaussianCopula } from './gaussian-copula.js';
import { privBayes } from './privbayes.js';
import { autoregressive } from './argn.js';
import { copulaGan, ctgan } from './ctgan.js';
import { tvae } from './tvae.js';

/**
 * A generator whose sampling is slower than the copula's, drawn in batches of `sampleBatchRows`
 * (sample-batches.ts): about as long a batch as the copula's 100 000 rows, so the bar moves and a
 * cancel is seen about once a second. Rows a second, sampling 100 000 rows on a loaded 2-core machine
 * (penguins / credit / diamonds; the copula's 86 000 / 35 000 / 109 000): CTGAN 20 000 / 11 000 / 12 000,
 * CopulaGAN 19 000 / 16 000, TVAE 40 000 / 54 000 / 17 000, autoregressive 64 000 / 22 000 / 21 000 (a pass
 * per column); PrivBayes is faster than the copula (.prof/s26/progress1b/measure.ts).
 */
const batched = (s: AnySynthesizer, sampleBatchRows: number): AnySynthesizer => ({ ...s, sampleBatchRows });

export const synthesizers: readonly AnySynthesizer[] = [
  erase(gaussianCopula),
  erase(privBayes),
  batched(erase(autoregressive), 20_000),
  batched(erase(ctgan), 10_000),
  batched(erase(copulaGan), 10_000),
  batched(erase(tvae), 20_000),
];

const byName = new Map<string, AnySynthesizer>();
for (const s of synthesizers) for (const n of [s.name, ...s.aliases]) byName.set(n.toLowerCase(), s);

export function findSynthesizer(name: string): AnySynthesizer {
  const found = byName.get(name.trim().toLowerCase());
  if (!found) {
    const valid = synthesizers.flatMap((s) => [s.name, ...s.aliases]);
    throw unprocessable(`Unknown generator ${JSON.stringify(name)}; valid names: ${valid.join(', ')}.`, { valid });
  }
  return found;
}

export function describeGenerators() {
  return synthesizers.map((s) => ({
    name: s.name,
    aliases: [...s.aliases],
    description: s.description,
    params: z.toJSONSchema(s.params, { io: 'input' }) as Record<string, unknown>,
    capabilities: s.capabilities,
  }));
}
