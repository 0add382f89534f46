/**
 * Cancelling a job that is still waiting for a worker (every fit slot busy) ends it cancelled at
 * once, its output failed, rather than when a worker frees up; its first step, run later, finds
 * the job ended and leaves it so.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { startGeneration } from '../../core/generation/service.js';
import { GenerateRequest } from '../../core/generation/model.js';
import { LocalJobRunner } from '../../local/job-runner.js';
import { invokeStep, type StepOutcome } from '../../local/steps.js';
import type { Services } from '../../functions/lib/services.js';
import { dataset, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

describe('cancelling a job that waits for a worker', () => {
  it('ends it cancelled at once, and the step that runs later leaves it so', async () => {
    const source = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    // A runner whose steps wait for a worker until released; markFailed, a light step, runs at once.
    let release!: () => void;
    const freed = new Promise<void>((r) => (release = r));
    const jobs: LocalJobRunner = new LocalJobRunner(stack.services.meta, async (name, input): Promise<StepOutcome> => {
      if (name !== 'markFailed') await freed;
      return invokeStep(svc, name, input);
    });
    const svc: Services = { ...stack.services, jobs };
    const started = await startGeneration(svc, GenerateRequest.parse({ file_id: source.file_id, generator: 'gaussian_copula', rows: 20, seed: 1 }));
    expect((await stack.services.meta.getJob(started.job_id))?.status).toBe('queued');

    const asked = await jobs.cancel(started.job_id);
    expect(asked).toMatchObject({ ended: false, job: { status: 'cancelled' } });
    expect((await stack.services.meta.getFile(started.generated_file_id))?.status).toBe('failed');

    release();
    await jobs.idle();
    expect((await stack.services.meta.getJob(started.job_id))?.status).toBe('cancelled');
    expect((await stack.services.meta.getFile(started.generated_file_id))?.status).toBe('failed');
    expect(await stack.services.blobs.list(`models/${started.model_id}/`)).toEqual([]);
  });
});
