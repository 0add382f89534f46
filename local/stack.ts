/**
 * The embedded stack behind `npm start` and the API tests: s3rver and dynalite on loopback,
 * the real AWS SDK clients pointed at them, the local job runner, and the HTTP server.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { Config } from '../functions/lib/config.js';
import { storesFor, type Services } from '../functions/lib/services.js';
import { LocalJobRunner } from './job-runner.js';
import { StepWorkerPool } from './step-pool.js';
import { invokeStep } from './steps.js';
import { createApiServer } from './server.js';
import { patchMultipart } from './s3rver-multipart.js';
import { patchAtomicPut } from './s3rver-atomic-put.js';

export interface StackOptions {
  /** Where objects and metadata persist across restarts. */
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Static files of the web app. */
  readonly webRoot?: string;
  /**
   * Where job steps run: `workers` (the default) in warm worker threads, as Lambda runs them beside
   * the API, so a long fit never holds up a request; `inline` on this thread, for tests that wrap
   * a store (`services.blobs`) to pause or fail a step at a chosen write.
   */
  readonly steps?: 'workers' | 'inline';
}

export interface RunningStack {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly jobs: LocalJobRunner;
  close(): Promise<void>;
}

const BUCKET = 'tabmimic-data';
const TABLE = 'tabmimic';
// s3rver checks signatures against its built-in key pair; dynalite accepts any.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const LOOPBACK = '127.0.0.1';

const CORS_XML = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>
<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/dist/', import.meta.url));

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  await mkdir(join(dataDir, 's3'), { recursive: true });
  await mkdir(join(dataDir, 'dynamodb'), { recursive: true });

  const s3 = new S3rver({
    address: LOOPBACK,
    port: 0,
    silent: true,
    directory: join(dataDir, 's3'),
    configureBuckets: [{ name: BUCKET, configs: [CORS_XML] }],
  });
  // Before run(): Koa composes its middleware when it starts listening.
  patchAtomicPut(s3);
  patchMultipart(s3);
  const s3Address = await s3.run();

  const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ok, fail) => {
    dynamo.once('error', fail);
    dynamo.listen(0, LOOPBACK, () => ok());
  });
  const dynamoPort = (dynamo.address() as AddressInfo).port;

  const config = Config.parse({
    region: 'us-east-1',
    bucket: BUCKET,
    table: TABLE,
    s3Endpoint: `http://${LOOPBACK}:${s3Address.port}`,
    dynamoEndpoint: `http://${LOOPBACK}:${dynamoPort}`,
    credentials: CREDENTIALS,
  });
  await ensureTable(config);

  const stores = storesFor(config);
  // A step of a job since cancelled or deleted stops with its worker (a long plain-computation fit notices neither).
  const stillWanted = async (jobId: string) => {
    const job = await stores.meta.getJob(jobId);
    return job !== undefined && !job.cancel_requested;
  };
  const pool = options.steps === 'inline' ? undefined : new StepWorkerPool(config, { stillWanted });
  const jobs = new LocalJobRunner(stores.meta, pool ? (name, input) => pool.invoke(name, input) : (name, input) => invokeStep(services, name, input));
  const services: Services = { config, ...stores, jobs };
  await jobs.recover();

  const server = createApiServer(services, resolve(options.webRoot ?? DEFAULT_WEB_ROOT));
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? LOOPBACK, () => ok());
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      // Steps in flight stop with their workers, as in a crash: their jobs stay running in the store,
      // and the next start recovers them (restartable ones resume from their last checkpoint), so
      // stopping never waits out a long fit. Inline steps can only be waited for.
      await pool?.close();
      await jobs.idle();
      await new Promise<void>((ok) => dynamo.close(() => ok()));
      await s3.close();
    })());

  return { url: `http://${options.host === '0.0.0.0' ? LOOPBACK : (options.host ?? LOOPBACK)}:${port}`, port, services, jobs, close };
}

/** Creates the table on first start, and in every case waits until it is ACTIVE (queries fail before). */
async function ensureTable(config: Config): Promise<void> {
  const client = new DynamoDBClient({ region: config.region, endpoint: config.dynamoEndpoint, credentials: config.credentials });
  const status = () =>
    client.send(new DescribeTableCommand({ TableName: config.table })).then(
      (out) => out.Table?.TableStatus,
      (e: unknown) => {
        if (e instanceof ResourceNotFoundException) return undefined;
        throw e;
      },
    );
  try {
    if ((await status()) === undefined) await client.send(
      new CreateTableCommand({
        TableName: config.table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    for (let waited = 0; (await status()) !== 'ACTIVE'; waited += 20) {
      if (waited > 10_000) throw new Error(`DynamoDB table ${config.table} did not become active`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    client.destroy();
  }
}
