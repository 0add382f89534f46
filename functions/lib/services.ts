/**
 * The ports a handler works with. In the cloud they are built once per container from the
 * environment; the embedded local stack runs each invocation inside `runWithServices`, so several
 * independent stacks can live in one process (tests do this).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { BlobStore, JobRunner, MetadataStore } from '../../core/ports.js';
import { configFromEnv, type Config } from './config.js';
import { S3BlobStore, s3Client } from './aws/s3-blob-store.js';
import { DynamoMetadataStore, dynamoClient } from './aws/dynamo-metadata-store.js';
import { StepFunctionsJobRunner } from './aws/sfn-job-runner.js';
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;

export interface Services {
  readonly config: Config;
  readonly blobs: BlobStore;
  readonly meta: MetadataStore;
  readonly jobs: JobRunner;
}

const scope = new AsyncLocalStorage<Services>();
let fromEnvironment: Services | undefined;

export function runWithServices<T>(svc: Services, fn: () => T): T {
  return scope.run(svc, fn);
}

export function services(): Services {
  return scope.getStore() ?? (fromEnvironment ??= cloudServices(configFromEnv()));
}

export function storesFor(config: Config): Pick<Services, 'blobs' | 'meta'> {
  const blobs = new S3BlobStore(s3Client(config), config.bucket);
  return { blobs, meta: new DynamoMetadataStore(dynamoClient(config), config.table, blobs) };
}

function cloudServices(config: Config): Services {
  const stores = storesFor(config);
  if (!config.stateMachineArn) throw new Error('TABMIMIC_STATE_MACHINE_ARN is not set');
  const jobs = new StepFunctionsJobRunner(new SFNClient({ region: config.region }), config.stateMachineArn, stores.meta);
  return { config, ...stores, jobs };
}
