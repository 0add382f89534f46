/**
 * The local JobRunner: executes the very state machine the cloud deploys (core/jobs/asl.ts) with
 * the aws-local-stepfunctions interpreter, its Task states bound to the same step handlers the
 * cloud's Lambdas run, each invocation handed to a StepInvoker (warm worker threads under
 * `npm start`). Failures take the definition's Catch → MarkFailed path, as in the cloud.
 */
import type { Job } from '../core/jobs/model.js';
import { jobTypes, type JobType, type JobTypeDef, type StepDef, type StepName } from '../core/jobs/definitions.js';
import { jobDefinition, taskName } from '../core/jobs/asl.js';
import { RecordedJobRunner } from '../core/jobs/runner.js';
import { ProblemError } from '../core/errors.js';
import { JobCancelled } from '../core/jobs/lifecycle.js';
import type { MetadataStore } from '../core/ports.js';
import type { StepEvent } from '../functions/lib/step.js';
import { caught, settled, type StepFunctionName, type StepOutcome } from './steps.js';

type Json = Parameters<NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string]>[0];
type RunOptions = NonNullable<Parameters<InstanceType<Interpreter['StateMachine']>['run']>[1]>;
type Interpreter = typeof import('aws-local-stepfunctions');

/** The interpreter needs Promise.withResolvers (Node 22); Node 20 gets this small polyfill. */
function polyfill(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown;
    let reject: unknown;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

let interpreter: Promise<Interpreter> | undefined;
/** The aws-local-stepfunctions module, polyfilled for Node 20 first. */
export const loadInterpreter = () => {
  polyfill();
  return (interpreter ??= import('aws-local-stepfunctions'));
};

/** Runs one step invocation: in a worker thread (StepWorkerPool) or in this process (invokeStep). */
export type StepInvoker = (name: StepFunctionName, input: unknown) => Promise<StepOutcome>;

export class LocalJobRunner extends RecordedJobRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(
    meta: MetadataStore,
    private readonly invoke: StepInvoker,
  ) {
    super(meta);
  }

  /**
   * After a restart, jobs that were in flight have no process behind them. Restartable ones
   * (idempotent steps; fits resume from their last checkpoint) are started again; anything else
   * is ended as failed, its output marked so, and the user can start it again.
   */
  async recover(): Promise<void> {
    for (const job of await this.meta.listUnfinishedJobs()) {
      const def: JobTypeDef | undefined = jobTypes[job.type as JobType];
      if (def?.restartable) {
        await this.launch(job);
        continue;
      }
      const error = caught(new ProblemError(503, 'Service Unavailable', 'The service restarted while this job ran; start it again.'));
      settled(await this.invoke('markFailed', { job_id: job.job_id, error }));
    }
  }

  /**
   * A job still waiting for a worker has run nothing, so it ends cancelled at once (output and
   * model settled as the state machine's Catch would), rather than when a worker frees up; its
   * first step, once it gets one, finds the job ended and stops.
   */
  override async cancel(jobId: string): Promise<{ job: Job; ended: boolean } | undefined> {
    const asked = await super.cancel(jobId);
    if (asked?.job.status !== 'queued') return asked;
    settled(await this.invoke('markFailed', { job_id: jobId, error: caught(new JobCancelled()) }));
    const job = await this.meta.getJob(jobId);
    return job && { job, ended: false };
  }

  /** Waits for every job in flight (used on shutdown and by tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  protected async launch(job: Job): Promise<void> {
    const run = this.execute({ job_id: job.job_id, type: job.type as JobType, state: {} }).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async execute(first: StepEvent): Promise<void> {
    const { invoke } = this;
    const { StateMachine } = await loadInterpreter();
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [type, def] of Object.entries(jobTypes)) {
      for (const step of def.steps as readonly StepDef[]) {
        handlers[taskName(type, step.name)] = async (input) => settled(await invoke(step.name as StepName, input)) as Json;
      }
    }
    handlers.MarkFailed = async (input) => {
      settled(await invoke('markFailed', input));
      return input;
    };
    const machine = new StateMachine(jobDefinition((step) => `arn:aws:lambda:local:000000000000:function:${step}`) as never, {
      validationOptions: { checkArn: false, checkPaths: false },
    });
    await new Promise((r) => setImmediate(r)); // reply to the request first, as the cloud does
    // A failed job ends in the definition's Fail state; its record already says why.
    await machine.run(first as unknown as Json, { overrides: { taskResourceLocalHandlers: handlers } }).result.catch(() => undefined);
  }
}
