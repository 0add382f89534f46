import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { newJob } from '../../core/jobs/lifecycle.js';
import { newDerivedFile } from '../../core/files/service.js';
import { call, dataset, testStack, until, uploadDirect } from '../helpers/stack.js';
import type { Job } from '../../core/jobs/model.js';
import { readTable } from '../../core/files/service.js';
import { modelKeys, type ModelRecord } from '../../core/generation/model.js';
import { autoregressive, ArgnParams } from '../../core/synth/argn.js';
import { Rng } from '../../core/random.js';
import { newId } from '../../core/ids.js';

describe('restart recovery', () => {
  it('ends jobs a restart interrupted that cannot restart, settles their output, and resumes ingests', async () => {
    const first = await testStack();
    const source = (await uploadDirect<FileMeta>(first.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    // A feature job that was running when the process died, and an ingest that was under way.
    const output = newDerivedFile(source, 'derived', { parent: source.file_id, operation: 'features' });
    await first.services.meta.putFile(output);
    const job = { ...newJob('features', { file_id: source.file_id, output_file_id: output.file_id }, [output.file_id]), status: 'running' as const };
    await first.services.meta.putJob(job);
    const ingesting: FileMeta = { ...source, status: 'ingesting', rows: undefined, columns: undefined };
    await first.services.meta.putFile(ingesting);
    await first.services.meta.putJob({ ...newJob('ingest', { file_id: source.file_id }, [source.file_id]), status: 'running' });
    await first.close();

    const second = await testStack(first.dataDir);
    try {
      const ended = await second.services.meta.getJob(job.job_id);
      expect(ended).toMatchObject({ status: 'failed', error: { status: 503 } });
      expect((await call<FileMeta>(second.url, 'GET', `/files/${output.file_id}`)).json.status).toBe('failed');
      const again = await until(async () => {
        const f = (await call<FileMeta>(second.url, 'GET', `/files/${source.file_id}`)).json;
        return f.status === 'ready' ? f : undefined;
      }, 'the resumed ingest');
      expect(again.rows).toBe(344);
    } finally {
      await second.destroy();
    }
  });

  it.each([
    ['resumes an interrupted generation from its last checkpoint', 'whole'],
    ['starts an interrupted generation over when its checkpoint was cut short mid-write', 'torn'],
  ] as const)('%s, to the bytes of an uninterrupted fit', async (_, checkpoint) => {
    const first = await testStack();
    const source = (await uploadDirect<FileMeta>(first.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    const params = ArgnParams.parse({ epochs: 4 });
    const seed = 5;
    const { table } = await readTable(first.services, source.file_id);
    const fitSeed = Rng.derived(seed, 'fit').uint32();
    // What the fit step had stored when the process died: a checkpoint after epoch 2.
    const model_id = newId('m');
    const run = await autoregressive.trainer!.start(table, params, fitSeed);
    await run.runEpoch();
    await run.runEpoch();
    const state = run.checkpoint();
    if (checkpoint === 'whole') {
      await first.services.blobs.put(modelKeys.checkpoint(model_id), state);
      await first.services.blobs.put(modelKeys.checkpointInfo(model_id), JSON.stringify({ fit_seconds: 1000, epochs_done: 2 }), 'application/json');
    } else {
      // The info names the whole state; the store kept only part of it.
      const sha256 = createHash('sha256').update(state).digest('hex');
      await first.services.blobs.put(modelKeys.checkpoint(model_id), state.subarray(0, state.length >> 1));
      await first.services.blobs.put(modelKeys.checkpointInfo(model_id), JSON.stringify({ fit_seconds: 1000, epochs_done: 2, sha256 }), 'application/json');
    }
    run.dispose();
    const output = newDerivedFile(source, 'synthetic', { parent: source.file_id, operation: 'synthesize' });
    await first.services.meta.putFile(output);
    const input = { file_id: source.file_id, generator: 'autoregressive', seed, params, model_id, generated_file_id: output.file_id, output_file_id: output.file_id, rows: 50, constraints: [] };
    const job = { ...newJob('synthesize', input, [source.file_id, output.file_id]), status: 'running' as const };
    await first.services.meta.putJob(job);
    await first.close();

    const second = await testStack(first.dataDir);
    try {
      const done = await until(async () => {
        const j = (await call<Job>(second.url, 'GET', `/jobs/${job.job_id}`)).json;
        return ['succeeded', 'failed'].includes(j.status) ? j : undefined;
      }, 'the resumed generation');
      expect(done.status).toBe('succeeded');
      const record = (await call<ModelRecord>(second.url, 'GET', `/synth/models/${model_id}`)).json;
      // The time of the slices before the crash counts when they are resumed.
      if (checkpoint === 'whole') expect(record.fit_seconds).toBeGreaterThan(1000);
      expect(record.training?.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
      const uninterrupted = await autoregressive.trainer!.start(table, params, fitSeed);
      while (!uninterrupted.finished) await uninterrupted.runEpoch();
      const expected = Buffer.from(uninterrupted.finish().save());
      uninterrupted.dispose();
      expect(Buffer.from(await second.services.blobs.getBytes(modelKeys.artifact(model_id))).equals(expected)).toBe(true);
      expect(await second.services.blobs.size(modelKeys.checkpoint(model_id))).toBeUndefined();
    } finally {
      await second.destroy();
    }
  }, 120_000);

  it('stops mid-fit without waiting for it, and the next start carries the job to its end', async () => {
    const savedEvery = process.env.TABMIMIC_CHECKPOINT_EVERY;
    process.env.TABMIMIC_CHECKPOINT_EVERY = '2';
    const first = await testStack();
    let second: Awaited<ReturnType<typeof testStack>> | undefined;
    try {
      const source = (await uploadDirect<FileMeta>(first.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
      const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(first.url, 'POST', '/synth/generate', {
        json: { file_id: source.file_id, generator: 'ctgan', rows: 50, seed: 3, params: { epochs: 40, batch_size: 100 } },
      });
      expect(started.status).toBe(202);
      const { job_id, generated_file_id, model_id } = started.json;
      // Training is under way (a few epochs in, checkpoints written): stop the whole stack. Fit progress is
      // 5 + 90 × the share of epochs done: 13 % is 3⅓ of 40 epochs in, the rest (long enough to outlast the stop) runs after it.
      await until(async () => {
        const j = (await call<Job>(first.url, 'GET', `/jobs/${job_id}`)).json;
        return j.status === 'running' && j.progress.percent >= 13 ? j : undefined;
      }, 'training to start');
      await first.close();

      second = await testStack(first.dataDir);
      // The stop did not wait for the fit: the job is still under way, resumed by this start.
      expect((await call<Job>(second.url, 'GET', `/jobs/${job_id}`)).json.status).toBe('running');
      const done = await until(async () => {
        const j = (await call<Job>(second!.url, 'GET', `/jobs/${job_id}`)).json;
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
      }, 'the resumed generation', 240_000);
      expect(done.status).toBe('succeeded');
      const record = (await call<ModelRecord>(second.url, 'GET', `/synth/models/${model_id}`)).json;
      expect(record.training?.epochs).toBe(40);
      expect((await call<FileMeta>(second.url, 'GET', `/files/${generated_file_id}`)).json).toMatchObject({ status: 'ready', rows: 50 });
    } finally {
      if (savedEvery === undefined) delete process.env.TABMIMIC_CHECKPOINT_EVERY;
      else process.env.TABMIMIC_CHECKPOINT_EVERY = savedEvery;
      await (second ?? first).destroy();
    }
  }, 300_000);
});
