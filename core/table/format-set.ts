/**
 * Sets of datetime formats (indices into DATETIME_FORMATS) as one number of up to 52 bits, kept as
 * two 26-bit halves so each stays within the bitwise operators' 32: there are more formats than an
 * int has bits. Inference narrows one such set per column, cell by cell, so these stay a few
 * arithmetic operations each.
 */
const HALF = 2 ** 26;
export const MAX_FORMATS = 52;

/** The set of the first `n` formats. */
export const firstFormats = (n: number): number => 2 ** n - 1;

export function hasFormat(set: number, i: number): boolean {
  return i < 26 ? ((set % HALF) & (1 << i)) !== 0 : (Math.floor(set / HALF) & (1 << (i - 26))) !== 0;
}

export const withFormat = (set: number, i: number): number => (hasFormat(set, i) ? set : set + 2 ** i);
export const withoutFormat = (set: number, i: number): number => (hasFormat(set, i) ? set - 2 ** i : set);

/** The formats in both sets. */
export function bothFormats(a: number, b: number): number {
  return (Math.floor(a / HALF) & Math.floor(b / HALF)) * HALF + ((a % HALF) & (b % HALF));
}

/** The formats in a set, by index, among the first `n`. */
export function formatsIn(set: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (hasFormat(set, i)) out.push(i);
  return out;
}
