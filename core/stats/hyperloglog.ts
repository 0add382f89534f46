/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) with 2^14 registers (16 KiB) and Ertl's
 * improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017,
 * algorithm 6): unbiased from 0 to billions without the empirical bias tables of HLL++, and with
 * linear counting's accuracy built in for small counts. Relative standard error 1.04/√m = 0.81 %.
 * Each value brings two 32-bit hashes (core/stats/hash.ts): the first picks the register, the
 * second's leading zeros give the rank. Sketches merge by register-wise maximum.
 */
export const HLL_PRECISION = 14;
const M = 1 << HLL_PRECISION;
/** Bits the rank is read from: registers hold 1 … Q + 1. */
const Q = 32;

/** Relative standard error of the estimate; about 99.7 % of estimates fall within three of it. */
export const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(M);

export class HyperLogLog {
  private readonly registers = new Uint8Array(M);

  addHash(a: number, b: number): void {
    const i = a >>> (32 - HLL_PRECISION);
    const rank = Math.clz32(b) + 1;
    if (rank > this.registers[i]!) this.registers[i] = rank;
  }

  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++) if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!;
  }

  estimate(): number {
    const counts = new Float64Array(Q + 2);
    for (let i = 0; i < M; i++) counts[this.registers[i]!]!++;
    let z = M * tau(1 - counts[Q + 1]! / M);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + counts[k]!);
    z += M * sigma(counts[0]! / M);
    return z === Infinity ? 0 : (M * M) / (2 * Math.LN2 * z);
  }
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const previous = z;
    z += x * y;
    y += y;
    if (z === previous) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const previous = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === previous) return z / 3;
  }
}
