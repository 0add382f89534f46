/**
 * The training loss per epoch a job has reported so far, kept on the job record so a page opened
 * mid-run can draw the whole curve (a progress reading carries only the latest epoch). Progress is
 * written about once a percent, so this is the epochs that were reported, not necessarily every one.
 */
import type { EpochLoss, JobProgress } from './model.js';

/** Points kept at most: a job record is rewritten on every progress write and must stay small (DynamoDB items ≤ 400 KB). */
export const LOSS_HISTORY_MAX = 1000;

/**
 * `history` with the epoch `metrics` report (`{epoch, ...losses}`) added; unchanged when they name no
 * epoch or the last one kept. Past LOSS_HISTORY_MAX every other point is dropped (the first and the newest kept), so
 * the curve keeps its whole span at a coarser step rather than losing its start.
 */
export function withEpochLoss(history: readonly EpochLoss[] | undefined, metrics: JobProgress['metrics'], max = LOSS_HISTORY_MAX): EpochLoss[] | undefined {
  if (!metrics || typeof metrics.epoch !== 'number' || !Number.isInteger(metrics.epoch)) return history && [...history];
  const { epoch, ...loss } = metrics;
  const last = history?.at(-1);
  if (last?.epoch === epoch) return [...history!];
  // An epoch before the last: the fit started again (a restarted job), so its curve does too.
  const next = [...(last && epoch < last.epoch ? [] : (history ?? [])), { epoch, loss }];
  return next.length > max ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}
