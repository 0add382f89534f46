/**
 * The local stack's step workers behave as Lambda containers do: a step runs off the server's
 * thread, a warm worker is reused, invocations beyond the cap wait their turn (fits beyond theirs
 * while light steps go on), and a step that overruns its timeout, exits or crashes ends as a
 * failed invocation (the job's Catch path), its worker replaced, never as a hang.
 */
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { StepWorkerPool, stepWorkersStarted } from '../../local/step-pool.js';
import { closeSpares } from '../../local/step-worker-spares.js';
import type { StepOutcome } from '../../local/steps.js';
import { Config } from '../../functions/lib/config.js';

const FAKE = new URL('../helpers/fake-step-worker.ts', import.meta.url);
const config = Config.parse({ bucket: 'test-bucket', table: 'test-table' });

let pool: StepWorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const output = (outcome: StepOutcome) => {
  if (!outcome.ok) throw new Error(`the invocation failed: ${outcome.failure.message}`);
  return outcome.output as { threadId: number };
};
const failure = (outcome: StepOutcome) => {
  if (outcome.ok) throw new Error('the invocation succeeded');
  return { name: outcome.failure.name, cause: JSON.parse(outcome.failure.message) as { errorType: string; errorMessage: string } };
};

describe('the step worker pool', () => {
  it('runs a step off this thread: a step that spins until this thread releases it finishes', async () => {
    pool = new StepWorkerPool(config, { module: FAKE });
    const flag = new SharedArrayBuffer(8);
    const running = pool.invoke('fit', flag);
    setTimeout(() => Atomics.store(new Int32Array(flag), 0, 1), 0);
    expect(output(await running).threadId).not.toBe(threadId);
  });

  it('reuses a warm worker, and queues invocations beyond the cap', async () => {
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 1 });
    const flag = new SharedArrayBuffer(8);
    const order: string[] = [];
    const first = pool.invoke('fit', flag).then((o) => (order.push('first'), output(o)));
    const second = pool.invoke('ingest', { n: 1 }).then((o) => (order.push('second'), output(o)));
    Atomics.store(new Int32Array(flag), 0, 1);
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(b.threadId).toBe(a.threadId);
  });

  it('holds a fit beyond the heavy cap while a light step runs beside the running fit', async () => {
    pool = new StepWorkerPool(config, { module: FAKE, maxHeavy: 1, maxWorkers: 4 });
    const [a, b] = [new SharedArrayBuffer(8), new SharedArrayBuffer(8)];
    const started = (flag: SharedArrayBuffer) => Atomics.load(new Int32Array(flag), 1);
    const first = pool.invoke('fit', a);
    const second = pool.invoke('fit', b);
    // An ingest does not wait for the fits.
    expect(output(await pool.invoke('ingest', {})).threadId).not.toBe(threadId);
    expect(started(b)).toBe(0);
    Atomics.store(new Int32Array(a), 0, 1);
    output(await first);
    Atomics.store(new Int32Array(b), 0, 1);
    output(await second);
    expect([started(a), started(b)]).toEqual([1, 1]);
  });

  it('stops a step at its timeout and serves the next invocation from a fresh worker', async () => {
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 1, timeoutMs: 300 });
    const before = output(await pool.invoke('ingest', {})).threadId;
    expect(failure(await pool.invoke('sample', {}))).toEqual({
      name: 'Sandbox.Timedout',
      cause: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.3 seconds' },
    });
    expect(output(await pool.invoke('ingest', {})).threadId).not.toBe(before);
  });

  it("stops a step whose job is no longer wanted (cancelled or deleted), its worker replaced, and leaves MarkFailed be", async () => {
    let wanted = true;
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 1, watchMs: 50, stillWanted: async () => wanted });
    const before = output(await pool.invoke('ingest', { job_id: 'j_1' })).threadId;
    const spinning = pool.invoke('sample', { job_id: 'j_1' });
    setTimeout(() => (wanted = false), 200);
    expect(failure(await spinning)).toEqual({
      name: 'JobCancelled',
      cause: { errorType: 'JobCancelled', errorMessage: 'The job was cancelled or deleted while this step ran.' },
    });
    expect(output(await pool.invoke('ingest', { job_id: 'j_1' })).threadId).not.toBe(before);
    // MarkFailed is what settles the cancelled job: it is never stopped.
    expect(output(await pool.invoke('markFailed', { job_id: 'j_1' })).threadId).not.toBe(threadId);
  });

  it("leaves a closed pool's idle workers to the next pool in the process, and stops its busy ones", async () => {
    await closeSpares(); // those earlier tests left
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 2 });
    const busy = pool.invoke('sample', {}); // spins until its worker is stopped
    const idle = output(await pool.invoke('ingest', {})).threadId;
    await pool.close();
    expect((await busy).ok).toBe(false);
    const started = stepWorkersStarted();
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 2 });
    expect(output(await pool.invoke('ingest', {})).threadId).toBe(idle);
    expect(stepWorkersStarted()).toBe(started);
    // The spare went to this pool: the next worker is a fresh one.
    const flag = new SharedArrayBuffer(8);
    const holding = pool.invoke('fit', flag);
    expect(output(await pool.invoke('ingest', {})).threadId).not.toBe(idle);
    expect(stepWorkersStarted()).toBe(started + 1);
    Atomics.store(new Int32Array(flag), 0, 1);
    output(await holding);
  });

  it('ends an invocation whose worker exits or crashes as a failure', async () => {
    pool = new StepWorkerPool(config, { module: FAKE, maxWorkers: 1 });
    expect(failure(await pool.invoke('report', {})).cause).toEqual({ errorType: 'Runtime.ExitError', errorMessage: "The step's process exited (code 3)." });
    const crashed = failure(await pool.invoke('retype', {}));
    expect(crashed.name).toBe('Runtime.ExitError');
    expect(crashed.cause.errorMessage).toContain('the step crashed');
    expect(output(await pool.invoke('ingest', {})).threadId).not.toBe(threadId);
  });
});
