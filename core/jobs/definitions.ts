/**
 * Every kind of long-running job and its steps, in order. The local runner executes the steps
 * in-process; the cloud stack turns the same list into a Step Functions state machine whose
 * Task states invoke `functions/steps/<step>.ts`. A step receives the job and the state the
 * previous step returned, and returns the next state (small JSON; bulky data goes to S3).
 */
export interface JobTypeDef {
  readonly steps: readonly StepDef[];
  /** Safe to run again from the start after a crash: its steps are idempotent or checkpointed. */
  readonly restartable?: boolean;
}

export interface StepDef {
  readonly name: string;
  /** Heavy steps (model fitting) run in container-image Lambdas with more memory in the cloud. */
  readonly heavy?: boolean;
  /** A step that may return `{ done: false }` to be invoked again (checkpointed loops). */
  readonly resumable?: boolean;
  /** Reads an upload whole onto local disk (a Parquet file needs random access): scratch space as large as an upload. */
  readonly spools?: boolean;
}

/**
 * How long one step may run: the timeout of every step Lambda in the cloud (stacks/Jobs.ts), Lambda's
 * 15-minute maximum. A resumable step checkpoints and returns well before it (the fit slice).
 */
export const STEP_TIMEOUT_SECONDS = 900;
/**
 * The state machine's TimeoutSeconds for a step's Task state: the Lambda's timeout and a margin for
 * the invocation itself, so in the cloud the Lambda's own timeout ends a step first (the Task state
 * must never give up on a Lambda that is still running). Without it the local interpreter would cut
 * every step off at its default of 60 s while the step kept running (and the local fit slice is 600 s).
 */
export const STEP_STATE_TIMEOUT_SECONDS = STEP_TIMEOUT_SECONDS + 30;

export const jobTypes = {
  ingest: { steps: [{ name: 'ingest', spools: true }], restartable: true },
  synthesize: { steps: [{ name: 'fit', heavy: true, resumable: true }, { name: 'sample' }, { name: 'report' }], restartable: true },
  fitModel: { steps: [{ name: 'fit', heavy: true, resumable: true }], restartable: true },
  sampleModel: { steps: [{ name: 'sample' }, { name: 'report' }], restartable: true },
  features: { steps: [{ name: 'applyFeatures' }] },
  // A type edit on a file too large to parse again within an API request (core/schema/service.ts).
  retype: { steps: [{ name: 'retype', spools: true }], restartable: true },
} as const satisfies Record<string, JobTypeDef>;

export type JobType = keyof typeof jobTypes;
export const JOB_TYPES = Object.keys(jobTypes) as JobType[];

export type StepName = (typeof jobTypes)[JobType]['steps'][number]['name'];
