/**
 * Warm worker threads that run step invocations, as Lambda runs them in containers: one
 * invocation per worker at a time, a worker kept warm for the next one, a new one started when
 * all are busy, and a worker that overruns the step timeout is stopped, as Lambda stops a
 * function at its timeout. Heavy steps (model fits) have a cap of their own, as the cloud's fit
 * Lambdas have their concurrency: fits beyond it wait their turn, while light steps (an ingest,
 * a sample, a report) start beside them, so a small upload never waits for four long fits.
 * A step whose job was cancelled or deleted while it ran is stopped with its worker: a fit of
 * plain computation (a copula, PrivBayes) reaches no point where it could notice by itself.
 * A closed pool leaves its idle workers to the next pool in this process (local/step-worker-spares.ts).
 */
import { availableParallelism } from 'node:os';
import { SHARE_ENV, type Worker } from 'node:worker_threads';
import { startWorker } from '../core/threads.js';
import { STEP_TIMEOUT_SECONDS, jobTypes, type StepDef } from '../core/jobs/definitions.js';
import type { Config } from '../functions/lib/config.js';
import type { StepFunctionName, StepOutcome } from './steps.js';
import { READY, type Invocation, type Reply } from './step-worker-protocol.js';
import { leaveSpare, takeSpare } from './step-worker-spares.js';

export interface StepPoolOptions {
  /** Invocations that run at once; more wait. */
  readonly maxWorkers?: number;
  /** Heavy steps (a fit) that run at once; more wait, light steps do not wait for them. */
  readonly maxHeavy?: number;
  /** A worker idle this long is stopped (a cold start next time). */
  readonly idleMs?: number;
  readonly timeoutMs?: number;
  /** The module each worker runs; tests name a stand-in that speaks the same messages. */
  readonly module?: URL;
  /** Whether a job is still wanted (not cancelled, not deleted); asked every `watchMs` while one of its steps runs. */
  readonly stillWanted?: (jobId: string) => Promise<boolean>;
  readonly watchMs?: number;
}

// Fits are CPU-bound: more at once than cores only share them. Light steps are short; the overall
// cap only bounds memory.
const DEFAULT_MAX_HEAVY = Math.max(2, availableParallelism());
const DEFAULT_MAX_WORKERS = DEFAULT_MAX_HEAVY + 8;
const HEAVY_STEPS: ReadonlySet<string> = new Set(Object.values(jobTypes).flatMap((t) => t.steps.filter((step: StepDef) => step.heavy).map((step) => step.name)));
const DEFAULT_IDLE_MS = 5 * 60_000;
const DEFAULT_WATCH_MS = 1000;
const STEP_WORKER = new URL('./step-worker.ts', import.meta.url);

interface Slot {
  readonly worker: Worker;
  /** Settles once the worker has loaded its code (a Lambda's init, which its timeout does not count). */
  readonly ready: Promise<void>;
  /** Removes this pool's listeners, as the worker leaves it for the spares. */
  readonly detach: () => void;
  idleTimer?: NodeJS.Timeout;
}

let workersStarted = 0;
/** Step worker threads started in this process (not those taken from the spares): tests check the reuse with it. */
export const stepWorkersStarted = (): number => workersStarted;

