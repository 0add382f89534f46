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

  it('resumes an interrupted generation from its last checkpoint, to the bytes of an uninterrupted fit', async () => {
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
    await first.services.blobs.put(modelKeys.checkpoint(model_id), run.checkpoint());
    await first.services.blobs.put(modelKeys.checkpointInfo(model_id), JSON.stringify({ fit_seconds: 1000, epochs_done: 2 }), 'application/json');
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
      expect(record.fit_seconds).toBeGreaterThan(1000); // the time of the slices before the crash counts
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
  });
});
