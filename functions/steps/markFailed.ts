/** The state machine's Catch target: records why a job stopped (cancelled, or a user-facing failure). */
import { markFinished } from '../../core/jobs/lifecycle.js';
import { services } from '../lib/services.js';
import { ProblemError } from '../../core/errors.js';
import { JobCancelled, describeFailure } from '../../core/jobs/lifecycle.js';
import { discardUnfinishedModel, failOutputFile } from '../../core/generation/service.js';

interface FailedEvent {
  readonly job_id: string;
  /** The Catch's `{Error, Cause}`: the failed Lambda's error name, and a JSON cause with its message. */
  readonly error?: { Error?: string; Cause?: string } | unknown;
}

export async function handler(event: FailedEvent): Promise<void> {
  const svc = services();
  const error = reviveError(event.error);
  // Output first, job record last: once a client sees the job ended, its output is already settled.
  const job = await svc.meta.getJob(event.job_id);
  // A job that succeeded keeps what it made, whatever a late step reports.
  if (job && job.status !== 'succeeded') {
    const cancelled = error instanceof JobCancelled;
    await failOutputFile(svc, job, cancelled ? 'Cancelled before it finished.' : describeFailure(error).detail, cancelled);
    await discardUnfinishedModel(svc, job, cancelled);
  }
  await markFinished(svc.meta, event.job_id, { error });
}

function reviveError(error: unknown): unknown {
  if (error && typeof error === 'object' && 'Error' in error) {
    const name = String(error.Error);
    if (name === 'JobCancelled') return new JobCancelled();
    if (name === 'ProblemError' && 'Cause' in error) {
      try {
        const cause = JSON.parse(String(error.Cause)) as { errorMessage?: string; status?: number };
        return new ProblemError(cause.status ?? 422, 'Unprocessable Content', cause.errorMessage ?? 'The job failed.');
      } catch {
        return error;
      }
    }
  }
  return error;
}
