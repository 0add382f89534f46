/**
 * A step worker: one warm "Lambda container" of the local stack. It builds its own AWS clients
 * from the config each invocation names (they reach s3rver and dynalite over loopback, as a Lambda
 * reaches S3 and DynamoDB) and runs one invocation at a time, so a long synchronous fit never blocks
 * the HTTP server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { Config } from '../functions/lib/config.js';
import { storesFor, type Services } from '../functions/lib/services.js';
import type { JobRunner } from '../core/ports.js';
import { invokeStep } from './steps.js';
import { Invocation, READY, type Reply } from './step-worker-protocol.js';

/** Steps never start jobs (only API handlers do); a step that tried would be a bug. */
const noJobs: JobRunner = {
  start: () => Promise.reject(new Error('a job step cannot start a job')),
  get: () => Promise.reject(new Error('a job step cannot read jobs through the runner')),
  cancel: () => Promise.reject(new Error('a job step cannot cancel jobs')),
};

// The AWS SDK's notice about this Node version is printed once by the server, not by every worker.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
  if (!String(warning).includes('NodeVersionSupportWarning')) emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

const port = parentPort;
if (!port) throw new Error('local/step-worker.ts runs only as a worker thread');

/** The services of the stack the last invocation came from; a worker serves one stack at a time, but may serve another later. */
let current: { readonly key: string; readonly svc: Services } | undefined;
function servicesFor(config: Config): Services {
  const key = JSON.stringify(config);
  if (current?.key !== key) current = { key, svc: { config, ...storesFor(config), jobs: noJobs } };
  return current.svc;
}

port.on('message', async (message: unknown) => {
  const { id, config, name, input } = Invocation.parse(message);
  const outcome = await invokeStep(servicesFor(config), name, input);
  port.postMessage({ id, ...outcome } satisfies Reply);
});
port.postMessage(READY);
