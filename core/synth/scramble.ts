import { z } from 'zod';
import type { Rng } from '../random.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/**
 * Characters (code points) kept as they are at the start and the end of every template. Found when
 * a model is fitted and stored with it, so a saved model samples the same way whatever this rule becomes.
 */
export const Affixes = z.object({ prefix: z.number().int().min(0), suffix: z.number().int().min(0) });
export type Affixes = z.infer<typeof Affixes>;

const NO_AFFIXES: Affixes = { prefix: 0, suffix: 0 };
const isAlphanumeric = (ch: string) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');

/** Fewer distinct templates than this share a start by chance (two people named Alice), not by format. */
const MIN_TEMPLATES_FOR_AFFIXES = 5;

function commonLength(strings: readonly string[][], at: (s: string[], i: number) => string | undefined): number {
  const first = strings[0]!;
  let k = 0;
  while (k < first.length && strings.every((s) => k < s.length && at(s, k) === at(first, k))) k++;
  return k;
}

/**
 * The start and end every template shares — an 'id-' prefix, a '.csv' suffix — which a format fixes
 * rather than a row, so scrambling keeps them. Every template keeps a letter or digit outside
 * them (scrambling changes only those), so no template is ever returned whole.
 */
export function fixedAffixes(templates: readonly string[]): Affixes {
  const distinct = [...new Set(templates)].map((t) => [...t]);
  if (distinct.length < MIN_TEMPLATES_FOR_AFFIXES) return NO_AFFIXES;
  const shortest = Math.min(...distinct.map((t) => t.length));
  let prefix = Math.min(commonLength(distinct, (s, i) => s[i]), Math.max(0, shortest - 1));
  let suffix = Math.min(commonLength(distinct, (s, i) => s[s.length - 1 - i]), Math.max(0, shortest - 1 - prefix));
  const freeAlphanumeric = (t: string[]) => t.slice(prefix, t.length - suffix).some(isAlphanumeric);
  while ((prefix > 0 || suffix > 0) && !distinct.every(freeAlphanumeric)) {
    if (suffix > 0) suffix--;
    else prefix--;
  }
  return { prefix, suffix };
}

/**
 * A new string shaped like the template: each letter and digit replaced at random, the rest kept,
 * and so are the `affixes` every template shares.
 */
export function scramble(template: string, rng: Rng, affixes: Affixes | undefined = NO_AFFIXES): string {
  const chars = [...template];
  let out = '';
  chars.forEach((ch, i) => {
    if (i < affixes.prefix || i >= chars.length - affixes.suffix) out += ch;
    else if (ch >= 'a' && ch <= 'z') out += LOWER[rng.int(0, 25)];
    else if (ch >= 'A' && ch <= 'Z') out += UPPER[rng.int(0, 25)];
    else if (ch >= '0' && ch <= '9') out += String(rng.int(0, 9));
    else out += ch;
  });
  return out;
}
