/**
 * One step Lambda invocation, as the local stack runs it: the handler of that name, inside the
 * given services, its failure reported the way Lambda reports one to Step Functions (the error's
 * name, and a JSON cause with the message and any HTTP status), so the definition's Catch and
 * markFailed see the same thing locally as in the cloud.
 */
import { z } from 'zod';
import { ProblemError } from '../core/errors.js';
import type { StepName } from '../core/jobs/definitions.js';
import { markFailed, stepHandlers } from '../functions/index.js';
import { runWithServices, type Services } from '../functions/lib/services.js';

/** A pipeline step, or the Catch target that records a failure. */
export type StepFunctionName = StepName | 'markFailed';
export const StepFunctionName = z.enum([...(Object.keys(stepHandlers) as StepName[]), 'markFailed']);

/** What a failed invocation carries back: plain data, so it crosses a worker boundary unchanged. */
export interface LambdaFailure {
  readonly name: string;
  readonly message: string;
}

async function handlerOf(name: StepFunctionName): Promise<(input: never) => Promise<unknown>> {
  return name === 'markFailed' ? (await markFailed()).handler : (await stepHandlers[name]()).handler;
}

export type StepOutcome = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly failure: LambdaFailure };

/** Runs the step; never rejects: a failure is an outcome, as an invocation's error is to Lambda. */
export async function invokeStep(svc: Services, name: StepFunctionName, input: unknown): Promise<StepOutcome> {
  try {
    const handler = await handlerOf(name);
    return { ok: true, output: await runWithServices(svc, () => handler(input as never)) };
  } catch (error) {
    return { ok: false, failure: lambdaFailure(error) };
  }
}

/** The outcome's output, or its failure thrown as the Error the interpreter's Catch expects. */
export function settled(outcome: StepOutcome): unknown {
  if (outcome.ok) return outcome.output;
  const error = new Error(outcome.failure.message);
  error.name = outcome.failure.name;
  throw error;
}

/** A failure as Lambda reports it: a cancel or a user-facing problem is expected; anything else is logged. */
export function lambdaFailure(error: unknown): LambdaFailure {
  if (!(error instanceof ProblemError) && !(error instanceof Error && error.name === 'JobCancelled')) console.error('job step failed', error);
  const name = error instanceof Error ? error.name : 'Error';
  return {
    name,
    message: JSON.stringify({
      errorType: name,
      errorMessage: error instanceof ProblemError ? error.detail : error instanceof Error ? error.message : String(error),
      ...(error instanceof ProblemError ? { status: error.status } : {}),
    }),
  };
}

/** The Catch's `{Error, Cause}` for a failure recorded outside the state machine (restart recovery). */
export function caught(error: unknown): { Error: string; Cause: string } {
  const { name, message } = lambdaFailure(error);
  return { Error: name, Cause: message };
}
