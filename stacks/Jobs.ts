import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STEP_TIMEOUT_SECONDS, jobTypes, type StepDef } from '../core/jobs/definitions.js';
import { jobDefinition } from '../core/jobs/asl.js';
import { handlerFunction } from './lambda.js';
import { MAX_UPLOAD_BYTES, MB } from '../core/files/upload.js';
import type { DataStore } from './DataStore.js';

/** The largest upload, spooled whole to /tmp (Parquet), plus room for the runtime's own files. */
const SPOOL_SCRATCH_MB = MAX_UPLOAD_BYTES / MB + 1024;

/** One Lambda per pipeline step and the state machine that drives them (stacks/asl.ts). */
export class Jobs extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly steps = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: { data: DataStore }) {
    super(scope, id);
    const environment = { TABMIMIC_BUCKET: props.data.bucket.bucketName, TABMIMIC_TABLE: props.data.table.tableName };
    const all: StepDef[] = [...new Map(Object.values(jobTypes).flatMap((t) => t.steps.map((s) => [s.name, s] as const))).values()];
    for (const step of [...all, { name: 'markFailed' }] as StepDef[]) {
      const fn = handlerFunction(this, `Step-${step.name}`, {
        entry: `functions/steps/${step.name}.ts`,
        memoryMb: step.heavy ? 3008 : 1024,
        ...(step.spools ? { scratchMb: SPOOL_SCRATCH_MB } : {}),
        timeoutSeconds: STEP_TIMEOUT_SECONDS,
        // A resumable step checkpoints and returns well before the Lambda limit; the machine loops.
        environment: step.resumable ? { ...environment, TABMIMIC_FIT_SLICE_SECONDS: String(STEP_TIMEOUT_SECONDS - 180) } : environment,
      });
      props.data.bucket.grantReadWrite(fn);
      props.data.table.grantReadWriteData(fn);
      this.steps.set(step.name, fn);
    }
    const resourceOf = (step: string) => {
      const fn = this.steps.get(step);
      if (!fn) throw new Error(`No Lambda for step ${step}`);
      return fn.functionArn;
    };
    this.stateMachine = new sfn.StateMachine(this, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(jobDefinition(resourceOf))),
      timeout: Duration.hours(24),
      tracingEnabled: true,
    });
    for (const fn of this.steps.values()) fn.grantInvoke(this.stateMachine);
  }
}
