/**
 * The training loss per epoch a job has reported so far, kept on the job record so a page opened
 * mid-run can draw the whole curve (a progress reading carries only the latest epoch). Progress is
 * written about once a percent, so this is the epochs that were reported, not necessarily every one.
 * It stays on a failed or cancelled job (no model was stored) so a page opened later can draw it;
 * markFinished drops it from a succeeded one, whose model record keeps the full history.
 */
import type { EpochLoss, JobProgress } from './model.js';

/**
 * Points kept at most: the job record is rewritten on every progress write (about once a second) and
 * polled by the page several times a second, so it stays a few KB (300 points of 3 losses ≈ 20 KB).
 */
export const LOSS_HISTORY_MAX = 300;

/** Significant digits kept per loss: a curve needs no more, and 17-digit floats triple the record. */
const LOSS_DIGITS = 5;

/**
 * The step the history is kept at, from its first and newest epoch: the smallest power of two whose
 * buckets (epochs floor(epoch / stride)) over that span, plus the newest point, fit in `max`. It only
 * grows as the run does, doubling when the span outgrows it, and buckets of a doubled stride are
 * pairs of the old ones, so a point is thinned once per doubling rather than on every pass of the cap.
 */
export function lossHistoryStride(firstEpoch: number, newestEpoch: number, max = LOSS_HISTORY_MAX): number {
  let stride = 1;
  // The bound only guards a nonsensical `max` (< 3) over epochs on both sides of 0.
  while (Math.floor(newestEpoch / stride) - Math.floor(firstEpoch / stride) + 2 > max && stride < 2 ** 40) stride *= 2;
  return stride;
}

/**
 * `history` with the epoch `metrics` report (`{epoch, ...losses}`) added; unchanged when they name no
 * epoch or the newest one kept. An epoch before the newest (a fit resumed from an earlier checkpoint,
 * or started again) replaces the points from that epoch on. Kept: the first reported epoch of each
 * stride bucket (lossHistoryStride), so consecutive points are at most two strides apart when every
 * stride has a report, and the newest point, so the curve reaches the current epoch.
 */
export function withEpochLoss(history: readonly EpochLoss[] | undefined, metrics: JobProgress['metrics'], max = LOSS_HISTORY_MAX): EpochLoss[] | undefined {
  if (!metrics || typeof metrics.epoch !== 'number' || !Number.isInteger(metrics.epoch)) return history && [...history];
  const { epoch, ...loss } = metrics;
  if (history?.at(-1)?.epoch === epoch) return [...history];
  const earlier = (history ?? []).filter((p) => p.epoch < epoch);
  const newest: EpochLoss = { epoch, loss: rounded(loss) };
  if (earlier.length === 0) return [newest];
  const stride = lossHistoryStride(earlier[0]!.epoch, epoch, max);
  const kept: EpochLoss[] = [];
  for (const p of earlier) {
    const previous = kept.at(-1);
    if (!previous || Math.floor(previous.epoch / stride) !== Math.floor(p.epoch / stride)) kept.push(p);
  }
  return [...kept, newest];
}

function rounded(loss: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(loss).map(([k, v]) => [k, Number(v.toPrecision(LOSS_DIGITS))]));
}
