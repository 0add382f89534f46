import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TabmimicStack } from '../../stacks/TabmimicStack.js';
import { jobDefinition } from '../../core/jobs/asl.js';
import { jobTypes } from '../../core/jobs/definitions.js';
import { fitSliceFromEnv } from '../../core/generation/service.js';

type State = { Type: string; Resource?: string; TimeoutSeconds?: number };

let states: Record<string, State>;
let lambdaTimeout: Map<string, number>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new TabmimicStack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' }, webDistDir: 'tests/infra' });
  const template = Template.fromStack(stack);
  lambdaTimeout = new Map(
    Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, r]) => [id, (r.Properties as { Timeout?: number }).Timeout ?? 3]),
  );
  // The deployed definition: a Fn::Join of JSON text and each Task's Lambda ARN (Fn::GetAtt); each
  // ARN is replaced by the Lambda's logical id so every Task can be matched to its function.
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0]!;
  const join = (machine.Properties as { DefinitionString: { 'Fn::Join': [string, (string | { 'Fn::GetAtt': [string, string] })[]] } }).DefinitionString['Fn::Join'];
  const text = join[1].map((part) => (typeof part === 'string' ? part : part['Fn::GetAtt'][0])).join(join[0]);
  states = (JSON.parse(text) as { States: Record<string, State> }).States;
});

describe('Task state timeouts', () => {
  it('gives every Task state of the deployed machine a TimeoutSeconds no shorter than its Lambda’s timeout', () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    const steps = new Set(Object.values(jobTypes).flatMap((t) => t.steps.map((s) => s.name)));
    expect(tasks.length).toBe(Object.values(jobTypes).reduce((n, t) => n + t.steps.length, 0) + 1); // + MarkFailed
    expect(steps.size).toBeGreaterThan(0);
    for (const [name, task] of tasks) {
      const timeout = lambdaTimeout.get(task.Resource!);
      expect(timeout, `${name} invokes a Lambda of the stack`).toBeDefined();
      expect(task.TimeoutSeconds, `${name}.TimeoutSeconds`).toBeGreaterThanOrEqual(timeout!);
    }
  });

  it('lets a local step run past the interpreter’s 60 s default, for a whole local fit slice', () => {
    // The local runner runs this same definition; a Task without TimeoutSeconds is cut off at 60 s there.
    const local = jobDefinition((step) => `arn:aws:lambda:local:000000000000:function:${step}`).States as Record<string, State>;
    const slice = fitSliceFromEnv().seconds;
    for (const [name, s] of Object.entries(local)) {
      if (s.Type !== 'Task') continue;
      expect(s.TimeoutSeconds, name).toBeGreaterThan(60);
      expect(s.TimeoutSeconds, name).toBeGreaterThan(slice);
    }
  });
});
