/**
 * A neural fit cancelled mid-training stores no model, so its job keeps the loss curve it reported:
 * a page opened after the cancel can still draw it from GET /synth/jobs/{id}.
 *
 * Determinism: the fit checkpoints every 2 epochs and awaits each checkpoint write, so holding the
 * first one pauses training at a known epoch (as in job-cancel.test.ts); the test waits for the
 * job's history to show an epoch, cancels over HTTP, then lets training go on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { gate } from '../helpers/gate.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
const savedCheckpointEvery = process.env.TABMIMIC_CHECKPOINT_EVERY;
beforeAll(async () => {
  process.env.TABMIMIC_CHECKPOINT_EVERY = '2';
  stack = await testStack(undefined, { steps: 'inline' });
});
afterAll(async () => {
  if (savedCheckpointEvery === undefined) delete process.env.TABMIMIC_CHECKPOINT_EVERY;
  else process.env.TABMIMIC_CHECKPOINT_EVERY = savedCheckpointEvery;
  await stack?.destroy();
});

const csv = ['a,b,c', ...Array.from({ length: 80 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');

it('a cancelled tvae fit: the ended job still has its loss_history', async () => {
  const source = (await uploadDirect<FileMeta>(stack.url, 'cc.csv', csv)).json;
  const blobs = stack.services.blobs;
  const put = blobs.put.bind(blobs);
  const first = gate();
  blobs.put = async (key, body, type) => {
    if (key.endsWith('/checkpoint/state.bin')) await first.pass();
    return put(key, body, type);
  };
  try {
    const started = await call<{ job_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: source.file_id, generator: 'tvae', seed: 1, params: { epochs: 300, batch_size: 100 } } });
    expect(started.status).toBe(202);
    const path = `/synth/jobs/${started.json.job_id}`;
    await first.reached;
    await until(async () => (await call<Job>(stack.url, 'GET', path)).json.loss_history?.length || undefined, 'an epoch in loss_history');
    expect((await call(stack.url, 'DELETE', path)).status).toBe(202);
    first.release();
    await stack.jobs.idle();

    const job = (await call<Job>(stack.url, 'GET', path)).json;
    expect(job.status).toBe('cancelled');
    expect(job.loss_history?.[0]?.epoch).toBe(1);
    for (const point of job.loss_history ?? []) expect(Object.values(point.loss).every(Number.isFinite)).toBe(true);
  } finally {
    first.release();
    blobs.put = put;
  }
});
