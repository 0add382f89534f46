/**
 * Stacks started one after another in a process (as the API test files are) share warm step
 * workers: a closed stack's idle worker runs the next stack's steps, against that stack's own
 * storage, and no worker starts anew (loading one costs seconds of CPU).
 */
import { describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { stepWorkersStarted } from '../../local/step-pool.js';
import { call, generated, testStack, uploadDirect } from '../helpers/stack.js';

const CSV = `a,b,c\n${Array.from({ length: 120 }, (_, i) => `${i},${i % 7},x${i % 3}`).join('\n')}\n`;

/** A generation on a fresh stack, which is then destroyed; the generated file as that stack served it. */
async function generateOnFreshStack(): Promise<FileMeta> {
  const stack = await testStack();
  try {
    const source = (await uploadDirect<FileMeta>(stack.url, 't.csv', CSV)).json;
    const { generated_file_id } = await generated(stack.url, { file_id: source.file_id, generator: 'gaussian_copula', seed: 1, rows: 20 });
    return (await call<FileMeta>(stack.url, 'GET', `/files/${generated_file_id}`)).json;
  } finally {
    await stack.destroy();
  }
}

describe('step workers shared by the stacks of one process', () => {
  it("runs a second stack's steps on the first stack's warm worker, against the second stack's storage", async () => {
    expect((await generateOnFreshStack()).status).toBe('ready');
    const started = stepWorkersStarted();
    // The first stack's s3rver and dynalite are gone: a worker still talking to them would fail the job.
    const second = await generateOnFreshStack();
    expect(second).toMatchObject({ status: 'ready', rows: 20 });
    expect(stepWorkersStarted()).toBe(started);
  });
});