export class StepWorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: { heavy: boolean; grant: (slot: Slot) => void; refuse: (error: Error) => void }[] = [];
  private readonly all = new Set<Slot>();
  private heavyRunning = 0;
  private nextId = 0;
  private closed = false;
  private readonly maxWorkers: number;
  private readonly maxHeavy: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;
  private readonly module: URL;
  private readonly stillWanted?: (jobId: string) => Promise<boolean>;
  private readonly watchMs: number;

  constructor(
    private readonly config: Config,
    options: StepPoolOptions = {},
  ) {
    this.maxHeavy = options.maxHeavy ?? DEFAULT_MAX_HEAVY;
    this.maxWorkers = Math.max(options.maxWorkers ?? DEFAULT_MAX_WORKERS, 1);
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.timeoutMs = options.timeoutMs ?? STEP_TIMEOUT_SECONDS * 1000;
    this.module = options.module ?? STEP_WORKER;
    this.stillWanted = options.stillWanted;
    this.watchMs = options.watchMs ?? DEFAULT_WATCH_MS;
  }

  async invoke(name: StepFunctionName, input: unknown): Promise<StepOutcome> {
    const heavy = HEAVY_STEPS.has(name);
    const slot = await this.acquire(heavy);
    try {
      return await this.run(slot, { id: this.nextId++, config: this.config, name, input });
    } finally {
      if (heavy) this.heavyRunning--;
      if (this.all.has(slot)) this.release(slot);
      else this.grantWaiting();
    }
  }

  /** Stops every busy worker (invocations still running end as failed) and leaves the idle ones to the spares. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { refuse } of this.waiting.splice(0)) refuse(new Error('the step worker pool closed'));
    for (const slot of this.idle.splice(0)) {
      this.all.delete(slot);
      clearTimeout(slot.idleTimer);
      slot.detach();
      leaveSpare(this.module, slot.worker);
    }
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
      // MarkFailed settles a cancelled job: it must run to its end.
      const jobId = invocation.name === 'markFailed' ? undefined : jobOf(invocation.input);
      const { stillWanted } = this;
      let watching = true;
      const watch =
        jobId && stillWanted
          ? setInterval(() => {
              // A store that cannot answer (the stack closing) leaves the step be.
              void stillWanted(jobId)
                .catch(() => true)
                .then((wanted) => {
                  if (wanted || !watching) return;
                  done();
                  // The Catch path ends the job cancelled, as a step that noticed the cancel would.
                  fail('JobCancelled', 'The job was cancelled or deleted while this step ran.');
                });
            }, this.watchMs)
          : undefined;
      const done = () => {
        watching = false;
        clearTimeout(timer);
        clearInterval(watch);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(invocation);
    });
  }

  private acquire(heavy: boolean): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the step worker pool is closed'));
    const slot = this.take(heavy);
    return slot ? Promise.resolve(slot) : new Promise((grant, refuse) => this.waiting.push({ heavy, grant, refuse }));
  }

  /** A worker for an invocation that may start now (within both caps), or undefined. */
  private take(heavy: boolean): Slot | undefined {
    if (heavy && this.heavyRunning >= this.maxHeavy) return undefined;
    const slot = this.idle.pop() ?? (this.all.size < this.maxWorkers ? this.spawn() : undefined);
    if (!slot) return undefined;
    clearTimeout(slot.idleTimer);
    if (heavy) this.heavyRunning++;
    return slot;
  }

  /** Starts, in order of arrival, every waiting invocation that may start now. */
  private grantWaiting(): void {
    if (this.closed) return;
    for (let i = 0; i < this.waiting.length; ) {
      const slot = this.take(this.waiting[i]!.heavy);
      if (slot) this.waiting.splice(i, 1)[0]!.grant(slot);
      else i++;
    }
  }

  private release(slot: Slot): void {
    slot.idleTimer = setTimeout(() => void this.stop(slot), this.idleMs).unref();
    this.idle.push(slot);
    this.grantWaiting();
  }

  private spawn(): Slot {
    const spare = takeSpare(this.module);
    const worker = spare ?? this.start();
    const ready = spare ? Promise.resolve() : this.readyOf(worker);
    const onError = (error: Error) => console.error('job step worker failed', error);
    const onExit = () => void this.stop(slot);
    const slot: Slot = { worker, ready, detach: () => worker.off('error', onError).off('exit', onExit) };
    // A worker that fails is logged here, whether or not an invocation was running on it; one that
    // ends leaves the pool.
    worker.on('error', onError).on('exit', onExit);
    this.all.add(slot);
    return slot;
  }

  private start(): Worker {
    workersStarted++;
    // SHARE_ENV: a step reads the same environment the server has now, as an in-process step would.
    return startWorker(this.module, { env: SHARE_ENV });
  }

  private readyOf(worker: Worker): Promise<void> {
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
    return ready;
  }

  private async stop(slot: Slot): Promise<void> {
    if (!this.all.delete(slot)) return;
    clearTimeout(slot.idleTimer);
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    await slot.worker.terminate();
    this.grantWaiting(); // a fresh worker in its place
  }
}

/** The job a step invocation belongs to (every step event names it). */
function jobOf(input: unknown): string | undefined {
  const id = input && typeof input === 'object' && 'job_id' in input ? input.job_id : undefined;
  return typeof id === 'string' ? id : undefined;
}
