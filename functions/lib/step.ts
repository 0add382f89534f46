/**
 * The wrapper of every pipeline step Lambda. The state machine (or the local runner) invokes
 * steps with `{job_id, type, state}`; a step returns the next state. The last step of a job
 * type records the job's result; a failure propagates so the machine's Catch can record it.
 */
import type { Job } from '../../core/jobs/model.js';
import { jobTypes, type JobType } from '../../core/jobs/definitions.js';
import { JobCancelled, markFinished, markRunning, progressReporter } from '../../core/jobs/lifecycle.js';
import type { BlobStore, ProgressReporter } from '../../core/ports.js';
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
      // A cancel asked for after the step's last report (while it stored its result) is honoured, not
      // answered 202 and then outrun: MarkFailed ends the job cancelled and removes its output.
      if ((await svc.meta.getJob(job.job_id))?.cancel_requested) throw new JobCancelled();
      await markFinished(svc.meta, job.job_id, { result: state });
    }
    return { ...event, state };
  };
}

/**
 * For steps whose core code reports progress from behind its work, chained on a promise it awaits
 * only at the end (ingest and retype read through ingestOriginal): a report that throws there
 * (JobCancelled, or the job record gone with its file) would be a rejection nobody handles until
 * then, which kills the process — the local server, or a Lambda invocation that then ends as
 * Runtime.UnhandledPromiseRejection instead of through the Catch as a cancel. So `report` never
 * rejects: it keeps the error, and the store from `stoppable(deps)` throws it at the step's next
 * write, which stops the work where a failure would (its own clean-up runs, nothing is switched to).
 * `settle()` throws it too, for a report that came after the last write.
 */
export function deferredReport(report: StepContext['report']) {
  let failure: { error: unknown } | undefined;
  const settle = (): void => {
    if (failure) throw failure.error;
  };
  return {
    report: async (...args: Parameters<StepContext['report']>): Promise<void> => {
      if (failure) return;
      try {
        await report(...args);
      } catch (error) {
        failure = { error };
      }
    },
    settle,
    stoppable: <D extends { blobs: BlobStore }>(deps: D): D => ({ ...deps, blobs: stopWritesOn(deps.blobs, settle) }),
  };
}

/** The same store, whose writes first call `check` (which throws to stop them). */
function stopWritesOn(blobs: BlobStore, check: () => void): BlobStore {
  // Object.create keeps every other method on the instance it reads its fields from.
  return Object.assign(Object.create(blobs) as BlobStore, {
    put: async (...args: Parameters<BlobStore['put']>) => {
      check();
      return blobs.put(...args);
    },
    putStream: async (...args: Parameters<BlobStore['putStream']>) => {
      check();
      return blobs.putStream(...args);
    },
  });
}
