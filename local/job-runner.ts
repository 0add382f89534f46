/**
 * The local JobRunner: executes the very state machine the cloud deploys (core/jobs/asl.ts) with
 * the aws-local-stepfunctions interpreter, its Task states bound to the same step handlers the
 * cloud's Lambdas run. Failures take the definition's Catch → MarkFailed path, as in the cloud.
 */
import type { Job } from '../core/jobs/model.js';
import { jobTypes, type JobType, type JobTypeDef, type StepDef } from '../core/jobs/definitions.js';
import { jobDefinition, taskName } from '../core/jobs/asl.js';
import { RecordedJobRunner } from '../core/jobs/runner.js';
import { ProblemError } from '../core/errors.js';
import { markFailed, stepHandlers } from '../functions/index.js';
import { runWithServices, type Services } from '../functions/lib/services.js';
import type { StepEvent } from '../functions/lib/step.js';

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

/** A thrown error as Lambda reports it to Step Functions: the name, and a JSON cause with the message. */
function asLambdaError(error: unknown): Error {
  if (!(error instanceof ProblemError) && !(error instanceof Error && error.name === 'JobCancelled')) console.error('job step failed', error);
  const out = new Error(
    JSON.stringify({
      errorType: error instanceof Error ? error.name : 'Error',
      errorMessage: error instanceof ProblemError ? error.detail : error instanceof Error ? error.message : String(error),
      ...(error instanceof ProblemError ? { status: error.status } : {}),
    }),
  );
  out.name = error instanceof Error ? error.name : 'Error';
  return out;
}

export class LocalJobRunner extends RecordedJobRunner {
  private readonly running = new Set<Promise<void>>();
  private services: Services | undefined;

  /** The runner is part of the services it runs steps with, so they are bound after construction. */
  bind(services: Services): void {
    this.services = services;
  }

  /**
   * After a restart, jobs that were in flight have no process behind them. Restartable ones
   * (idempotent steps; fits resume from their last checkpoint) are started again; anything else
   * is ended as failed, its output marked so, and the user can start it again.
   */
  async recover(): Promise<void> {
    const svc = this.services;
    if (!svc) throw new Error('LocalJobRunner used before bind()');
    for (const job of await this.meta.listUnfinishedJobs()) {
      const def: JobTypeDef | undefined = jobTypes[job.type as JobType];
      if (def?.restartable) {
        await this.launch(job);
        continue;
      }
      const { handler } = await markFailed();
      const error = new ProblemError(503, 'Service Unavailable', 'The service restarted while this job ran; start it again.');
      await runWithServices(svc, () => handler({ job_id: job.job_id, error }));
    }
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
    const svc = this.services;
    if (!svc) throw new Error('LocalJobRunner used before bind()');
    const { StateMachine } = await loadInterpreter();
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [type, def] of Object.entries(jobTypes)) {
      for (const step of def.steps as readonly StepDef[]) {
        handlers[taskName(type, step.name)] = async (input) => {
          const { handler } = await stepHandlers[step.name as keyof typeof stepHandlers]();
          try {
            return (await runWithServices(svc, () => handler(input as unknown as StepEvent))) as unknown as Json;
          } catch (e) {
            throw asLambdaError(e);
          }
        };
      }
    }
    handlers.MarkFailed = async (input) => {
      const { handler } = await markFailed();
      await runWithServices(svc, () => handler(input as unknown as Parameters<typeof handler>[0]));
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
