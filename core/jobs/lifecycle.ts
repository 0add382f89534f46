import { newId } from '../ids.js';
import type { MetadataStore, ProgressReporter } from '../ports.js';
import { ProblemError, problemTitle } from '../errors.js';
import { isTerminal, type Job, type JobProgress } from './model.js';
import { withEpochLoss } from './loss-history.js';
import type { JobType } from './definitions.js';

/** Job records as the runner and the steps update them; shared by every JobRunner. */
export function newJob(type: JobType, input: Record<string, unknown>, fileIds: string[], jobId = newId('j')): Job {
  const now = new Date().toISOString();
  return {
    job_id: jobId,
    type,
    status: 'queued',
    cancel_requested: false,
    progress: { step: 'queued', percent: 0 },
    input,
    file_ids: fileIds,
    created_at: now,
    updated_at: now,
  };
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

/** A reporter that records progress and tells the step whether it should stop. */
export function progressReporter(meta: MetadataStore, jobId: string): ProgressReporter {
  return async (progress: JobProgress) => {
    const job = await meta.getJob(jobId);
    if (!job) return true; // deleted under us: stop
    // Ended under us (a step the state machine gave up on, e.g. after its Task timeout, that still
    // runs): stop, and never write 'running' over the end.
    if (isTerminal(job.status)) return true;
    // Conditional: a delete between the read and this write must not bring the job back (a deleted
    // file's ingest would then see its job and finish, bringing the file back too), nor may an end
    // recorded in between be overwritten (the store refuses to update an ended job).
    const finite = finiteMetrics(progress);
    const history = withEpochLoss(job.loss_history, finite.metrics);
    const written = await meta.updateJob({ ...job, status: 'running', progress: withEta(finite, job), ...(history ? { loss_history: history } : {}), updated_at: new Date().toISOString() });
    return !written || job.cancel_requested;
  };
}

/** Metrics that are numbers JSON (and DynamoDB) can carry: a NaN loss must not sink the progress write. */
export function finiteMetrics(progress: JobProgress): JobProgress {
  if (!progress.metrics) return progress;
  return { ...progress, metrics: Object.fromEntries(Object.entries(progress.metrics).filter(([, v]) => Number.isFinite(v))) };
}

/** No estimate before a step has run this long: its first percent (loading, preparing) says little of the rest. */
export const ETA_WARMUP_MS = 2000;

/**
 * Linear ETA from the time the current step has run and its share done (the step's own estimate
 * wins). Each step's percent starts again at 0, so the job's total time would overstate it by all
 * the steps before (220 s shown for a 1.3 s report step). A report naming a step the record is not on
 * starts that step's clock.
 */
export function withEta(progress: JobProgress, job: Job, now = Date.now()): JobProgress {
  const { eta_seconds: stepEta, step_started_at: _given, ...reported } = progress;
  const sameStep = job.progress.step === progress.step && job.progress.step_started_at !== undefined;
  const startedAt = sameStep ? job.progress.step_started_at! : new Date(now).toISOString();
  const timed = { ...reported, step_started_at: startedAt };
  if (stepEta !== undefined) return { ...timed, eta_seconds: stepEta };
  const elapsedMs = now - Date.parse(startedAt);
  if (progress.percent <= 0 || progress.percent >= 100 || !(elapsedMs >= ETA_WARMUP_MS)) return timed;
  return { ...timed, eta_seconds: Math.round((elapsedMs / 1000) * ((100 - progress.percent) / progress.percent)) };
}

export async function markRunning(meta: MetadataStore, jobId: string, step: string): Promise<Job | undefined> {
  const job = await meta.getJob(jobId);
  // Gone, or ended already (a retry starting after its first attempt ended the job): not revived.
  if (!job || isTerminal(job.status)) return undefined;
  const running: Job = {
    ...job,
    status: 'running',
    // A new step starts its own bar: the last one's "100 %" and message are not this step's (a retry keeps its own).
    progress: job.progress.step === step ? job.progress : { step, percent: 0, step_started_at: new Date().toISOString() },
    updated_at: new Date().toISOString(),
  };
  // Conditional: a job deleted (with its file) since it was read is not brought back.
  return (await meta.updateJob(running)) ? running : undefined;
}

export async function markFinished(
  meta: MetadataStore,
  jobId: string,
  outcome: { result: Record<string, unknown> } | { error: unknown },
): Promise<void> {
  const job = await meta.getJob(jobId);
  // A job ends once: a step still running after MarkFailed ended its job must not then succeed it.
  if (!job || isTerminal(job.status)) return;
  const now = new Date().toISOString();
  // Conditional writes: a job deleted with its file between the read and the write stays deleted.
  if ('result' in outcome) {
    // A fit that succeeded stored its whole curve on the model record, so the job's copy goes. A
    // failed or cancelled fit stores no model: its job keeps the (bounded) curve for a page opened later.
    const { loss_history: _onModel, ...ended } = job;
    await meta.updateJob({
      ...ended,
      status: 'succeeded',
      progress: { step: 'done', percent: 100 },
      result: outcome.result,
      updated_at: now,
      finished_at: now,
    });
    return;
  }
  const cancelled = outcome.error instanceof JobCancelled;
  await meta.updateJob({
    ...job,
    status: cancelled ? 'cancelled' : 'failed',
    progress: stoppedAt(job.progress),
    // A failure the step recorded in full (recordFailure) wins over what crossed the state machine.
    error: cancelled ? undefined : (job.error ?? describeFailure(outcome.error)),
    updated_at: now,
    finished_at: now,
  });
}

/**
 * Where a job that failed or was cancelled stopped: its step and percent stay, its time left (and its
 * step's start) goes (an ended job has none; a client would show the last estimate forever).
 */
export function stoppedAt(progress: JobProgress): JobProgress {
  const { eta_seconds: _eta, step_started_at: _started, ...kept } = progress;
  return kept;
}

/** What a user may see of a failure: the status, title and detail of a ProblemError, never an internal message. */
export function describeFailure(error: unknown): { status: number; title: string; detail: string } {
  if (error instanceof ProblemError) return { status: error.status, title: error.title || problemTitle(error.status), detail: error.detail };
  return { status: 500, title: problemTitle(500), detail: 'The job failed because of an internal error.' };
}

/** A stored failure with its title: records written before failures kept one lack it. */
export function withTitle(job: Job): Job {
  return job.error && typeof job.error.title !== 'string' ? { ...job, error: { ...job.error, title: problemTitle(job.error.status) } } : job;
}

/**
 * Records a step's failure with every member of its problem (a 422's `columns`, say) before the step
 * throws it: only the error's name and message cross the state machine to MarkFailed.
 */
export async function recordFailure(meta: MetadataStore, jobId: string, error: ProblemError): Promise<void> {
  const job = await meta.getJob(jobId);
  if (!job) return;
  await meta.updateJob({ ...job, error: { ...error.safeExtensions(), status: error.status, title: error.title || problemTitle(error.status), detail: error.detail }, updated_at: new Date().toISOString() });
}
