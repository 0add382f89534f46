/**
 * The wrapper of every pipeline step Lambda. The state machine (or the local runner) invokes
 * steps with `{job_id, type, state}`; a step returns the next state. The last step of a job
 * type records the job's result; a failure propagates so the machine's Catch can record it.
 */
import type { Job } from '../../core/jobs/model.js';
import { jobTypes, type JobType } from '../../core/jobs/definitions.js';
import { JobCancelled, markFinished, markRunning, progressReporter } from '../../core/jobs/lifecycle.js';
import type { ProgressReporter } from '../../core/ports.js';
import { services, type Services } from './services.js';

export type StepState = Record<string, unknown>;

export interface StepEvent {
  readonly job_id: string;
  readonly type: JobType;
  readonly state: StepState;
}

export interface StepContext {
  readonly job: Job;
  readonly svc: Services;
  /** Records progress; throws JobCancelled once the user asked to cancel. */
  readonly report: (percent: number, message?: string, metrics?: Record<string, number>) => Promise<void>;
}

export type StepHandler = (event: StepEvent) => Promise<StepEvent>;

export function stepHandler(stepName: string, impl: (state: StepState, ctx: StepContext) => Promise<StepState>): StepHandler {
  return async (event) => {
    const svc = services();
    const job = await markRunning(svc.meta, event.job_id, stepName);
    if (!job) throw new JobCancelled(); // the job record is gone (its file was deleted)
    if (job.cancel_requested) throw new JobCancelled();
    const reporter: ProgressReporter = progressReporter(svc.meta, job.job_id);
    const report: StepContext['report'] = async (percent, message, metrics) => {
      const cancel = await reporter({ step: stepName, percent, ...(message ? { message } : {}), ...(metrics ? { metrics } : {}) });
      if (cancel) throw new JobCancelled();
    };
    const state = await impl(event.state, { job, svc, report });
    const steps = jobTypes[event.type].steps;
    if (steps[steps.length - 1]?.name === stepName && state.done !== false) {
      await markFinished(svc.meta, job.job_id, { result: state });
    }
    return { ...event, state };
  };
}
