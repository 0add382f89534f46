/**
 * Sets of datetime formats (indices into DATETIME_FORMATS) as two 32-bit words, formats 0–31 in
 * `low` and 32–63 in `high`, so every operation is a native bitwise one: there are more formats
 * than an int has bits. Sets live only in memory (a column's format is stored by name), so the
 * layout is free to change. Inference narrows one set per column, cell by cell: an operation that
 * changes nothing returns the set it was given, so the common cell allocates nothing and a set's
 * identity tells whether it changed.
 */
export interface FormatSet {
  readonly low: number;
  readonly high: number;
}

export const MAX_FORMATS = 64;
export const NO_FORMATS: FormatSet = { low: 0, high: 0 };

/** The lowest `n` bits of a word (as an int32: all 32 are -1). */
const lowBits = (n: number): number => (n <= 0 ? 0 : n >= 32 ? -1 : 2 ** n - 1);

/** The set of the first `n` formats. */
export const firstFormats = (n: number): FormatSet => ({ low: lowBits(n), high: lowBits(n - 32) });

export const hasFormat = (set: FormatSet, i: number): boolean => ((i < 32 ? set.low : set.high) & (1 << i)) !== 0;

export function withFormat(set: FormatSet, i: number): FormatSet {
  if (hasFormat(set, i)) return set;
  // `1 << i` shifts by i mod 32: the bit within its word.
  return i < 32 ? { low: set.low | (1 << i), high: set.high } : { low: set.low, high: set.high | (1 << i) };
}

export function withoutFormat(set: FormatSet, i: number): FormatSet {
  if (!hasFormat(set, i)) return set;
  return i < 32 ? { low: set.low & ~(1 << i), high: set.high } : { low: set.low, high: set.high & ~(1 << i) };
}

/** The formats in both sets: `a` itself when that is all of them. */
export function bothFormats(a: FormatSet, b: FormatSet): FormatSet {
  const low = a.low & b.low;
  const high = a.high & b.high;
  return low === a.low && high === a.high ? a : { low, high };
}

export const anyFormat = (set: FormatSet): boolean => (set.low | set.high) !== 0;

/** The formats in a set, by index, among the first `n`. */
export function formatsIn(set: FormatSet, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (hasFormat(set, i)) out.push(i);
  return out;
}
