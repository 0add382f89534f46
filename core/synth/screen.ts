/**
 * The rows a search for links between columns (cuts, curves, gaps, calendar parts) screens each
 * pair on, before it checks a pair that passes on every row: a few thousand rows turn most pairs
 * away at a fraction of the cost.
 */
const SCREEN_ROWS = 4096;

/** Every k-th row, k the smallest step that keeps them to `limit`. */
export function screenRows(rowCount: number, limit = SCREEN_ROWS): Int32Array {
  const stride = Math.max(1, Math.ceil(rowCount / limit));
  return Int32Array.from({ length: Math.ceil(rowCount / stride) }, (_, i) => i * stride);
}

/** Every row. */
export const allRows = (rowCount: number): Int32Array => screenRows(rowCount, Infinity);
