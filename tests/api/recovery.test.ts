import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { newJob } from '../../core/jobs/lifecycle.js';
import { newDerivedFile } from '../../core/files/service.js';
import { call, dataset, testStack, until, uploadDirect } from '../helpers/stack.js';

describe('restart recovery', () => {
  it('ends jobs a restart interrupted, settles their output, and resumes ingests', async () => {
    const first = await testStack();
    const source = (await uploadDirect<FileMeta>(first.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
    // A generation that was running when the process died, and an ingest that was under way.
    const output = newDerivedFile(source, 'synthetic', { parent: source.file_id, operation: 'synthesize' });
    await first.services.meta.putFile(output);
    const job = { ...newJob('synthesize', { file_id: source.file_id, output_file_id: output.file_id }, [output.file_id]), status: 'running' as const };
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
});
