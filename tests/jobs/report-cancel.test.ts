/**
 * Cancelling a job while its report step scores quality: the cancel is honoured — the job ends
 * cancelled and its output does not stay ready — as it is in the steps before. A generation's model
 * goes with it; a sample job's model, fitted by another job, stays.
 *
 * Determinism: the report step's first read of the generated table (the sample step only writes it)
 * is held until the test has cancelled over HTTP, then released, so the cancel is pending while the
 * step scores. The hold wraps the stack's own store, so steps run inline (as in job-cancel.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { call, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';
import { holdFirstRead } from '../helpers/gate.js';

type Started = { job_id: string; generated_file_id: string; model_id: string };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack(undefined, { steps: 'inline' });
});
afterAll(async () => {
  await stack?.destroy();
});

let hold: ReturnType<typeof holdFirstRead> | undefined;
afterEach(() => {
  hold?.release();
  hold?.restore();
  hold = undefined;
});

const csv = ['a,b,c', ...Array.from({ length: 120 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
const listed = (prefix: string) => stack.services.blobs.list(prefix);

/**
 * Starts a job on `sourceId` and cancels it when its report step reads the generated table: the
 * first chunk read of a file other than the source (held from the start, as the job may get there
 * before the request's answer does). Returns the ended job and its output.
 */
async function cancelWhileScoring(sourceId: string, start: () => Promise<Started>): Promise<{ started: Started; job: Job; out: FileMeta }> {
  hold = holdFirstRead(stack.services.blobs, (key) => key.startsWith('files/') && !key.startsWith(`files/${sourceId}/`) && key.endsWith('.arrow'));
  const started = await start();
  await hold.atRead;
  expect((await call<Job>(stack.url, 'GET', `/synth/jobs/${started.job_id}`)).json.progress.step).toBe('report');
  expect((await call(stack.url, 'DELETE', `/synth/jobs/${started.job_id}`)).status).toBe(202);
  hold.release();
  await stack.jobs.idle();
  const job = await jobEnded(stack.url, started.job_id);
  const out = (await call<FileMeta>(stack.url, 'GET', `/files/${started.generated_file_id}`)).json;
  return { started, job, out };
}

/** A failed output whose objects were removed claims none of them: no rows, columns or chunks, size 0 (as one failed before it was written). */
function expectNoDataClaims(out: FileMeta): void {
  expect({ rows: out.rows, columns: out.columns, chunks: out.chunks, chunk_rows: out.chunk_rows, size: out.size }).toEqual({ size: 0 });
}

describe('cancelling a job during its report step', () => {
  it('a generation: ends cancelled, its output failed with nothing behind, its model gone', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'rc.csv', csv)).json;
    const { started, job, out } = await cancelWhileScoring(source.file_id, async () =>
      (await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 1 } })).json,
    );
    expect(job.status).toBe('cancelled');
    expect(out.status).toBe('failed');
    expect(out.failure?.cancelled).toBe(true);
    expect(out.quality).toBeUndefined();
    expectNoDataClaims(out);
    expect(await listed(`files/${out.file_id}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${started.model_id}`)).status).toBe(404);
    expect(await listed(`models/${started.model_id}/`)).toEqual([]);
  });

  it('a sample of a stored model: ends cancelled, its output failed, the model kept', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'rs.csv', csv)).json;
    const fit = await call<{ job_id: string; model_id: string }>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 2 } });
    expect((await jobEnded(stack.url, fit.json.job_id)).status).toBe('succeeded');
    const { job, out } = await cancelWhileScoring(source.file_id, async () =>
      (await call<Started>(stack.url, 'POST', `/synth/models/${fit.json.model_id}/sample`, { json: { rows: 50, seed: 3 } })).json,
    );
    expect(job.status).toBe('cancelled');
    expect(out.status).toBe('failed');
    expect(out.failure?.cancelled).toBe(true);
    expectNoDataClaims(out);
    expect(await listed(`files/${out.file_id}/`)).toEqual([]);
    expect((await call(stack.url, 'GET', `/synth/models/${fit.json.model_id}`)).status).toBe(200);
  });

  it('a generated file failed by another writer while it is scored stays failed: the summary is not written over it', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'rw.csv', csv)).json;
    hold = holdFirstRead(stack.services.blobs, (key) => key.startsWith('files/') && !key.startsWith(`files/${source.file_id}/`) && key.endsWith('.arrow'));
    const started = (await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 5 } })).json;
    await hold.atRead;
    // What a source delete or a cancel landing after the step's last progress write does to the output.
    const scored = (await stack.services.meta.getFile(started.generated_file_id))!;
    await stack.services.meta.putFile({ ...scored, status: 'failed', failure: { detail: 'removed meanwhile' }, updated_at: new Date().toISOString() });
    hold.release();
    await stack.jobs.idle();
    expect((await jobEnded(stack.url, started.job_id)).status).toBe('failed');
    const out = (await call<FileMeta>(stack.url, 'GET', `/files/${started.generated_file_id}`)).json;
    expect(out.status).toBe('failed');
    expect(out.quality).toBeUndefined();
  });

  it('a generation not cancelled still succeeds with its quality summary', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'ok.csv', csv)).json;
    const started = (await call<Started>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed: 4 } })).json;
    expect((await jobEnded(stack.url, started.job_id)).status).toBe('succeeded');
    const out = (await call<FileMeta>(stack.url, 'GET', `/files/${started.generated_file_id}`)).json;
    expect(out.status).toBe('ready');
    expect(out.quality).toBeDefined();
  });
});
