/**
 * A running job keeps the training loss of the epochs it reported (core/jobs/loss-history.ts), so a
 * page opened mid-run draws the curve from its start, not from the epoch it happened to poll first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LOSS_HISTORY_MAX, withEpochLoss } from '../../core/jobs/loss-history.js';
import { newJob, progressReporter } from '../../core/jobs/lifecycle.js';
import type { Job } from '../../core/jobs/model.js';
import { call, testStack } from '../helpers/stack.js';

const point = (epoch: number) => ({ epoch, loss: { generator: 1 / epoch } });

describe('withEpochLoss', () => {
  it('adds each new epoch once, and leaves the history as it is for progress without one', () => {
    let h = withEpochLoss(undefined, { epoch: 1, generator: 1 });
    h = withEpochLoss(h, { epoch: 2, generator: 0.5, critic: -1 });
    h = withEpochLoss(h, { epoch: 2, generator: 0.5, critic: -1 });
    expect(h).toEqual([point(1), { epoch: 2, loss: { generator: 0.5, critic: -1 } }]);
    expect(withEpochLoss(h, undefined)).toEqual(h);
    expect(withEpochLoss(h, { rows: 10 })).toEqual(h);
    expect(withEpochLoss(undefined, undefined)).toBeUndefined();
  });

  it('starts again when the epochs do (a fit run again from the start)', () => {
    expect(withEpochLoss([point(1), point(2), point(3)], { epoch: 1, generator: 1 })).toEqual([point(1)]);
  });

  it('stays bounded, keeping the whole span at a coarser step and the newest epoch', () => {
    let h: ReturnType<typeof withEpochLoss>;
    for (let e = 1; e <= 3 * LOSS_HISTORY_MAX; e++) h = withEpochLoss(h, { epoch: e, generator: 1 / e });
    expect(h!.length).toBeLessThanOrEqual(LOSS_HISTORY_MAX);
    expect(h!.length).toBeGreaterThan(LOSS_HISTORY_MAX / 2);
    expect(h![0]!.epoch).toBe(1);
    expect(h!.at(-1)!.epoch).toBe(3 * LOSS_HISTORY_MAX);
    const epochs = h!.map((p) => p.epoch);
    expect([...epochs].sort((a, b) => a - b)).toEqual(epochs);
  });
});

describe('GET /synth/jobs/{id} of a running fit', () => {
  const stack = testStack();
  afterAll(async () => (await stack).destroy());

  it('returns the loss of every epoch reported so far, not only the latest', async () => {
    const { services, url } = await stack;
    const job = newJob('fitModel', {}, []);
    await services.meta.putJob(job);
    const report = progressReporter(services.meta, job.job_id);
    await report({ step: 'fit', percent: 5, message: 'encoding the columns' });
    for (let epoch = 1; epoch <= 4; epoch++) await report({ step: 'fit', percent: 5 + epoch, metrics: { epoch, generator: 1 / epoch, critic: Number.NaN } });
    for (const path of [`/synth/jobs/${job.job_id}`, `/jobs/${job.job_id}`]) {
      const got = await call<Job>(url, 'GET', path);
      expect(got.status).toBe(200);
      expect(got.json.progress.metrics).toEqual({ epoch: 4, generator: 0.25 });
      // The NaN critic loss is left out, as it is from the progress.
      expect(got.json.loss_history).toEqual([1, 2, 3, 4].map(point));
    }
  });
});
