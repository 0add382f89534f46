import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../core/api/routes.js';
import { jobTypes } from '../../core/jobs/definitions.js';
import { TabmimicStack } from '../../stacks/TabmimicStack.js';
import { jobDefinition } from '../../core/jobs/asl.js';
import { MAX_UPLOAD_BYTES, MB } from '../../core/files/upload.js';

let template: Template;

beforeAll(() => {
  // Skipping asset bundling keeps synth to seconds; the bundles are built on deploy.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new TabmimicStack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' }, webDistDir: 'tests/infra' });
  template = Template.fromStack(stack);
});

describe('infrastructure', () => {
  it('has one API Gateway route per route-table entry', () => {
    const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r.Properties as { RouteKey: string }).RouteKey);
    expect(keys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('runs every route and step on Node 22 Lambdas', () => {
    const steps = new Set(Object.values(jobTypes).flatMap((t) => t.steps.map((s) => s.name)));
    const fns = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } });
    expect(Object.keys(fns).length).toBe(routes.length + steps.size + 1);
  });

  it('gives the fit step a training slice that ends before its Lambda timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 3008,
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ TABMIMIC_FIT_SLICE_SECONDS: '720' }) },
    });
  });

  it('gives the steps that read an upload (ingest, retype) local disk for the largest one (Parquet is spooled whole)', () => {
    const withScratch = template.findResources('AWS::Lambda::Function', { Properties: { EphemeralStorage: { Size: MAX_UPLOAD_BYTES / MB + 1024 } } });
    expect(Object.keys(withScratch)).toHaveLength(2);
    expect(Object.keys(withScratch).find((k) => /Stepingest/.test(k))).toBeDefined();
    expect(Object.keys(withScratch).find((k) => /Stepretype/.test(k))).toBeDefined();
    expect(MAX_UPLOAD_BYTES / MB + 1024).toBeLessThanOrEqual(10_240); // Lambda's limit
  });

  it('lets browsers upload to the bucket and read the ETag of parts', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: Match.arrayWith(['PUT', 'GET']), ExposedHeaders: ['ETag'] })] },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })]) },
    });
  });

  it('keys the metadata table by pk/sk, on demand, with point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('drives every step of every job type from one state machine, failures to markFailed', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0]!;
    const body = JSON.stringify(machine.Properties);
    for (const [type, def] of Object.entries(jobTypes)) for (const step of def.steps) expect(body).toContain(`${type}.${step.name}`);
    expect(body).toContain('MarkFailed');
  });

  it('grants no wildcard actions on wildcard resources', () => {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      const statements = (policy.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }).PolicyDocument.Statement;
      for (const s of statements) {
        const actions = ([] as string[]).concat(s.Action);
        expect(actions.includes('*') && s.Resource === '*').toBe(false);
      }
    }
  });

  it('serves the web app from S3 through CloudFront', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });
});

describe('state machine definition', () => {
  const asl = jobDefinition((step) => `arn:${step}`);

  it('branches on the job type and chains each type’s steps in order', () => {
    const choice = asl.States.ByType as { Choices: { StringEquals: string; Next: string }[] };
    expect(choice.Choices.map((c) => c.StringEquals).sort()).toEqual(Object.keys(jobTypes).sort());
    const synth = jobTypes.synthesize.steps.map((s) => `synthesize.${s.name}`);
    // A resumable step's Next is its loop Choice, whose Default moves on.
    const after = (name: string) => {
      const next = asl.States[name]!.Next as string;
      return asl.States[next]!.Type === 'Choice' ? (asl.States[next]!.Default as string) : next;
    };
    for (let i = 0; i < synth.length - 1; i++) expect(after(synth[i]!)).toBe(synth[i + 1]);
    expect(after(synth[synth.length - 1]!)).toBe('Succeeded');
  });

  it('loops the fit step while it returns done: false (a fit longer than one Lambda)', () => {
    const loop = asl.States['synthesize.fit.more?'] as { Type: string; Choices: unknown[] };
    expect(loop.Type).toBe('Choice');
    expect(loop.Choices).toEqual([{ Variable: '$.state.done', BooleanEquals: false, Next: 'synthesize.fit' }]);
  });

  it('catches every task failure into MarkFailed with the error', () => {
    for (const [name, state] of Object.entries(asl.States)) {
      if (state.Type !== 'Task' || name === 'MarkFailed') continue;
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }]);
    }
  });
});
