import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { JobRunner, MetadataStore } from '../../../core/ports.js';
import type { Job } from '../../../core/jobs/model.js';
import type { JobType } from '../../../core/jobs/definitions.js';
import { newJob } from '../../../core/jobs/lifecycle.js';

/** Cloud runner: the job record goes to DynamoDB, the work to the Step Functions state machine. */
export class StepFunctionsJobRunner implements JobRunner {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly meta: MetadataStore,
  ) {}

  async start(type: JobType, input: Record<string, unknown>, fileIds: string[]): Promise<Job> {
    const job = newJob(type, input, fileIds);
    await this.meta.putJob(job);
    await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: job.job_id,
        input: JSON.stringify({ job_id: job.job_id, type, state: {} }),
      }),
    );
    return job;
  }

  get(jobId: string): Promise<Job | undefined> {
    return this.meta.getJob(jobId);
  }

  async cancel(jobId: string): Promise<Job | undefined> {
    await this.meta.requestCancel(jobId);
    return this.meta.getJob(jobId);
  }
}
