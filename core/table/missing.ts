/**
 * The spellings of "no value", as text and as bytes. The byte check lets ingest skip making a
 * string for the common cell, which is not missing at all.
 */

/** Cells that mean "no value". Documented in the README. */
export const MISSING_SPELLINGS = new Set(['', 'NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', 'None', 'none', 'NaN', 'nan', '-', '?']);

export const isMissingText = (s: string): boolean => MISSING_SPELLINGS.has(s.trim());

/**
 * The spellings as ASCII bytes, grouped by length. The spellings are ASCII, so their bytes are the
 * same in UTF-8 and Latin-1; a non-ASCII spelling would need a matcher per encoding, hence the check.
 */
const BY_LENGTH: Uint8Array[][] = [];
for (const spelling of MISSING_SPELLINGS) {
  if (!/^[\x00-\x7f]*$/.test(spelling)) throw new Error(`Missing spelling ${spelling} is not ASCII`);
  (BY_LENGTH[spelling.length] ??= []).push(Uint8Array.from(spelling, (ch) => ch.charCodeAt(0)));
}
const LONGEST = BY_LENGTH.length - 1;

/** Whether bytes[start, end) is one of the spellings exactly (the caller has trimmed, or knows there is nothing to trim). */
export function isMissingBytes(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length > LONGEST) return false;
  const candidates = BY_LENGTH[length];
  if (!candidates) return false;
  next: for (const spelling of candidates) {
    for (let i = 0; i < length; i++) if (spelling[i] !== bytes[start + i]) continue next;
    return true;
  }
  return false;
}
