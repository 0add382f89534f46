/**
 * Length in code points, as a reader counts characters ("😀" is 1, not 2): UTF-16 code units that
 * are not the low half of a surrogate pair. No array is built, so it stays cheap on long text.
 */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    // A low surrogate right after a high one completes a pair already counted.
    if (u >= 0xdc00 && u <= 0xdfff && i > 0) {
      const prev = s.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) n--;
    }
  }
  return n;
}
