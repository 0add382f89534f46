/**
 * Sample-step progress as the synthetic rows are drawn and written: the share of the step's part of
 * the bar the rows done make, with a line that counts them ("writing rows 400 000 of 2 000 000"), and at
 * most one job-record write a second (each is a read and a conditional write of the job). Only the
 * clock decides when to write, never the seeded draws: progress cannot change the rows a seed gives.
 */
import { limitFromEnv } from '../limits.js';
import type { Report } from './progress.js';

/** Least time between two progress writes; `TABMIMIC_SAMPLE_PROGRESS_MS` overrides it (tests set 0 to see every one). */
export const SAMPLE_PROGRESS_MS = 1000;

/** Milliseconds from any fixed origin; injected in tests. */
export type Clock = () => number;

/** "2 000 000": digits grouped by threes, as the bar's line reads a row count at a glance. */
export function groupedCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** The two passes writeTableFile makes over the rows: the columnar chunks, then the CSV original. */
export type WritePass = 'columnar' | 'csv';

/** A pass over the rows the bar counts: drawing them in batches (sample-batches.ts), or one of the writes. */
export type RowsPass = 'sampling' | WritePass;

/** What a pass is called on the bar's line. */
const PASS_WORDS: Readonly<Record<RowsPass, string>> = { sampling: 'sampling rows', columnar: 'writing rows', csv: 'writing the CSV: rows' };

export interface RowsProgressOptions {
  /** Rows in the table being drawn or written. */
  readonly rows: number;
  /** The percent the pass starts at, and the last it may reach (the step's share of the bar). */
  readonly from: number;
  readonly to: number;
  readonly intervalMs?: number;
  readonly clock?: Clock;
}

/**
 * Rows done as throttled job progress (writeTableFile's `onWritten`, or the batches drawn): `share` (0–1 of the passes) sets the
 * percent, `pass` and `done` the line. The first report and the last of each pass always go out (a
 * pass's end is where its line changes); between them, one a second. The percent never goes back.
 * Each write is awaited, so a cancel it finds (it throws) stops the writing at once.
 */
export function rowsProgress(report: Report, options: RowsProgressOptions): (share: number, pass: RowsPass, done: number) => Promise<void> {
  const { rows, from, to } = options;
  const interval = options.intervalMs ?? limitFromEnv(process.env, 'TABMIMIC_SAMPLE_PROGRESS_MS', SAMPLE_PROGRESS_MS);
  const clock = options.clock ?? (() => performance.now());
  let lastPercent = from;
  let lastAt = -Infinity;
  let lastLine = '';
  return async (share, pass, done) => {
    const now = clock();
    const passEnd = done >= rows;
    if (!passEnd && now - lastAt < interval) return;
    const percent = Math.max(lastPercent, Math.min(to, from + Math.floor(Math.max(0, share) * (to - from))));
    const line = `${PASS_WORDS[pass]} ${groupedCount(Math.min(done, rows))} of ${groupedCount(rows)}`;
    // Nothing new to say (a pass that reports its end twice, an empty table).
    if (line === lastLine && percent === lastPercent) return;
    lastPercent = percent;
    lastAt = now;
    lastLine = line;
    await report(percent, line);
  };
}
