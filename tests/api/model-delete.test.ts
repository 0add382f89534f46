/**
 * DELETE /synth/models/{id} over a model's whole life: a 409 naming the job while a job fits it (a
 * 204 then would be followed by the model the fit stores), and a 204 again for a model already gone,
 * so a retried delete is safe, as DELETE /files is.
 *
 * Determinism: each fit is held at a known write (its first checkpoint, its record) by a gate on
 * the blob store, with steps run inline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { gate } from '../helpers/gate.js';
import { call, testStack, uploadDirect, type ProblemBody, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let source: FileMeta;
const savedCheckpointEvery = process.env.TABMIMIC_CHECKPOINT_EVERY;
beforeAll(async () => {
  process.env.TABMIMIC_CHECKPOINT_EVERY = '2';
  stack = await testStack(undefined, { steps: 'inline' });
  const csv = ['a,b,c', ...Array.from({ length: 80 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
  source = (await uploadDirect<FileMeta>(stack.url, 'md.csv', csv)).json;
});
afterAll(async () => {
  if (savedCheckpointEvery === undefined) delete process.env.TABMIMIC_CHECKPOINT_EVERY;
  else process.env.TABMIMIC_CHECKPOINT_EVERY = savedCheckpointEvery;
  await stack?.destroy();
});

type Started = { job_id: string; model_id: string };

/** Runs `body` with the first put of a key that `matches` held until it returns. */
async function holdingPut(matches: (key: string) => boolean, body: (reached: Promise<void>) => Promise<void>): Promise<void> {
  const blobs = stack.services.blobs;
  const put = blobs.put.bind(blobs);
  const first = gate();
  blobs.put = async (key, bytes, type) => {
    if (matches(key)) await first.pass();
    return put(key, bytes, type);
  };
  try {
    await body(first.reached);
  } finally {
    first.release();
    blobs.put = put;
  }
}

const del = (id: string) => call(stack.url, 'DELETE', `/synth/models/${id}`);
const job = async (id: string) => (await call<Job>(stack.url, 'GET', `/synth/jobs/${id}`)).json;

describe('DELETE /synth/models/{id}', () => {
  it('refuses a model its fit job is still training (409 naming the job); after the cancel, deletes it, and again', async () => {
    let started!: Started;
    await holdingPut(
      (key) => key.endsWith('/checkpoint/state.bin'),
      async (reached) => {
        const fit = await call<Started>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'tvae', seed: 1, params: { epochs: 300, batch_size: 40 } } });
        expect(fit.status).toBe(202);
        started = fit.json;
        await reached;
        const refused = await del(started.model_id);
        expect(refused.status).toBe(409);
        expect(refused.json.detail).toContain(`still being fitted by job ${started.job_id}`);
        expect(refused.json.job_id).toBe(started.job_id);
        const read = await call(stack.url, 'GET', `/synth/models/${started.model_id}`);
        expect(read.status).toBe(404);
        expect(read.json.detail).toContain(`still being fitted by job ${started.job_id}`);
        expect((await call(stack.url, 'DELETE', `/synth/jobs/${started.job_id}`)).status).toBe(202);
      },
    );
    await stack.jobs.idle();
    expect((await job(started.job_id)).status).toBe('cancelled');
    expect((await del(started.model_id)).status).toBe(204);
    expect((await del(started.model_id)).status).toBe(204);
    expect(await stack.services.blobs.list(`models/${started.model_id}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${started.model_id}`)).json.detail).toBe(`No fitted model ${started.model_id}.`);
  });

  it('refuses the model of a generation about to store it; once the job ends, deletes it, and a retry is 204 too', async () => {
    let started!: Started & { generated_file_id: string };
    await holdingPut(
      (key) => /^models\/m_[0-9a-z]+\/model\.json$/.test(key),
      async (reached) => {
        const gen = await call<typeof started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 2 } });
        expect(gen.status).toBe(202);
        started = gen.json;
        await reached;
        // Trained, its record not yet written: a 204 now would be followed by the record.
        const refused = await del(started.model_id);
        expect(refused.status).toBe(409);
        expect(refused.json.job_id).toBe(started.job_id);
      },
    );
    await stack.jobs.idle();
    expect((await job(started.job_id)).status).toBe('succeeded');
    expect((await call(stack.url, 'GET', `/synth/models/${started.model_id}`)).status).toBe(200);
    expect((await del(started.model_id)).status).toBe(204);
    expect((await del(started.model_id)).status).toBe(204);
    expect(await stack.services.blobs.list(`models/${started.model_id}/`)).toEqual([]);
    expect(await stack.services.blobs.list(`model-sources/${source.file_id}/${started.model_id}`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${started.model_id}`)).status).toBe(404);
    // What was generated with it stays, an ordinary file.
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${started.generated_file_id}`)).json.status).toBe('ready');
  });

  it('treats a record that does not read as JSON (a torn write) as no model: GET is a 404, DELETE removes what is left', async () => {
    const gen = await call<Started>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 3 } });
    expect(gen.status).toBe(202);
    await stack.jobs.idle();
    const modelId = gen.json.model_id;
    await stack.services.blobs.put(`models/${modelId}/model.json`, '{"model_id": "', 'application/json');
    const read = await call(stack.url, 'GET', `/synth/models/${modelId}`);
    expect(read.status).toBe(404);
    expect(read.json.detail).toBe(`No fitted model ${modelId}.`);
    expect((await del(modelId)).status).toBe(204);
    expect(await stack.services.blobs.list(`models/${modelId}/`)).toEqual([]);
  });

  it('says a model stored in a form this version cannot read is to be fitted again (409), at request and in the job', async () => {
    const fit = await call<Started>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 4 } });
    expect(fit.status).toBe(202);
    await stack.jobs.idle();
    const modelId = fit.json.model_id;
    // A PrivBayes model stored with NaN tables before they were refused held nulls where numbers belong: as unreadable.
    await stack.services.blobs.put(`models/${modelId}/model.bin`, JSON.stringify({ version: null }), 'application/octet-stream');
    const sampleReq = <T>(json: object) => call<T>(stack.url, 'POST', `/synth/models/${modelId}/sample`, { json: { rows: 5, seed: 1, ...json } });
    const refused = await sampleReq<ProblemBody>({ conditions: { c: 'k1' } });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/^Model m_\w+ was stored in a form this version cannot read \(.+\); fit it again to sample it\.$/);
    const started = await sampleReq<{ job_id: string }>({});
    expect(started.status).toBe(202);
    await stack.jobs.idle();
    const ended = await job(started.json.job_id);
    expect(ended.status).toBe('failed');
    expect(JSON.stringify(ended)).toContain('fit it again to sample it');
  });

  it('does not take a failing read of the record (the store throttling) for no model: the delete refuses, the model stays', async () => {
    const fit = await call<Started>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 5 } });
    await stack.jobs.idle();
    const modelId = fit.json.model_id;
    const blobs = stack.services.blobs;
    const getBytes = blobs.getBytes.bind(blobs);
    blobs.getBytes = async (key) => {
      if (key === `models/${modelId}/model.json`) throw Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' });
      return getBytes(key);
    };
    try {
      expect((await del(modelId)).status).not.toBe(204);
    } finally {
      blobs.getBytes = getBytes;
    }
    expect((await call(stack.url, 'GET', `/synth/models/${modelId}`)).status).toBe(200);
  });

  it('answers 404 for what cannot be a model id', async () => {
    expect((await del('not-an-id')).status).toBe(404);
  });
});
