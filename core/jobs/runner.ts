import type { JobRunner, MetadataStore } from '../ports.js';
import type { Job } from './model.js';
import type { JobType } from './definitions.js';
import { newJob } from './lifecycle.js';

/**
 * What every JobRunner shares: the job record lives in the metadata store, cancellation is a flag
 * beside it. Subclasses only say how a recorded job is launched (in-process, Step Functions).
 */
export abstract class RecordedJobRunner implements JobRunner {
  constructor(protected readonly meta: MetadataStore) {}

  async start(type: JobType, input: Record<string, unknown>, fileIds: string[]): Promise<Job> {
    const job = newJob(type, input, fileIds);
    await this.meta.putJob(job);
    await this.launch(job);
    return job;
  }

  get(jobId: string): Promise<Job | undefined> {
    return this.meta.getJob(jobId);
  }

  async cancel(jobId: string): Promise<Job | undefined> {
    await this.meta.requestCancel(jobId);
    return this.meta.getJob(jobId);
  }

  protected abstract launch(job: Job): Promise<void>;
}
