/**
 * Which of a file's jobs its page shows as runs in progress (web/src/views/running-jobs.ts), from
 * GET /files/{id}/jobs: the generations it is the source of, not its own ingest, type changes or
 * fits, nor, on a generated file, the run writing it.
 */
import { describe, expect, it } from 'vitest';
import type { FileJob } from '../../web/src/api.js';
import { runsFrom } from '../../web/src/views/running-jobs.js';

const job = (job_id: string, type: string, input: Record<string, unknown>): FileJob => ({
  job_id,
  type,
  input,
  status: 'running',
  progress: { step: 'fit', percent: 10 },
});

describe('runsFrom', () => {
  it('keeps the generations, fresh or from a model, that read this file and write another', () => {
    const jobs = [
      job('j_sample', 'sampleModel', { file_id: 'f_src', generated_file_id: 'f_b', generator: 'tvae' }),
      job('j_synth', 'synthesize', { file_id: 'f_src', generated_file_id: 'f_a', generator: 'ctgan' }),
      job('j_fit', 'fitModel', { file_id: 'f_src', generator: 'ctgan' }),
      job('j_retype', 'retype', { file_id: 'f_src' }),
      job('j_ingest', 'ingest', { file_id: 'f_src' }),
      job('j_features', 'features', { file_id: 'f_src', output_file_id: 'f_c' }),
    ];
    expect(runsFrom(jobs, 'f_src')).toEqual([
      { jobId: 'j_sample', generator: 'tvae', generatedFileId: 'f_b' },
      { jobId: 'j_synth', generator: 'ctgan', generatedFileId: 'f_a' },
    ]);
  });

  it('leaves out, on a generated file, the run writing it (its own page follows that one)', () => {
    const jobs = [job('j_synth', 'synthesize', { file_id: 'f_src', generated_file_id: 'f_a', generator: 'ctgan' })];
    expect(runsFrom(jobs, 'f_a')).toEqual([]);
  });
});
