import { api, type Job } from './api.js';
import { etaEstimator, etaText } from './eta.js';

/**
 * Polls a job until it ends, reporting each state; or until `watching` says no one looks any more
 * (its page was left), with the last state seen.
 */
export async function followJob(jobId: string, onUpdate: (job: Job) => void, watching: () => boolean = () => true): Promise<Job> {
  for (;;) {
    const job = await api.anyJob(jobId);
    onUpdate(job);
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled' || !watching()) return job;
    await new Promise((r) => setTimeout(r, 300));
  }
}

const STATUS_WORDS: Record<string, string> = { queued: 'Waiting to start', running: 'Running', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

/** A job's progress as a sentence: "Running — fit, 40 % (epoch 12 of 300) · about 30 s left" (the time left as given). */
export function progressLine(j: { status: string; progress: { step: string; percent: number; message?: string } }, secondsLeft?: number): string {
  if (j.status === 'succeeded') return 'Done.'; // not "Done — done, 100 %"
  const eta = secondsLeft !== undefined && j.status === 'running' ? ` · ${etaText(secondsLeft)}` : '';
  const detail = j.progress.message ? ` (${j.progress.message})` : '';
  return `${STATUS_WORDS[j.status] ?? j.status} — ${j.progress.step}, ${Math.round(j.progress.percent)} %${detail}${eta}`;
}

/**
 * progressLine for one run followed, its time left estimated here from the pace of its percentage
 * (eta.ts): the server's eta_seconds jumps between steps. Make one per run.
 */
export function progressLines(now: () => number = () => Date.now()): (j: Pick<Job, 'status' | 'progress'>) => string {
  const estimator = etaEstimator();
  return (j) => progressLine(j, j.status === 'running' ? estimator.update(j.progress.percent, now()) : undefined);
}
