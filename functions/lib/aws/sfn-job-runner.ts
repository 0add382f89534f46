import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { MetadataStore } from '../../../core/ports.js';
import type { Job } from '../../../core/jobs/model.js';
import { RecordedJobRunner } from '../../../core/jobs/runner.js';

/** Cloud runner: the work goes to the Step Functions state machine, one execution per job. */
export class StepFunctionsJobRunner extends RecordedJobRunner {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    meta: MetadataStore,
  ) {
    super(meta);
  }

  protected async launch(job: Job): Promise<void> {
    await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: job.job_id,
        input: JSON.stringify({ job_id: job.job_id, type: job.type, state: {} }),
      }),
    );
  }
}
