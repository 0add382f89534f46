/**
 * Refuses a correlation whose answer could not fit a reply BEFORE computing it: the matrix is
 * columns² numbers, so a wide file (thousands of columns) would take minutes and gigabytes only to
 * be refused by the reply-size check afterwards.
 */
import { MAX_REPLY_BYTES } from '../api/route.js';
import { unprocessable } from '../errors.js';

/** Worst-case JSON bytes of one matrix cell: a 17-significant-digit negative number and its comma. */
export const CORRELATION_CELL_BYTES = 24;

/** The most columns whose matrix alone fits the reply budget (the pairs list of top_n is small beside it). */
export const MAX_CORRELATION_COLUMNS = Math.floor(Math.sqrt(MAX_REPLY_BYTES / CORRELATION_CELL_BYTES));

/** Estimated reply bytes of a correlation over `columns` columns. */
export const correlationReplyBytes = (columns: number): number => columns * columns * CORRELATION_CELL_BYTES;

/** Throws a 422 naming the columns, pairs and the limit when `columns` is more than a reply can hold. */
export function checkCorrelationWidth(columns: number): void {
  if (columns <= MAX_CORRELATION_COLUMNS) return;
  const pairs = (columns * (columns - 1)) / 2;
  const maxPairs = (MAX_CORRELATION_COLUMNS * (MAX_CORRELATION_COLUMNS - 1)) / 2;
  throw unprocessable(
    `A correlation of ${columns} columns (${pairs} pairs) would not fit a reply, which holds at most ${MAX_CORRELATION_COLUMNS} columns (${maxPairs} pairs); name at most ${MAX_CORRELATION_COLUMNS} in \`columns\` to compare.`,
    { columns, pairs, max_columns: MAX_CORRELATION_COLUMNS, max_pairs: maxPairs },
  );
}
