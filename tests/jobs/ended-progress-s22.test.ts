/** An ended job keeps where it stopped but no time left, and its failure has an RFC 7807 title. */
import { afterAll, describe, expect, it } from 'vitest';
import { JobCancelled, markFinished, newJob, progressReporter, recordFailure } from '../../core/jobs/lifecycle.js';
import { findJob } from '../../core/jobs/service.js';
import { unprocessable } from '../../core/errors.js';
import { Job } from '../../core/jobs/model.js';
import { testStack } from '../helpers/stack.js';

describe('an ended job', () => {
  const stack = testStack();
  afterAll(async () => (await stack).destroy());

  async function runningAt(percent: number) {
    const { services } = await stack;
    // On its step for a minute: past the warm-up before a step's first estimate.
    const job = { ...newJob('sampleModel', {}, []), progress: { step: 'sample', percent: 5, step_started_at: new Date(Date.now() - 60_000).toISOString() } };
    await services.meta.putJob(job);
    await progressReporter(services.meta, job.job_id)({ step: 'sample', percent });
    const running = (await services.meta.getJob(job.job_id))!;
    expect(running.progress.eta_seconds).toBeTypeOf('number');
    return { services, job: running };
  }

  for (const [status, error] of [
    ['cancelled', new JobCancelled()],
    ['failed', unprocessable('no group of species has these values together')],
  ] as const) {
    it(`${status}: keeps its step and percent, drops eta_seconds`, async () => {
      const { services, job } = await runningAt(10);
      await markFinished(services.meta, job.job_id, { error });
      const ended = (await services.meta.getJob(job.job_id))!;
      expect(ended.status).toBe(status);
      expect(ended.progress).toEqual({ step: 'sample', percent: 10 });
    });
  }

  it('succeeded: done at 100 %, no time left', async () => {
    const { services, job } = await runningAt(40);
    await markFinished(services.meta, job.job_id, { result: {} });
    expect((await services.meta.getJob(job.job_id))!.progress).toEqual({ step: 'done', percent: 100 });
  });

  it('failed: its error has the title of its status, and fits the reply schema', async () => {
    const { services, job } = await runningAt(10);
    await markFinished(services.meta, job.job_id, { error: unprocessable('bad conditions') });
    const failed = (await services.meta.getJob(job.job_id))!;
    expect(failed.error).toEqual({ status: 422, title: 'Unprocessable Content', detail: 'bad conditions' });
    expect(Job.parse(failed).error?.title).toBe('Unprocessable Content');

    const other = await runningAt(10);
    await markFinished(other.services.meta, other.job.job_id, { error: new Error('boom') });
    expect((await other.services.meta.getJob(other.job.job_id))!.error).toEqual({ status: 500, title: 'Internal Server Error', detail: 'The job failed because of an internal error.' });
  });

  it('failed with a recorded problem: the title is kept beside its members', async () => {
    const { services, job } = await runningAt(10);
    await recordFailure(services.meta, job.job_id, unprocessable('refused', { columns: ['a'] }));
    await markFinished(services.meta, job.job_id, { error: new Error('ProblemError') });
    expect((await services.meta.getJob(job.job_id))!.error).toEqual({ status: 422, title: 'Unprocessable Content', detail: 'refused', columns: ['a'] });
  });

  it('failed before titles were stored: the reply gives one', async () => {
    const { services, jobs } = await stack;
    const job: Job = { ...newJob('sampleModel', {}, []), status: 'failed', error: { status: 409, detail: 'changed meanwhile' } };
    await services.meta.putJob(job);
    expect((await findJob(jobs, job.job_id)).error).toEqual({ status: 409, title: 'Conflict', detail: 'changed meanwhile' });
  });
});
