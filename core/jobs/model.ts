import { z } from 'zod';

export const JobId = z.string().regex(/^j_[0-9a-z]{10,40}$/, 'not a job id');
export type JobId = z.infer<typeof JobId>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;
/** Statuses a job ends in: nothing writes over them (a late step's progress must not revive a job). */
export const TERMINAL_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];
export const isTerminal = (status: JobStatus): boolean => (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);

export const JobProgress = z.object({
  step: z.string().describe('The step running now'),
  percent: z.number().min(0).max(100),
  message: z.string().optional(),
  eta_seconds: z.number().nonnegative().optional().describe('Seconds left in this step, estimated from its own pace; absent until the step has run a few seconds and moved, and once the job has ended'),
  step_started_at: z.string().optional().describe('When this step began (its percent starts at 0 then)'),
  metrics: z.record(z.string(), z.number()).optional().describe('e.g. epoch and loss'),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const EpochLoss = z.object({ epoch: z.number().int(), loss: z.record(z.string(), z.number()) });
export type EpochLoss = z.infer<typeof EpochLoss>;

export const Job = z.object({
  job_id: JobId,
  type: z.string(),
  status: JobStatus,
  cancel_requested: z.boolean().default(false),
  progress: JobProgress,
  loss_history: z
    .array(EpochLoss)
    .optional()
    .describe('The training loss per reported epoch so far (neural generators), at most 300 points (a coarser step past that), losses to 5 significant digits: a client opening a running job draws the curve from its start. Kept when the job fails or is cancelled (no model stores it then); dropped when it succeeds: the model has the whole curve'),
  input: z.record(z.string(), z.unknown()),
  /** Files this job reads or writes; deleting one of them deletes the job record too. */
  file_ids: z.array(z.string()),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z
    .object({ status: z.number().int(), title: z.string().optional().describe('The status’s title, e.g. Unprocessable Content (always given in replies)'), detail: z.string() })
    .catchall(z.unknown())
    .optional()
    .describe('Why it failed: the problem document’s status, title and detail, and its other members when the step recorded them (e.g. a refused type change’s `columns`)'),
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().optional(),
});
export type Job = z.infer<typeof Job>;
