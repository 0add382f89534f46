/**
 * A running job keeps the training loss of the epochs it reported (core/jobs/loss-history.ts), so a
 * page opened mid-run draws the curve from its start, not from the epoch it happened to poll first.
 * A failed or cancelled job keeps it (no model stores it); a succeeded one leaves it to the model.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LOSS_HISTORY_MAX, lossHistoryStride, withEpochLoss } from '../../core/jobs/loss-history.js';
import { JobCancelled, markFinished, newJob, progressReporter } from '../../core/jobs/lifecycle.js';
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

  it('keeps the epochs before the one a resumed fit goes back to', () => {
    const h = [1, 2, 3, 4, 5, 6].map(point);
    expect(withEpochLoss(h, { epoch: 4, generator: 0.25 })).toEqual([1, 2, 3, 4].map(point));
  });

  it('rounds each loss to 5 significant digits', () => {
    expect(withEpochLoss(undefined, { epoch: 1, generator: -3.123456789, critic: 0.000123456789, penalty: 12345.6789 })).toEqual([
      { epoch: 1, loss: { generator: -3.1235, critic: 0.00012346, penalty: 12346 } },
    ]);
  });

  it('stays bounded, keeping the whole span, the newest epoch, and gaps of at most two strides', () => {
    let h: ReturnType<typeof withEpochLoss>;
    for (let e = 1; e <= 5000; e++) {
      h = withEpochLoss(h, { epoch: e, generator: 1 / e });
      const epochs = h!.map((p) => p.epoch);
      expect(epochs.length).toBeLessThanOrEqual(LOSS_HISTORY_MAX);
      expect(epochs[0]).toBe(1);
      expect(epochs.at(-1)).toBe(e);
      // No part of the curve (its start included) thinned more than the current stride allows.
      const stride = lossHistoryStride(1, e);
      const gaps = epochs.slice(1).map((x, i) => x - epochs[i]!);
      expect(Math.min(...gaps, 1)).toBeGreaterThan(0);
      expect(Math.max(...gaps, 0)).toBeLessThanOrEqual(2 * stride);
    }
    expect(h!.length).toBeGreaterThan(LOSS_HISTORY_MAX / 2);
    expect(lossHistoryStride(1, 5000)).toBe(32);
  });

  it('keeps the gaps within two strides when only some epochs are reported', () => {
    let h: ReturnType<typeof withEpochLoss>;
    for (let e = 3; e <= 3000; e += 3) h = withEpochLoss(h, { epoch: e, generator: 1 / e });
    const epochs = h!.map((p) => p.epoch);
    const stride = lossHistoryStride(3, 3000);
    expect(epochs.length).toBeLessThanOrEqual(LOSS_HISTORY_MAX);
    expect(Math.max(...epochs.slice(1).map((x, i) => x - epochs[i]!))).toBeLessThanOrEqual(2 * stride);
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
      // Each loss rounded to 5 significant digits.
      expect(got.json.loss_history).toEqual([1, 2, 3, 4].map((epoch) => ({ epoch, loss: { generator: Number((1 / epoch).toPrecision(5)) } })));
    }
  });

  it('drops the loss history once the job succeeds (the model record keeps it)', async () => {
    const { services, url } = await stack;
    const job = newJob('fitModel', {}, []);
    await services.meta.putJob(job);
    await progressReporter(services.meta, job.job_id)({ step: 'fit', percent: 50, metrics: { epoch: 1, generator: 1 } });
    expect((await services.meta.getJob(job.job_id))?.loss_history).toEqual([point(1)]);
    await markFinished(services.meta, job.job_id, { result: { model_id: 'm' } });
    const got = await call<Job>(url, 'GET', `/synth/jobs/${job.job_id}`);
    expect(got.json.status).toBe('succeeded');
    expect(got.json).not.toHaveProperty('loss_history');
  });

  it('keeps the loss history of a failed or cancelled job (no model stores it)', async () => {
    const { services, url } = await stack;
    for (const [error, status] of [[new Error('boom'), 'failed'], [new JobCancelled(), 'cancelled']] as const) {
      const job = newJob('fitModel', {}, []);
      await services.meta.putJob(job);
      const report = progressReporter(services.meta, job.job_id);
      for (const epoch of [1, 2]) await report({ step: 'fit', percent: 50 + epoch, metrics: { epoch, generator: 1 / epoch } });
      await markFinished(services.meta, job.job_id, { error });
      const got = await call<Job>(url, 'GET', `/synth/jobs/${job.job_id}`);
      expect(got.json.status).toBe(status);
      expect(got.json.loss_history).toEqual([point(1), { epoch: 2, loss: { generator: 0.5 } }]);
    }
  });
});
