/**
 * The job state machine as Amazon States Language, built from core/jobs/definitions.ts alone: a
 * Choice on the job type, then that type's steps in order; a resumable step loops while it returns
 * `state.done === false` (checkpointed work that outlasts one Lambda); any failure goes to
 * markFailed. Pure JSON, so the local Step Functions interpreter can run the very same definition.
 */
import { STEP_STATE_TIMEOUT_SECONDS, jobTypes, type JobType, type StepDef } from './definitions.js';

export type StateMachineDefinition = {
  Comment: string;
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
};

/** Resolves a step name to whatever the Task invokes (a Lambda ARN in the cloud, a name locally). */
export type ResourceOf = (step: string) => string;

export const taskName = (type: string, step: string) => `${type}.${step}`;
const RETRYABLE = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

export function jobDefinition(resourceOf: ResourceOf): StateMachineDefinition {
  const states: StateMachineDefinition['States'] = {};
  const types = Object.keys(jobTypes) as JobType[];
  states.ByType = {
    Type: 'Choice',
    Choices: types.map((t) => ({ Variable: '$.type', StringEquals: t, Next: taskName(t, jobTypes[t].steps[0]!.name) })),
    Default: 'UnknownType',
  };
  states.UnknownType = { Type: 'Fail', Error: 'UnknownJobType', Cause: 'No job type of that name' };
  states.MarkFailed = {
    Type: 'Task',
    Resource: resourceOf('markFailed'),
    TimeoutSeconds: STEP_STATE_TIMEOUT_SECONDS,
    Parameters: { 'job_id.$': '$.job_id', 'error.$': '$.error' },
    Next: 'Failed',
  };
  states.Failed = { Type: 'Fail', Error: 'JobFailed', Cause: 'See the job record' };
  states.Succeeded = { Type: 'Succeed' };

  for (const type of types) {
    const steps: readonly StepDef[] = jobTypes[type].steps;
    steps.forEach((step, i) => {
      const name = taskName(type, step.name);
      const after = i + 1 < steps.length ? taskName(type, steps[i + 1]!.name) : 'Succeeded';
      const loop = `${name}.more?`;
      states[name] = {
        Type: 'Task',
        Resource: resourceOf(step.name),
        // Every Task states its timeout: Step Functions' default is none, the local interpreter's 60 s.
        TimeoutSeconds: STEP_STATE_TIMEOUT_SECONDS,
        Retry: [{ ErrorEquals: RETRYABLE, IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }],
        Next: step.resumable ? loop : after,
      };
      if (step.resumable) {
        states[loop] = {
          Type: 'Choice',
          Choices: [{ Variable: '$.state.done', BooleanEquals: false, Next: name }],
          Default: after,
        };
      }
    });
  }
  return { Comment: 'tabmimic jobs: one branch per job type, steps from core/jobs/definitions.ts', StartAt: 'ByType', States: states };
}
