/**
 * Warm step workers that a closed pool left idle, kept for the next pool in this process. A worker
 * holds no stack of its own (each invocation names its stack's config), so a later stack may use it;
 * loading a worker's code (tsx, tfjs, the AWS SDK) costs more CPU than most API tests spend in steps,
 * and the tests start a stack per file, many files per process. A spare never keeps the process
 * alive, and one unused for a while is stopped.
 */
import type { Worker } from 'node:worker_threads';

/** Spares kept per worker module: about what one stack leaves idle; more would only hold memory. */
const MAX_SPARES = 4;
const SPARE_MS = 60_000;

interface Spare {
  readonly worker: Worker;
  readonly expiry: NodeJS.Timeout;
  readonly onGone: () => void;
}

const spares = new Map<string, Spare[]>();

/** Keeps an idle, ready worker of `module` for a later pool, or stops it when enough are kept. */
export function leaveSpare(module: URL, worker: Worker): void {
  const kept = spares.get(module.href) ?? [];
  if (kept.length >= MAX_SPARES) {
    void worker.terminate();
    return;
  }
  const onGone = () => void drop(module, spare).terminate();
  const spare: Spare = { worker, expiry: setTimeout(onGone, SPARE_MS).unref(), onGone };
  worker.unref();
  worker.once('exit', onGone).once('error', onGone);
  spares.set(module.href, [...kept, spare]);
}

/** A kept worker of `module`, ready for an invocation and owned by the caller from now on, or undefined. */
export function takeSpare(module: URL): Worker | undefined {
  const spare = spares.get(module.href)?.at(-1);
  if (!spare) return undefined;
  const worker = drop(module, spare);
  worker.ref();
  return worker;
}

/** Stops every kept worker. */
export async function closeSpares(): Promise<void> {
  const all = [...spares.entries()].flatMap(([href, kept]) => kept.map((spare) => drop(new URL(href), spare)));
  await Promise.all(all.map((worker) => worker.terminate()));
}

function drop(module: URL, spare: Spare): Worker {
  clearTimeout(spare.expiry);
  spare.worker.off('exit', spare.onGone).off('error', spare.onGone);
  const kept = (spares.get(module.href) ?? []).filter((s) => s !== spare);
  if (kept.length) spares.set(module.href, kept);
  else spares.delete(module.href);
  return spare.worker;
}
