import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobDefinition } from '../../core/jobs/asl.js';
import { loadInterpreter } from '../../local/job-runner.js';

describe('the local Step Functions interpreter running the job definition', () => {
  afterEach(() => vi.useRealTimers());

  it('lets a step run longer than its 60 s default (a 10-minute fit slice completes, not States.Timeout)', async () => {
    const { StateMachine } = await loadInterpreter();
    vi.useFakeTimers();
    const calls: string[] = [];
    const slow = (name: string, seconds: number) => async (input: Record<string, unknown>) => {
      calls.push(name);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      return { ...input, state: { done: true } };
    };
    const machine = new StateMachine(jobDefinition((step) => `arn:aws:lambda:local:000000000000:function:${step}`) as never, {
      validationOptions: { checkArn: false, checkPaths: false },
    });
    const run = machine.run({ job_id: 'j_0123456789', type: 'fitModel', state: {} } as never, {
      overrides: {
        taskResourceLocalHandlers: {
          'fitModel.fit': slow('fit', 610) as never,
          MarkFailed: (async (input: unknown) => {
            calls.push('MarkFailed');
            return input;
          }) as never,
        },
      },
    });
    const outcome = run.result.then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    await vi.advanceTimersByTimeAsync(611_000);
    const result = await outcome;
    expect(calls).toEqual(['fit']);
    expect(result.ok).toBe(true);
  });
});
