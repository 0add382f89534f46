/**
 * Job progress from a fit: the preparation before the first epoch (1–5 %) and the epochs (5–95 %),
 * written to the job record behind the work without flooding it.
 */
import type { FitProgress, PrepareProgress } from '../synth/synthesizer.js';

export type Report = (percent: number, message?: string, metrics?: Readonly<Record<string, number>>) => Promise<void>;

const STALL_MS = 1000;

/**
 * The work before the first epoch as job progress (1–5 %), a write at most every second, each one
 * awaited: that work is synchronous between columns, so only an awaited write gets out. A fit that
 * had got further and starts again (a restart before its first checkpoint) says so, as its bar goes back.
 */
export function preparingProgress(report: Report, startingOver = false): PrepareProgress {
  let lastAt = -Infinity;
  return async (done, total, message) => {
    const now = performance.now();
    if (now - lastAt < STALL_MS && done < total) return;
    lastAt = now;
    await report(1 + Math.floor((4 * done) / total), startingOver ? `started again after a restart: ${message}` : message);
  };
}

export interface FitReports {
  readonly onProgress: FitProgress;
  /**
   * A report from within an epoch (about once a second, neural/run.ts), written and awaited even when
   * the percentage has not moved: the message and the time move, and a cancel stops training now.
   */
  within(fraction: number, message: string): Promise<void>;
  /** Waits for the writes queued so far; throws what one of them threw (JobCancelled, above all). */
  flushed(): Promise<void>;
  /** Waits for a write that has been pending for a second (see below); throws what a write threw. */
  unstalled(): Promise<void>;
}

/**
 * Fit progress to job progress (5–95 %), one write at a time and only when the number moves. The
 * writes run behind the training loop, so a failed one (JobCancelled, above all) must not be left as
 * a rejection nobody awaits — that kills the process. It is kept: the next report throws it, which
 * stops training at the next epoch, and `flushed()` throws it if training ended first.
 */
export function throttledProgress(report: Report): FitReports {
  let last = 0;
  let lastAt = 0;
  /** When the oldest write still pending was queued. */
  let writing: number | undefined;
  let failure: { error: unknown } | undefined;
  let pending: Promise<void> = Promise.resolve();
  const onProgress: FitProgress = (fraction, message, metrics) => {
    if (failure) throw failure.error;
    const percent = Math.round(5 + fraction * 90);
    const now = performance.now();
    // Epoch metrics are worth a write every second even when the percentage has not moved.
    if (percent > last || (metrics && now - lastAt > 1000)) {
      last = percent;
      lastAt = now;
      writing ??= now;
      const write = (pending = pending
        .then(() => (failure ? undefined : report(percent, message, metrics)))
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          if (pending === write) writing = undefined;
        }));
    }
  };
  const flushed = async () => {
    await pending;
    if (failure) throw failure.error;
  };
  /**
   * A loop whose awaits never reach the event loop (epochs of work that resolve at once) would
   * starve the writes behind it: the bar would sit still until training ended. So the writes are
   * waited for when one has been pending for a second, or after an epoch that took a second (its
   * report would otherwise wait out the next epoch too): at most one write's time per second of training.
   */
  let checkedAt = performance.now();
  const unstalled = async () => {
    const now = performance.now();
    const slowEpoch = now - checkedAt > STALL_MS;
    if (writing !== undefined && (slowEpoch || now - writing > STALL_MS)) await pending;
    checkedAt = performance.now();
    // A write that found the job cancelled stops training now, not after one more epoch.
    if (failure) throw failure.error;
  };
  const within = async (fraction: number, message: string) => {
    await flushed();
    last = Math.max(last, Math.round(5 + fraction * 90));
    lastAt = performance.now();
    await report(last, message);
  };
  return { onProgress, within, flushed, unstalled };
}
