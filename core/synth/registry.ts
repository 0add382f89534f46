/** Every generator by name, with the aliases peers use (SDV, SynthCity), and its public description. */
import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { erase, type AnySynthesizer } from './synthesizer.js';
import { gaussianCopula } from './gaussian-copula.js';
import { privBayes } from './privbayes.js';
import { autoregressive } from './argn.js';
import { copulaGan, ctgan } from './ctgan.js';
import { tvae } from './tvae.js';

export const synthesizers: readonly AnySynthesizer[] = [erase(gaussianCopula), erase(privBayes), erase(autoregressive), erase(ctgan), erase(copulaGan), erase(tvae)];

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
