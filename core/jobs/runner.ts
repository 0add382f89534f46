import type { JobRunner, MetadataStore } from '../ports.js';
import { isTerminal, type Job } from './model.js';
import type { JobType } from './definitions.js';
import { newJob, withTitle } from './lifecycle.js';

/**
 * What every JobRunner shares: the job record lives in the metadata store, cancellation is a flag
 * beside it. Subclasses only say how a recorded job is launched (in-process, Step Functions).
 */
export abstract class RecordedJobRunner implements JobRunner {
  constructor(protected readonly meta: MetadataStore) {}

  async start(type: JobType, input: Record<string, unknown>, fileIds: string[], jobId?: string): Promise<Job> {
    const job = newJob(type, input, fileIds, jobId);
    await this.meta.putJob(job);
    await this.launch(job);
    return job;
  }

  get(jobId: string): Promise<Job | undefined> {
    return this.meta.getJob(jobId);
  }

  /** Flags a job in flight to stop; one that has ended is left as it is. */
  async cancel(jobId: string): Promise<{ job: Job; ended: boolean } | undefined> {
    const job = await this.meta.getJob(jobId);
    if (!job) return undefined;
    if (isTerminal(job.status)) return { job: withTitle(job), ended: true };
    await this.meta.requestCancel(jobId);
    const flagged = await this.meta.getJob(jobId);
    return flagged && { job: flagged, ended: false };
  }

  protected abstract launch(job: Job): Promise<void>;
}
