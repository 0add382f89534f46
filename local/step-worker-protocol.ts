/** The messages between the step worker pool and its workers. */
import { z } from 'zod';
import { StepFunctionName, type StepOutcome } from './steps.js';

/** A worker's first message: its code is loaded and it takes invocations. */
export const READY = 'ready';

export const Invocation = z.object({ id: z.number().int(), name: StepFunctionName, input: z.unknown() });
export type Invocation = z.infer<typeof Invocation>;

export type Reply = StepOutcome & { readonly id: number };
