/**
 * Warm worker threads that run step invocations, as Lambda runs them in containers: one
 * invocation per worker at a time, a worker kept warm for the next one, a new one started when
 * all are busy (up to a cap; beyond it invocations wait their turn), and a worker that overruns
 * the step timeout is stopped, as Lambda stops a function at its timeout.
 */
import { availableParallelism } from 'node:os';
import { SHARE_ENV, type Worker } from 'node:worker_threads';
import { startWorker } from '../core/threads.js';
import { STEP_TIMEOUT_SECONDS } from '../core/jobs/definitions.js';
import type { Config } from '../functions/lib/config.js';
import type { StepFunctionName, StepOutcome } from './steps.js';
import { READY, type Invocation, type Reply } from './step-worker-protocol.js';

export interface StepPoolOptions {
  /** Invocations that run at once; more wait. */
  readonly maxWorkers?: number;
  /** A worker idle this long is stopped (a cold start next time). */
  readonly idleMs?: number;
  readonly timeoutMs?: number;
  /** The module each worker runs; tests name a stand-in that speaks the same messages. */
  readonly module?: URL;
}

// Steps are mostly CPU-bound, but one long fit should not hold up a small file's ingest.
const DEFAULT_MAX_WORKERS = Math.max(4, 2 * availableParallelism());
const DEFAULT_IDLE_MS = 5 * 60_000;
const STEP_WORKER = new URL('./step-worker.ts', import.meta.url);

interface Slot {
  readonly worker: Worker;
  /** Settles once the worker has loaded its code (a Lambda's init, which its timeout does not count). */
  readonly ready: Promise<void>;
  idleTimer?: NodeJS.Timeout;
}

export class StepWorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: { grant: (slot: Slot) => void; refuse: (error: Error) => void }[] = [];
  private readonly all = new Set<Slot>();
  private nextId = 0;
  private closed = false;
  private readonly maxWorkers: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;
  private readonly module: URL;

  constructor(
    private readonly config: Config,
    options: StepPoolOptions = {},
  ) {
    this.maxWorkers = options.maxWorkers ?? DEFAULT_MAX_WORKERS;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.timeoutMs = options.timeoutMs ?? STEP_TIMEOUT_SECONDS * 1000;
    this.module = options.module ?? STEP_WORKER;
  }

  async invoke(name: StepFunctionName, input: unknown): Promise<StepOutcome> {
    const slot = await this.acquire();
    const outcome = await this.run(slot, { id: this.nextId++, name, input });
    if (this.all.has(slot)) this.release(slot);
    return outcome;
  }

  /** Stops every worker; invocations still running end as failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { refuse } of this.waiting.splice(0)) refuse(new Error('the step worker pool closed'));
    await Promise.all([...this.all].map((slot) => this.stop(slot)));
  }

  private async run(slot: Slot, invocation: Invocation): Promise<StepOutcome> {
    const { worker } = slot;
    const failed = (errorType: string, errorMessage: string): StepOutcome => {
      void this.stop(slot);
      return { ok: false, failure: { name: errorType, message: JSON.stringify({ errorType, errorMessage }) } };
    };
    try {
      await slot.ready;
    } catch (error) {
      return failed('Runtime.InitError', `The step's process failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
    return new Promise<StepOutcome>((resolve) => {
      const fail = (errorType: string, errorMessage: string) => resolve(failed(errorType, errorMessage));
      const onMessage = ({ id, ...outcome }: Reply) => {
        if (id !== invocation.id) return;
        done();
        resolve(outcome);
      };
      const onError = (error: Error) => {
        done();
        fail('Runtime.ExitError', `The step's process failed: ${error.message}`);
      };
      const onExit = (code: number) => {
        done();
        fail('Runtime.ExitError', `The step's process exited (code ${code}).`);
      };
      const timer = setTimeout(() => {
        done();
        fail('Sandbox.Timedout', `Task timed out after ${this.timeoutMs / 1000} seconds`);
      }, this.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(invocation);
    });
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the step worker pool is closed'));
    const slot = this.idle.pop();
    if (slot) {
      clearTimeout(slot.idleTimer);
      return Promise.resolve(slot);
    }
    if (this.all.size < this.maxWorkers) return Promise.resolve(this.spawn());
    return new Promise((grant, refuse) => this.waiting.push({ grant, refuse }));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) return next.grant(slot);
    slot.idleTimer = setTimeout(() => void this.stop(slot), this.idleMs).unref();
    this.idle.push(slot);
  }

  private spawn(): Slot {
    // SHARE_ENV: a step reads the same environment the server has now, as an in-process step would.
    const worker = startWorker(this.module, { workerData: { config: this.config }, env: SHARE_ENV });
    const ready = new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        worker.off('message', onMessage).off('error', settle).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: unknown) => message === READY && settle();
      const onExit = (code: number) => settle(new Error(`exit code ${code}`));
      worker.on('message', onMessage).on('error', settle).on('exit', onExit);
    });
    ready.catch(() => undefined); // seen by the invocation that awaits it
    const slot: Slot = { worker, ready };
    // A worker that fails is logged here, whether or not an invocation was running on it; one that
    // ends leaves the pool.
    worker.on('error', (error) => console.error('job step worker failed', error)).on('exit', () => void this.stop(slot));
    this.all.add(slot);
    return slot;
  }

  private async stop(slot: Slot): Promise<void> {
    if (!this.all.delete(slot)) return;
    clearTimeout(slot.idleTimer);
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    await slot.worker.terminate();
    // A waiting invocation gets a fresh worker in its place.
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) next.grant(this.spawn());
  }
}
