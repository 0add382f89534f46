/**
 * Sets of datetime formats (indices into DATETIME_FORMATS) as three 32-bit words, formats 0–31 in
 * `w0`, 32–63 in `w1` and 64–95 in `w2`, so every operation is a native bitwise one: there are more
 * formats than an int has bits. Sets live only in memory (a column's format is stored by name), so
 * the layout is free to change. Inference narrows one set per column, cell by cell: an operation
 * that changes nothing returns the set it was given, so the common cell allocates nothing and a
 * set's identity tells whether it changed.
 */
export interface FormatSet {
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
}

export const MAX_FORMATS = 96;
export const NO_FORMATS: FormatSet = { w0: 0, w1: 0, w2: 0 };

/** The lowest `n` bits of a word (as an int32: all 32 are -1). */
const lowBits = (n: number): number => (n <= 0 ? 0 : n >= 32 ? -1 : 2 ** n - 1);

/** The set of the first `n` formats. */
export const firstFormats = (n: number): FormatSet => ({ w0: lowBits(n), w1: lowBits(n - 32), w2: lowBits(n - 64) });

/** The word holding format i. */
const wordOf = (set: FormatSet, i: number): number => (i < 32 ? set.w0 : i < 64 ? set.w1 : set.w2);

/** `set` with format i's word replaced by `word`. */
const withWord = (set: FormatSet, i: number, word: number): FormatSet => (i < 32 ? { ...set, w0: word } : i < 64 ? { ...set, w1: word } : { ...set, w2: word });

// `1 << i` shifts by i mod 32: the bit within its word.
export const hasFormat = (set: FormatSet, i: number): boolean => (wordOf(set, i) & (1 << i)) !== 0;

export const withFormat = (set: FormatSet, i: number): FormatSet => (hasFormat(set, i) ? set : withWord(set, i, wordOf(set, i) | (1 << i)));

export const withoutFormat = (set: FormatSet, i: number): FormatSet => (hasFormat(set, i) ? withWord(set, i, wordOf(set, i) & ~(1 << i)) : set);

/** The formats in both sets: `a` itself when that is all of them. */
export function bothFormats(a: FormatSet, b: FormatSet): FormatSet {
  const w0 = a.w0 & b.w0;
  const w1 = a.w1 & b.w1;
  const w2 = a.w2 & b.w2;
  return w0 === a.w0 && w1 === a.w1 && w2 === a.w2 ? a : { w0, w1, w2 };
}

export const anyFormat = (set: FormatSet): boolean => (set.w0 | set.w1 | set.w2) !== 0;

/** The formats in a set, by index, among the first `n`. */
export function formatsIn(set: FormatSet, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (hasFormat(set, i)) out.push(i);
  return out;
}
