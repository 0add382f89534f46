import { afterAll, describe, expect, it } from 'vitest';
import { markFinished, markRunning, newJob, progressReporter } from '../../core/jobs/lifecycle.js';
import { JobCancelled } from '../../core/jobs/lifecycle.js';
import { testStack } from '../helpers/stack.js';

describe('a progress report from a step that outlived its job', () => {
  const stack = testStack();
  afterAll(async () => (await stack).destroy());

  for (const [status, outcome] of [
    ['failed', { error: new Error('States.Timeout') }],
    ['cancelled', { error: new JobCancelled() }],
    ['succeeded', { result: { done: true } }],
  ] as const) {
    it(`leaves a ${status} job ${status}, and tells the step to stop`, async () => {
      const { services } = await stack;
      const job = newJob('fitModel', {}, []);
      await services.meta.putJob(job);
      const report = progressReporter(services.meta, job.job_id);
      expect(await report({ step: 'fit', percent: 40 })).toBe(false);
      expect((await services.meta.getJob(job.job_id))!.status).toBe('running');

      await markFinished(services.meta, job.job_id, outcome); // e.g. MarkFailed after the Task timed out
      const ended = (await services.meta.getJob(job.job_id))!;
      expect(ended.status).toBe(status);

      // The abandoned step goes on and reports at the end of its work.
      expect(await report({ step: 'fit', percent: 100, message: 'model fitted' })).toBe(true);
      expect(await services.meta.getJob(job.job_id)).toEqual(ended);
      // A report that read the job before it ended and writes after: the store refuses it.
      expect(await services.meta.updateJob({ ...job, status: 'running', progress: { step: 'fit', percent: 100 } })).toBe(false);
      expect(await services.meta.getJob(job.job_id)).toEqual(ended);
      // Nor does the late step's own ending replace the first one.
      await markFinished(services.meta, job.job_id, status === 'succeeded' ? { error: new Error('late') } : { result: { done: true } });
      expect(await services.meta.getJob(job.job_id)).toEqual(ended);
    });
  }

  it('is not revived by a step that starts after the job ended (a Task retry after its first attempt ended it)', async () => {
    const { services } = await stack;
    const job = newJob('fitModel', {}, []);
    await services.meta.putJob(job);
    await markFinished(services.meta, job.job_id, { error: new Error('States.Timeout') });
    expect((await services.meta.getJob(job.job_id))!.status).toBe('failed');
    expect(await markRunning(services.meta, job.job_id, 'fit')).toBeUndefined();
    expect((await services.meta.getJob(job.job_id))!.status).toBe('failed');
  });

  it('still records progress on a job that has not ended', async () => {
    const { services } = await stack;
    const job = newJob('fitModel', {}, []);
    await services.meta.putJob(job);
    expect(await services.meta.updateJob({ ...job, status: 'running', progress: { step: 'fit', percent: 5 } })).toBe(true);
    expect((await services.meta.getJob(job.job_id))!.progress.percent).toBe(5);
  });
});
