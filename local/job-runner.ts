/**
 * The local JobRunner: runs a job's steps in-process, in order, through the very step handlers
 * the cloud's state machine invokes, with the same Catch → markFailed path.
 */
import type { Job } from '../core/jobs/model.js';
import { jobTypes, type JobType, type StepDef } from '../core/jobs/definitions.js';
import { RecordedJobRunner } from '../core/jobs/runner.js';
import { markFailed, stepHandlers } from '../functions/index.js';
import { runWithServices, type Services } from '../functions/lib/services.js';
import type { StepEvent } from '../functions/lib/step.js';

/** A resumable step is re-invoked until it says it is done; this bounds a runaway loop. */
const MAX_STEP_INVOCATIONS = 100_000;

export class LocalJobRunner extends RecordedJobRunner {
  private readonly running = new Set<Promise<void>>();
  private services: Services | undefined;

  /** The runner is part of the services it runs steps with, so they are bound after construction. */
  bind(services: Services): void {
    this.services = services;
  }

  protected async launch(job: Job): Promise<void> {
    const run = this.execute({ job_id: job.job_id, type: job.type as JobType, state: {} }).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Waits for every job in flight (used on shutdown and by tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async execute(first: StepEvent): Promise<void> {
    const svc = this.services;
    if (!svc) throw new Error('LocalJobRunner used before bind()');
    await new Promise((r) => setImmediate(r)); // reply to the request first, as the cloud does
    await runWithServices(svc, async () => {
      let event = first;
      try {
        const steps: readonly StepDef[] = jobTypes[first.type].steps;
        for (const step of steps) {
          const load = stepHandlers[step.name as keyof typeof stepHandlers];
          if (!load) throw new Error(`No handler for step ${step.name}`);
          const { handler } = await load();
          let calls = 0;
          do {
            event = await handler(event);
          } while (step.resumable && event.state.done === false && ++calls < MAX_STEP_INVOCATIONS);
        }
      } catch (error) {
        const { handler } = await markFailed();
        await handler({ job_id: first.job_id, error }).catch((e: unknown) => console.error('markFailed failed', e));
      }
    });
  }
}
