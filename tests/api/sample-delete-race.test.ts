/**
 * Sampling a model and deleting it at the same moment: one wins cleanly (core/generation/model-use.ts).
 * Each interleaving is landed deterministically by hooking the stack's stores (tests/helpers/intercept.ts):
 * a delete between the sample's read of the model and its job's start is a 409 naming that job; a
 * sample between the delete's marker and its look for users is a 404; and a job whose model vanished
 * says so in words, never by a store key.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { modelKeys } from '../../core/generation/model.js';
import { intercept } from '../helpers/intercept.js';
import { call, jobEnded, testStack, uploadDirect, type ProblemBody, type Reply, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let source: FileMeta;
beforeAll(async () => {
  stack = await testStack(undefined, { steps: 'inline' });
  const csv = ['a,b,c', ...Array.from({ length: 80 }, (_, i) => `${i},${((i * 7) % 97) + 0.5},k${i % 4}`)].join('\n');
  source = (await uploadDirect<FileMeta>(stack.url, 'race.csv', csv)).json;
});
afterAll(async () => {
  await stack?.destroy();
});

type Started = { job_id: string; model_id: string; generated_file_id: string };

async function fitted(seed: number): Promise<string> {
  const fit = await call<Started>(stack.url, 'POST', '/synth/models/fit', { json: { file_id: source.file_id, generator: 'gaussian_copula', seed } });
  expect(fit.status).toBe(202);
  expect((await jobEnded(stack.url, fit.json.job_id)).status).toBe('succeeded');
  return fit.json.model_id;
}

/** Runs `body` with `before` run ahead of the first call of `target[name]` that `matches` its first argument. */
async function hooked<T extends object>(target: T, name: keyof T & string, matches: (first: unknown) => boolean, before: () => Promise<void>, body: () => Promise<void>): Promise<boolean> {
  const original = target[name];
  let fired = false;
  const wrapped = intercept(target, name, async (call, args) => {
    if (!fired && matches(args[0])) {
      fired = true;
      await before();
    }
    return call(...args);
  });
  Object.assign(target, { [name]: wrapped[name] });
  try {
    await body();
  } finally {
    Object.assign(target, { [name]: original });
  }
  return fired;
}

const sample = (modelId: string) => call<Started & ProblemBody>(stack.url, 'POST', `/synth/models/${modelId}/sample`, { json: { rows: 10, seed: 1 } });
const del = (modelId: string) => call(stack.url, 'DELETE', `/synth/models/${modelId}`);
const isOutputOf = (modelId: string) => (file: unknown) => (file as FileMeta).lineage?.details?.model_id === modelId;

it('a delete landing after the sample read the model, before its job started, is a 409 naming the job; the sample succeeds', async () => {
  const modelId = await fitted(1);
  let deleted!: Reply<ProblemBody>;
  let sampled!: Reply<Started>;
  const fired = await hooked(stack.services.meta, 'putFile', isOutputOf(modelId), async () => void (deleted = await del(modelId)), async () => {
    sampled = await sample(modelId);
  });
  expect(fired).toBe(true);
  expect(sampled.status).toBe(202);
  expect(deleted.status).toBe(409);
  expect(deleted.json.job_id).toBe(sampled.json.job_id);
  expect(deleted.json.detail).toContain(`in use by job ${sampled.json.job_id}`);
  expect((await jobEnded(stack.url, sampled.json.job_id)).status).toBe('succeeded');
  // The refused delete left no marker behind: the model samples again, and deletes once idle.
  expect((await sample(modelId)).status).toBe(202);
  await stack.jobs.idle();
  expect((await del(modelId)).status).toBe(204);
  expect(await stack.services.blobs.list(modelKeys.prefix(modelId))).toEqual([]);
});

it('a sample landing after the delete marked the model, before it looked for users, is a 404; the delete succeeds', async () => {
  const modelId = await fitted(2);
  let sampled!: Reply<Started & ProblemBody>;
  let deleted!: Reply<unknown>;
  const fired = await hooked(stack.services.blobs, 'list', (prefix) => prefix === modelKeys.samplingPrefix(modelId), async () => void (sampled = await sample(modelId)), async () => {
    deleted = await del(modelId);
  });
  expect(fired).toBe(true);
  expect(sampled.status).toBe(404);
  expect(sampled.json.detail).toBe(`No fitted model ${modelId}: it is being deleted.`);
  expect(deleted.status).toBe(204);
  expect(await stack.services.blobs.list(modelKeys.prefix(modelId))).toEqual([]);
  expect((await sample(modelId)).status).toBe(404);
});

it('a job whose model vanished after it was started says so in words, not by a store key', async () => {
  const modelId = await fitted(3);
  let sampled!: Reply<Started>;
  // As deleting the source file does: the model's objects go without asking its jobs.
  const vanish = async () => void (await stack.services.blobs.deletePrefix(modelKeys.prefix(modelId)));
  await hooked(stack.services.meta, 'putFile', isOutputOf(modelId), vanish, async () => {
    sampled = await sample(modelId);
  });
  expect(sampled.status).toBe(202);
  const job: Job = await jobEnded(stack.url, sampled.json.job_id);
  expect(job.status).toBe('failed');
  expect(JSON.stringify(job)).not.toContain('models/');
  expect(JSON.stringify(job.error)).toContain(`No fitted model ${modelId}`);
});
