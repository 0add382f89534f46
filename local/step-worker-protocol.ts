/** The messages between the step worker pool and its workers. */
import { z } from 'zod';
import { Config } from '../functions/lib/config.js';
import { StepFunctionName, type StepOutcome } from './steps.js';

/** A worker's first message: its code is loaded and it takes invocations. */
export const READY = 'ready';

/** Each names its stack's config: a warm worker may serve one stack, then another (local/step-worker-spares.ts). */
export const Invocation = z.object({ id: z.number().int(), config: Config, name: StepFunctionName, input: z.unknown() });
export type Invocation = z.infer<typeof Invocation>;

export type Reply = StepOutcome & { readonly id: number };
