import { afterAll, describe, expect, it } from 'vitest';
import { markFinished, markRunning, newJob, progressReporter, withEta } from '../../core/jobs/lifecycle.js';
import type { MetadataStore } from '../../core/ports.js';
import { testStack } from '../helpers/stack.js';
import { assertFiniteLoss, raisedLearningRates } from '../../core/generation/divergence.js';
import { TvaeParams } from '../../core/synth/tvae.js';
import { CtganParams } from '../../core/synth/ctgan.js';

describe('job progress', () => {
  it('estimates the time left linearly from the time the step has spent', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    // The job has run for an hour; its step for 30 s of it: only the step's time counts.
    const job = { ...newJob('ingest', {}, []), created_at: '2026-01-01T00:00:00Z', progress: { step: 'fit', percent: 10, step_started_at: '2026-01-01T00:00:30Z' } };
    expect(withEta({ step: 'fit', percent: 25 }, job, now)).toEqual({ step: 'fit', percent: 25, step_started_at: '2026-01-01T00:00:30Z', eta_seconds: 90 });
    expect(withEta({ step: 'fit', percent: 0 }, job, now).eta_seconds).toBeUndefined();
    expect(withEta({ step: 'fit', percent: 50, eta_seconds: 7 }, job, now).eta_seconds).toBe(7);
  });
});

describe('a network whose loss stops being a number', () => {
  it('ends the fit with a 422 naming the epoch and the loss, not an internal error', () => {
    expect(() => assertFiniteLoss(7, { generator: 1.5, critic: Number.NaN })).toThrow(expect.objectContaining({ status: 422, detail: expect.stringMatching(/diverged at epoch 7: the discriminator loss is not/) }));
    expect(() => assertFiniteLoss(7, { generator: 1.5, critic: -2 })).not.toThrow();
  });

  it('names a learning rate above its default first, with the value and the default, and else the columns\' scale', () => {
    const tvae = raisedLearningRates(TvaeParams, TvaeParams.parse({ learning_rate: 1 }));
    expect(tvae).toEqual([{ name: 'learning_rate', value: 1, default: 1e-3 }]);
    const detail = (raised: Parameters<typeof assertFiniteLoss>[2]) => {
      try {
        assertFiniteLoss(3, { loss: Number.NaN }, raised);
      } catch (e) {
        expect(e).toMatchObject({ status: 422 });
        return (e as { detail: string }).detail;
      }
      throw new Error('did not throw');
    };
    const blamed = detail(tvae);
    expect(blamed).toMatch(/learning rate is too high: learning_rate 1 is above its default 0\.001/);
    expect(blamed.indexOf('learning_rate')).toBeLessThan(blamed.indexOf('rescale'));
    expect(detail([])).not.toMatch(/learning/);
    expect(detail([])).toMatch(/rescale those columns/);
    // At or below the default it is not blamed; CTGAN's two rates are both read.
    expect(raisedLearningRates(TvaeParams, TvaeParams.parse({ learning_rate: 1e-4 }))).toEqual([]);
    expect(raisedLearningRates(CtganParams, CtganParams.parse({ discriminator_lr: 0.5 })).map((r) => r.name)).toEqual(['discriminator_lr']);
  });
});

describe('a progress report racing a delete', () => {
  const stack = testStack();
  afterAll(async () => (await stack).close());

  it('never brings a deleted job back (its write is conditional), and tells the step to stop', async () => {
    const { services } = await stack;
    const job = newJob('ingest', {}, []);
    await services.meta.putJob(job);
    const report = progressReporter(services.meta, job.job_id);
    expect(await report({ step: 'ingest', percent: 10 })).toBe(false);
    // The delete lands between the report's read and its write: simulated by deleting, then writing as the report would.
    await services.meta.deleteJob(job.job_id);
    expect(await services.meta.updateJob({ ...job, status: 'running' })).toBe(false);
    expect(await services.meta.getJob(job.job_id)).toBeUndefined();
    expect(await report({ step: 'ingest', percent: 20 })).toBe(true);
  });
});

describe('a job ending while its file is deleted', () => {
  const stack = testStack();
  afterAll(async () => (await stack).close());

  it('starts a new step at 0 %, not at the last step\'s 100 % and message; a retry of a step keeps its own', async () => {
    const { services } = await stack;
    const job = { ...newJob('synthesize', {}, []), progress: { step: 'fit', percent: 100, message: 'epoch 300 of 300' } };
    await services.meta.putJob(job);
    expect((await markRunning(services.meta, job.job_id, 'fit'))?.progress).toEqual({ step: 'fit', percent: 100, message: 'epoch 300 of 300' });
    // The new step's clock starts: its time left is estimated from it (withEta).
    const sample = { step: 'sample', percent: 0, step_started_at: expect.any(String) };
    expect((await markRunning(services.meta, job.job_id, 'sample'))?.progress).toEqual(sample);
    expect((await services.meta.getJob(job.job_id))?.progress).toEqual(sample);
  });

  it('stays deleted when the delete lands between the end\'s read and its write', async () => {
    const { services } = await stack;
    const job = newJob('ingest', {}, []);
    await services.meta.putJob(job);
    // The store as markFinished sees it: the job is read, then the file's delete removes it.
    const racing: MetadataStore = Object.create(services.meta, {
      getJob: {
        value: async (id: string) => {
          const read = await services.meta.getJob(id);
          await services.meta.deleteJob(id);
          return read;
        },
      },
    });
    await markFinished(racing, job.job_id, { result: { rows: 1 } });
    expect(await services.meta.getJob(job.job_id)).toBeUndefined();
    await services.meta.putJob(job);
    expect(await markRunning(racing, job.job_id, 'ingest')).toBeUndefined();
    expect(await services.meta.getJob(job.job_id)).toBeUndefined();
  });
});
