/**
 * Cancelling a neural fit, or deleting its source, mid-training: the server stays up, the job ends
 * cancelled (or gone with its file), and nothing half-written stays behind. Deleting a file deletes
 * the models fitted on it.
 *
 * Determinism: the fit checkpoints every 2 epochs (TABMIMIC_CHECKPOINT_EVERY) and the training loop
 * awaits each checkpoint write, so holding the first one pauses training at a known epoch while the
 * test cancels or deletes over HTTP; then it lets training go on. The holds wrap the stack's own
 * store, so the steps run on the test's thread (`steps: 'inline'`) rather than in worker threads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import type { BlobStore } from '../../core/ports.js';
import { gate, holdFirstRead } from '../helpers/gate.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string; model_id: string };

let stack: TestStack;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const savedCheckpointEvery = process.env.TABMIMIC_CHECKPOINT_EVERY;

beforeAll(async () => {
  process.env.TABMIMIC_CHECKPOINT_EVERY = '2';
  process.on('unhandledRejection', onUnhandled);
  stack = await testStack(undefined, { steps: 'inline' });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  if (savedCheckpointEvery === undefined) delete process.env.TABMIMIC_CHECKPOINT_EVERY;
  else process.env.TABMIMIC_CHECKPOINT_EVERY = savedCheckpointEvery;
  await stack?.destroy();
});

const csv = (rows: number) => ['a,b,c', ...Array.from({ length: rows }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
const upload = async (rows = 80) => (await uploadDirect<FileMeta>(stack.url, 'cc.csv', csv(rows))).json;

/** Holds the first write of a matching key until released; counts the matching writes after that. */
function holdFirstPut(blobs: BlobStore, matches: (key: string) => boolean) {
  const put = blobs.put.bind(blobs);
  const first = gate();
  const state = { after: 0 };
  blobs.put = async (key, body, type) => {
    if (matches(key) && !(await first.pass())) state.after++;
    return put(key, body, type);
  };
  return { atCheckpoint: first.reached, release: first.release, state, restore: () => (blobs.put = put) };
}

const holdFirstCheckpoint = (blobs: BlobStore) => holdFirstPut(blobs, (key) => key.endsWith('/checkpoint/state.bin'));

let hold: ReturnType<typeof holdFirstPut> | undefined;
afterEach(() => {
  hold?.release();
  hold?.restore();
  hold = undefined;
});

const listed = (prefix: string) => stack.services.blobs.list(prefix);
const health = async () => (await call(stack.url, 'GET', '/health')).status;

