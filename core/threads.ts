/**
 * Worker threads on modules of ours. Compiled, a worker runs its .js module directly. Run as
 * TypeScript (tsx under `npm start`, vitest in tests), a worker does not inherit the parent's
 * loader (tsx's `--import` entry registers it in a main thread only), so the worker first
 * registers tsx's loader, then loads its module.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const TSX_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxLoader).then((tsx) => tsx.register()).then(() => import(workerData.tsxModule));
`;

/** Whether a worker can run this module here: TypeScript needs tsx installed. */
export function canRunWorker(module: URL): boolean {
  if (!module.pathname.endsWith('.ts')) return true;
  try {
    import.meta.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

/** A worker running `module`; its workerData is `options.workerData` (an object), plus two boot fields when TypeScript. */
export function startWorker(module: URL, options: WorkerOptions & { workerData?: Record<string, unknown> } = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  return new Worker(TSX_BOOT, {
    ...options,
    eval: true,
    workerData: { ...options.workerData, tsxLoader: import.meta.resolve('tsx/esm/api'), tsxModule: module.href },
  });
}
