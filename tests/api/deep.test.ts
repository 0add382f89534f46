import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { fitStep } from '../../core/generation/service.js';
import type { ModelRecord } from '../../core/generation/model.js';
import { call, dataset, downloaded, jobEnded, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string; model_id: string };

let stack: TestStack;
let source: FileMeta;

beforeAll(async () => {
  // Every invocation of the fit step trains one epoch, checkpoints and hands back to the state
  // machine, which loops: the path a long fit takes across Lambda invocations in the cloud.
  process.env.TABMIMIC_FIT_SLICE_SECONDS = '0';
  stack = await testStack();
  source = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
});
afterAll(async () => {
  delete process.env.TABMIMIC_FIT_SLICE_SECONDS;
  await stack?.destroy();
});

const finished = (jobId: string) => jobEnded(stack.url, jobId);

describe('neural generation through the API', () => {
  it('trains in checkpointed slices, reports epochs and losses, and keeps the loss curve on the model', async () => {
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: source.file_id, generator: 'argn', seed: 3, rows: 200, params: { epochs: 20 } },
    });
    expect(started.status).toBe(202);
    const seen: Job['progress'][] = [];
    const fitPercents: number[] = [];
    const job = await until(async () => {
      const j = (await call<Job>(stack.url, 'GET', `/jobs/${started.json.job_id}`)).json;
      if (j.progress.metrics) seen.push(j.progress);
      if (j.progress.step === 'fit') fitPercents.push(j.progress.percent);
      return ['succeeded', 'failed'].includes(j.status) ? j : undefined;
    }, 'the generation', 120_000);
    expect(job.status).toBe('succeeded');
    expect(seen.some((p) => typeof p.metrics?.epoch === 'number' && typeof p.metrics?.train === 'number')).toBe(true);
    // Each slice resumes the bar where the last one left it.
    expect(fitPercents).toEqual([...fitPercents].sort((a, b) => a - b));

    const model = await call<ModelRecord>(stack.url, 'GET', `/synth/models/${started.json.model_id}`);
    expect(model.status).toBe(200);
    expect(model.json.generator).toBe('autoregressive');
    // Long enough (20 checkpointed slices) for the polling above to see epochs go by.
    expect(model.json.training?.history.map((h) => h.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(model.json.training?.history.every((h) => Number.isFinite(h.loss.train))).toBe(true);

    const file = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(file.rows).toBe(200);
    expect(file.columns?.map((c) => [c.name, c.type])).toEqual(source.columns?.map((c) => [c.name, c.type]));
  }, 180_000);

  it('fit step: every slice moves the bar up from where the job stands, never back to the start', async () => {
    const now = new Date().toISOString();
    const job: Job = {
      job_id: 'j_slicetest01',
      type: 'fitModel',
      status: 'running',
      cancel_requested: false,
      progress: { step: 'fit', percent: 0 },
      input: { file_id: source.file_id, generator: 'autoregressive', seed: 4, params: { epochs: 5 }, model_id: 'm_slicetest01', constraints: [] },
      file_ids: [source.file_id],
      created_at: now,
      updated_at: now,
    };
    const reported: number[][] = [];
    for (let done = false; !done; ) {
      const slice: number[] = [];
      reported.push(slice);
      // What the runner does with a report: the job's stored progress becomes it.
      const report = async (percent: number) => {
        slice.push(percent);
        job.progress = { ...job.progress, percent };
      };
      done = (await fitStep(stack.services, job, report, { seconds: 0, checkpointEvery: 1 })).done;
    }
    expect(reported).toHaveLength(5);
    const all = reported.flat();
    expect(all[0]).toBe(1);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(all.at(-1)).toBe(100);
    // Every slice after the first reports its own epoch, above the last slice's.
    reported.slice(1).forEach((slice, i) => expect(slice[0]).toBeGreaterThan(reported[i]!.at(-1)!));
  });

  it('answers bad params with 422 and an unknown model with 404', async () => {
    const bad = await call(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'autoregressive', params: { epochs: 0 } } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const missing = await call(stack.url, 'GET', '/synth/models/m_0000000000');
    expect(missing.status).toBe(404);
  });

  it('fits once and samples twice from the stored neural model, identically for a seed', async () => {
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', {
      json: { file_id: source.file_id, generator: 'autoregressive', seed: 1, params: { epochs: 2 } },
    });
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    const sample = async () => {
      const s = await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 100, seed: 9 } });
      expect((await finished(s.json.job_id)).status).toBe('succeeded');
      return (await downloaded(stack.url, s.json.generated_file_id)).text();
    };
    expect(await sample()).toBe(await sample());
  });

  it('trains with DP-SGD when given ε, and the model states the guarantee it got', async () => {
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', {
      json: { file_id: source.file_id, generator: 'autoregressive', seed: 2, params: { epochs: 2, epsilon: 3 } },
    });
    expect((await finished(fit.json.job_id)).status).toBe('succeeded');
    const model = (await call<ModelRecord>(stack.url, 'GET', `/synth/models/${fit.json.model_id}`)).json;
    expect(model.privacy?.epsilon).toBeLessThanOrEqual(3);
    expect(model.privacy?.epsilon).toBeGreaterThan(2.9);
    expect(model.privacy?.mechanism).toContain('DP-SGD');
  });
});

describe('a fit that diverges', () => {
  it('blames a learning rate above its default first, with its value and the default, as a 422 job error', async () => {
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: source.file_id, generator: 'tvae', seed: 3, rows: 20, params: { epochs: 20, learning_rate: 1 } },
    });
    expect(started.status, started.text).toBe(202);
    const job = await finished(started.json.job_id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ status: 422, detail: expect.stringMatching(/^Training diverged at epoch \d+: .*learning_rate 1 is above its default 0\.001/) });
    expect(job.error!.detail.indexOf('learning_rate')).toBeLessThan(job.error!.detail.indexOf('rescale'));
  });
});
