/** The time left is the current step's: each step's percent starts again at 0 (review s26). */
import { describe, expect, it } from 'vitest';
import { ETA_WARMUP_MS, withEta } from '../../core/jobs/lifecycle.js';
import { newJob } from '../../core/jobs/lifecycle.js';
import type { Job, JobProgress } from '../../core/jobs/model.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const jobOn = (progress: JobProgress, createdMs = 0): Job => ({ ...newJob('synthesize', {}, []), created_at: at(createdMs), progress });

describe('withEta', () => {
  it('does not count the steps before: a report step 220 s into a job, 1 s into its step, at 50 %', () => {
    const job = jobOn({ step: 'report', percent: 10, step_started_at: at(218_000) }, 0);
    const eta = withEta({ step: 'report', percent: 50 }, job, T0 + 220_500).eta_seconds;
    expect(eta).toBe(3); // 2.5 s spent for 50 %: 2.5 s left (rounded), not 220
  });

  it('starts the clock of a step the record is not on yet, and gives no estimate at its start', () => {
    const job = jobOn({ step: 'fit', percent: 95, step_started_at: at(0) });
    const first = withEta({ step: 'sample', percent: 5, message: 'loading the model' }, job, T0 + 60_000);
    expect(first).toEqual({ step: 'sample', percent: 5, message: 'loading the model', step_started_at: at(60_000) });
  });

  it('gives no estimate during the warm-up, then a linear one from the step start', () => {
    const job = jobOn({ step: 'sample', percent: 5, step_started_at: at(0) });
    expect(withEta({ step: 'sample', percent: 20 }, job, T0 + ETA_WARMUP_MS - 1).eta_seconds).toBeUndefined();
    expect(withEta({ step: 'sample', percent: 20 }, job, T0 + 4000).eta_seconds).toBe(16);
  });

  it('gives none at 0 % or 100 %, and keeps a step\'s own estimate', () => {
    const job = jobOn({ step: 'fit', percent: 5, step_started_at: at(0) });
    expect(withEta({ step: 'fit', percent: 0 }, job, T0 + 10_000).eta_seconds).toBeUndefined();
    expect(withEta({ step: 'fit', percent: 100 }, job, T0 + 10_000).eta_seconds).toBeUndefined();
    expect(withEta({ step: 'fit', percent: 40, eta_seconds: 7 }, job, T0 + 10_000).eta_seconds).toBe(7);
  });

  it('ignores a start time a step reports: the record keeps when the step began', () => {
    const job = jobOn({ step: 'fit', percent: 5, step_started_at: at(0) });
    expect(withEta({ step: 'fit', percent: 50, step_started_at: at(9000) }, job, T0 + 10_000)).toMatchObject({ step_started_at: at(0), eta_seconds: 10 });
  });
});
