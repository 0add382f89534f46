/** The messages between the step worker pool and its workers. */
import type { StepFunctionName, StepOutcome } from './steps.js';

/** A worker's first message: its code is loaded and it takes invocations. */
export const READY = 'ready';

export interface Invocation {
  readonly id: number;
  readonly name: StepFunctionName;
  readonly input: unknown;
}

export type Reply = StepOutcome & { readonly id: number };