describe('cancelling a neural fit', () => {
  const neural = [
    ['tvae', { epochs: 300, batch_size: 100 }],
    ['ctgan', { epochs: 300, batch_size: 100 }],
    ['copulagan', { epochs: 300, batch_size: 100 }],
    ['autoregressive', { epochs: 300 }],
  ] as const;

  it.each(neural)('%s: the job ends cancelled, training stops, the server answers, nothing is left', async (generator, params) => {
    const source = await upload();
    hold = holdFirstCheckpoint(stack.services.blobs);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator, seed: 1, params } });
    expect(started.status).toBe(202);
    await hold.atCheckpoint;
    const cancel = await call<Job>(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`);
    expect(cancel.status).toBe(202);
    hold.release();
    await stack.jobs.idle();

    expect(unhandled).toEqual([]);
    expect(await health()).toBe(200);
    const job = (await call<Job>(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`)).json;
    expect(job.status).toBe('cancelled');
    // Training stopped within a few epochs of seeing the cancel, not after all 300 (150 checkpoints).
    expect(hold.state.after).toBeLessThan(50);
    const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(gen.status).toBe('failed');
    expect(gen.failure?.cancelled).toBe(true);
    expect(await listed(`files/${gen.file_id}/`)).toEqual([]);
    expect(await listed(`models/${started.json.model_id}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).status).toBe(404);
  });
});

describe('deleting a file', () => {
  it('during a fit on it: the delete answers, the run stops, its output ends failed, nothing is left', async () => {
    const source = await upload();
    hold = holdFirstCheckpoint(stack.services.blobs);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: source.file_id, generator: 'tvae', seed: 2, params: { epochs: 300, batch_size: 100 } },
    });
    expect(started.status).toBe(202);
    await hold.atCheckpoint;
    expect((await call(stack.url, 'DELETE', `/files/${source.file_id}`)).status).toBe(204);
    hold.release();
    await stack.jobs.idle();

    expect(unhandled).toEqual([]);
    expect(await health()).toBe(200);
    expect((await call(stack.url, 'GET', `/files/${source.file_id}`)).status).toBe(404);
    expect((await call(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`)).status).toBe(404);
    const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${started.json.generated_file_id}`)).json;
    expect(gen.status).toBe('failed');
    expect(gen.failure?.cancelled).toBe(true);
    expect(await listed(`files/${gen.file_id}/`)).toEqual([]);
    expect(await listed(`files/${source.file_id}/`)).toEqual([]);
    expect(await listed(`models/${started.json.model_id}/`)).toEqual([]);
    expect(await listed(`model-sources/${source.file_id}/`)).toEqual([]);
  });

  it('during its ingest: the delete holds, nothing is left', async () => {
    const bytes = csv(500);
    const ticket = await call<{ file_id: string; upload: { url: string; headers: Record<string, string> } }>(stack.url, 'POST', '/files/upload', {
      json: { filename: 'ingest.csv', size: Buffer.byteLength(bytes), contentType: 'text/csv' },
    });
    expect(ticket.status).toBe(201);
    expect((await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: bytes })).status).toBe(200);
    const id = ticket.json.file_id;
    hold = holdFirstPut(stack.services.blobs, (key) => key.startsWith(`files/${id}/`) && key.endsWith('.arrow'));
    expect((await call(stack.url, 'POST', `/files/${id}/complete`)).status).toBe(202);
    await hold.atCheckpoint;
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    hold.release();
    await stack.jobs.idle();

    expect(unhandled).toEqual([]);
    expect(await health()).toBe(200);
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
    expect(await listed(`files/${id}/`)).toEqual([]);
  });

  it('while a run writes its output: the output ends failed with nothing behind, never ready over missing chunks', async () => {
    const source = await upload(120);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 5 } });
    const out = started.json.generated_file_id;
    hold = holdFirstPut(stack.services.blobs, (key) => key.startsWith(`files/${out}/`) && key.endsWith('.arrow'));
    await hold.atCheckpoint;
    expect((await call(stack.url, 'DELETE', `/files/${source.file_id}`)).status).toBe(204);
    hold.release();
    await stack.jobs.idle();

    expect(unhandled).toEqual([]);
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${out}`)).json.status).toBe('failed');
    expect(await listed(`files/${out}/`)).toEqual([]);
  });

  it('cancelled while a generation writes its output (its model stored): the output and the model are gone', async () => {
    const source = await upload(120);
    const started = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 6 } });
    const out = started.json.generated_file_id;
    hold = holdFirstPut(stack.services.blobs, (key) => key.startsWith(`files/${out}/`) && key.endsWith('.arrow'));
    await hold.atCheckpoint;
    expect(await listed(`models/${started.json.model_id}/`)).not.toEqual([]);
    expect((await call(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`)).status).toBe(202);
    hold.release();
    await stack.jobs.idle();

    expect((await call<Job>(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`)).json.status).toBe('cancelled');
    expect((await call<FileMeta>(stack.url, 'GET', `/files/${out}`)).json.status).toBe('failed');
    expect(await listed(`files/${out}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${started.json.model_id}`)).status).toBe(404);
    expect(await listed(`models/${started.json.model_id}/`)).toEqual([]);
    expect(await listed(`model-sources/${source.file_id}/`)).toEqual([]);
  });

  it('before a queued sample has written anything: its output stays failed, never ready', async () => {
    const source = await upload(120);
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 3 } });
    await until(async () => ((await call<Job>(stack.url, 'GET', `/synth/jobs/${fit.json.job_id}`)).json.status === 'succeeded' ? true : undefined), 'fit', 60_000);
    // The sample step's first read is the model's artifact: hold it, delete the source, then let the step run.
    const held = holdFirstRead(stack.services.blobs, (key) => key === `models/${fit.json.model_id}/model.bin`);
    try {
      const sampled = await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 50, seed: 2 } });
      expect(sampled.status).toBe(202);
      await held.atRead;
      expect((await call(stack.url, 'DELETE', `/files/${source.file_id}`)).status).toBe(204);
      held.release();
      await stack.jobs.idle();
      const out = sampled.json.generated_file_id;
      expect((await call<FileMeta>(stack.url, 'GET', `/files/${out}`)).json.status).toBe('failed');
      expect(await listed(`files/${out}/`)).toEqual([]);
      // The sample job is tied to the source as a generation is: it went with it.
      expect((await call(stack.url, 'GET', `/synth/jobs/${sampled.json.job_id}`)).status).toBe(404);
      expect(unhandled).toEqual([]);
    } finally {
      held.restore();
      held.release();
    }
  });

  it('deletes the models fitted on it, records and artifacts, also when their jobs are gone', async () => {
    const source = await upload(120);
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', {
      json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 3 },
    });
    expect(fit.status).toBe(202);
    const generated = await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'privbayes', seed: 4 } });
    expect(generated.status).toBe(202);
    for (const jobId of [fit.json.job_id, generated.json.job_id]) {
      const job = await until(async () => {
        const r = await call<Job>(stack.url, 'GET', `/synth/jobs/${jobId}`);
        return ['succeeded', 'failed', 'cancelled'].includes(r.json.status) ? r.json : undefined;
      }, `job ${jobId}`, 60_000);
      expect(job.status).toBe('succeeded');
    }
    const models = [fit.json.model_id, generated.json.model_id];
    for (const id of models) {
      expect((await call(stack.url, 'GET', `/synth/models/${id}`)).status).toBe(200);
      expect(await listed(`models/${id}/`)).not.toEqual([]);
    }
    // Deleting the generated file first deletes the job that fitted its model: the model must still be found.
    expect((await call(stack.url, 'DELETE', `/files/${generated.json.generated_file_id}`)).status).toBe(204);
    expect((await call(stack.url, 'GET', `/synth/models/${generated.json.model_id}`)).status).toBe(200);

    expect((await call(stack.url, 'DELETE', `/files/${source.file_id}`)).status).toBe(204);
    for (const id of models) {
      expect((await call(stack.url, 'GET', `/synth/models/${id}`)).status).toBe(404);
      expect(await listed(`models/${id}/`)).toEqual([]);
    }
    expect(await listed(`model-sources/${source.file_id}/`)).toEqual([]);
    expect((await call(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 5 } })).status).toBe(404);
  });
});
