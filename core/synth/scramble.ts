import type { Rng } from '../random.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/** Characters (code points) kept as they are at the start and the end of every template. */
export type Affixes = { prefix: number; suffix: number };

const NO_AFFIXES: Affixes = { prefix: 0, suffix: 0 };

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
 * rather than a row, so scrambling keeps them. At least one character of the shortest template
 * stays free, so no template is ever returned whole.
 */
export function fixedAffixes(templates: readonly string[]): Affixes {
  const distinct = [...new Set(templates)].map((t) => [...t]);
  if (distinct.length < MIN_TEMPLATES_FOR_AFFIXES) return NO_AFFIXES;
  const shortest = Math.min(...distinct.map((t) => t.length));
  const prefix = Math.min(commonLength(distinct, (s, i) => s[i]), Math.max(0, shortest - 1));
  const suffix = Math.min(commonLength(distinct, (s, i) => s[s.length - 1 - i]), Math.max(0, shortest - 1 - prefix));
  return { prefix, suffix };
}

/**
 * A new string shaped like the template: each letter and digit replaced at random, the rest kept,
 * and so are the `affixes` every template shares.
 */
export function scramble(template: string, rng: Rng, affixes: Affixes = NO_AFFIXES): string {
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
