import type { MetadataStore } from '../../core/ports.js';
import type { Job, JobProgress } from '../../core/jobs/model.js';

/**
 * Every progress written to a job, by job id, recorded as the store writes it: no racing polls.
 * `beforeWrite` runs first (a test may hold a write there, to act while the step waits on it).
 */
export function recordProgress(meta: MetadataStore, beforeWrite?: (job: Job) => Promise<void>): Map<string, JobProgress[]> {
  const progressOf = new Map<string, JobProgress[]>();
  const update = meta.updateJob.bind(meta);
  meta.updateJob = async (job) => {
    progressOf.set(job.job_id, [...(progressOf.get(job.job_id) ?? []), job.progress]);
    await beforeWrite?.(job);
    return update(job);
  };
  return progressOf;
}
