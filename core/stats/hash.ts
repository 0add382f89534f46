/**
 * Two independent 32-bit hashes (MurmurHash3's block mix and finaliser under two seeds) of a number
 * or a string: 64 bits between them, for sketches and row fingerprints. Numbers hash their IEEE-754
 * words, with −0 as 0 (they compare equal); strings hash their UTF-16 code units.
 */
const SEED_A = 0x9747b28c;
const SEED_B = 0x5bd1e995;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of the two 32-bit words of a double, under a seed. */
export function hashWords(lo: number, hi: number, seed: number): number {
  return finalise(mixBlock(mixBlock(seed, lo), hi), 8);
}

/** [hash A, hash B] of a number, written into `out` (no allocation in hot loops). */
export function hashNumber(x: number, out: Uint32Array): void {
  scratch[0] = x === 0 ? 0 : x;
  out[0] = hashWords(words[0]!, words[1]!, SEED_A);
  out[1] = hashWords(words[0]!, words[1]!, SEED_B);
}

/** [hash A, hash B] of a string, written into `out`. */
export function hashString(s: string, out: Uint32Array): void {
  let a = SEED_A;
  let b = SEED_B;
  let i = 0;
  for (; i + 1 < s.length; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = mixBlock(a, k);
    b = mixBlock(b, k);
  }
  if (i < s.length) {
    // The tail block is mixed without the rotate-multiply of h, as in MurmurHash3.
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    a ^= k;
    b ^= k;
  }
  out[0] = finalise(a, s.length * 2);
  out[1] = finalise(b, s.length * 2);
}
