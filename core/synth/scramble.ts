import type { Rng } from '../random.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/** A new string shaped like the template: each letter and digit replaced at random, the rest kept. */
export function scramble(template: string, rng: Rng): string {
  let out = '';
  for (const ch of template) {
    if (ch >= 'a' && ch <= 'z') out += LOWER[rng.int(0, 25)];
    else if (ch >= 'A' && ch <= 'Z') out += UPPER[rng.int(0, 25)];
    else if (ch >= '0' && ch <= '9') out += String(rng.int(0, 9));
    else out += ch;
  }
  return out;
}
