import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { JobCancelled, markFinished, newJob, progressReporter } from '../../core/jobs/lifecycle.js';
import { fitStep } from '../../core/generation/service.js';
import { modelKeys, type GenerationInput } from '../../core/generation/model.js';
import { newId } from '../../core/ids.js';
import { call, dataset, testStack, until, uploadDirect } from '../helpers/stack.js';

describe('a fit that goes on after the state machine ended its job (e.g. its Task timed out)', () => {
  const stack = testStack();
  afterAll(async () => (await stack).destroy());

  it('stops at its next report, leaves the job failed and no model behind', async () => {
    const { url, services } = await stack;
    const source = (await uploadDirect<FileMeta>(url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    await until(async () => ((await call<FileMeta>(url, 'GET', `/files/${source.file_id}`)).json.status === 'ready' ? true : undefined), 'ingest');
    const input: GenerationInput = { file_id: source.file_id, generator: 'gaussian_copula', seed: 1, params: {}, model_id: newId('m'), constraints: [] };
    const job = { ...newJob('fitModel', input, [source.file_id]), status: 'running' as const };
    await services.meta.putJob(job);
    const reporter = progressReporter(services.meta, job.job_id);
    let first = true;
    const report = async (percent: number, message?: string) => {
      if (await reporter({ step: 'fit', percent, ...(message ? { message } : {}) })) throw new JobCancelled();
      // MarkFailed runs while the abandoned fit is still working.
      if (first) await markFinished(services.meta, job.job_id, { error: new Error('States.Timeout') });
      first = false;
    };
    await expect(fitStep(services, job, report)).rejects.toBeInstanceOf(JobCancelled);
    expect((await services.meta.getJob(job.job_id))!.status).toBe('failed');
    expect(await services.blobs.size(modelKeys.artifact(input.model_id))).toBeUndefined();
    expect(await services.blobs.size(modelKeys.record(input.model_id))).toBeUndefined();
  });
});
