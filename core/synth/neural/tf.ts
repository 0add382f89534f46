/**
 * The one place TensorFlow.js is loaded, lazily (API handlers that never train do not pay for it).
 * Backend choice, fastest first: the native `tensorflow` backend when `@tensorflow/tfjs-node` is
 * installed (the container image can have it; its install needs network), else WebAssembly with
 * SIMD, else plain JavaScript. `TABMIMIC_TF_BACKEND` forces one.
 *
 * `TABMIMIC_TF_THREADS=n` (n ≥ 2) runs WebAssembly on tfjs's multi-threaded build, XNNPACK
 * splitting each kernel over n threads. It pays for CTGAN-sized matrix products on idle cores
 * (CTGAN on the credit table: a third less per epoch on 2 cores) and costs everywhere else: the
 * small networks of the autoregressive model and TVAE gain nothing from it and lose to the
 * per-kernel hand-off, and when the cores are shared (two test workers, other jobs) every kernel
 * waits on a descheduled thread — twice as slow, or worse. Hence one thread unless asked.
 *
 * Models are reproducible to the byte on the same backend, whatever the thread count (XNNPACK
 * splits a matrix product by output tiles, each summed by one thread); different backends round
 * differently.
 */
import { createRequire } from 'node:module';
import type * as Tfjs from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof Tfjs;
type Wasm = typeof TfWasm;
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Tensorflow {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** Threads of XNNPACK's pool on wasm, 1 on the JavaScript backend; the native backend keeps its own. */
  readonly threads: number | undefined;
}

let loaded: Promise<Tensorflow> | undefined;

export function tensorflow(): Promise<Tensorflow> {
  loaded ??= load(preferredBackends());
  return loaded;
}

function preferredBackends(): BackendName[] {
  const forced = process.env.TABMIMIC_TF_BACKEND;
  if (forced && (BACKENDS as readonly string[]).includes(forced)) return [forced as BackendName];
  return [...BACKENDS];
}

/** WebAssembly threads: `TABMIMIC_TF_THREADS`, 1 by default, at most the 8 workers the threaded build pre-spawns. */
export function wasmThreads(): number {
  const asked = Number(process.env.TABMIMIC_TF_THREADS);
  return Number.isInteger(asked) && asked >= 1 ? Math.min(MAX_WASM_THREADS, asked) : 1;
}
const MAX_WASM_THREADS = 8;

async function load(order: readonly BackendName[]): Promise<Tensorflow> {
  for (const backend of order) {
    const tf = await importFor(backend);
    if (!tf) continue;
    if (backend === 'wasm') {
      const threads = await activateWasm(tf);
      if (threads) return { tf, backend, threads };
    } else if (await activate(tf, backend)) return { tf, backend, threads: backend === 'cpu' ? 1 : undefined };
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${order.join(', ')})`);
}

async function importFor(backend: BackendName): Promise<Tf | undefined> {
  if (backend === 'tensorflow') {
    // Optional and usually absent: a variable specifier keeps bundlers and tsc from resolving it.
    const nativePackage = '@tensorflow/tfjs-node';
    return (await import(nativePackage).catch(() => undefined)) as Tf | undefined;
  }
  return import('@tensorflow/tfjs');
}

/** setBackend falls back silently on failure, so its answer is checked. */
async function activate(tf: Tf, backend: BackendName): Promise<boolean> {
  const before = processListeners();
  try {
    const ok = await tf.setBackend(backend);
    await tf.ready();
    return ok && tf.getBackend() === backend;
  } catch {
    return false;
  } finally {
    restoreProcessListeners(before);
  }
}

/** The wasm backend, threaded when more than one thread is wanted and that build starts; its thread count, or 0. */
async function activateWasm(tf: Tf): Promise<number> {
  const wasm = (await import('@tensorflow/tfjs-backend-wasm').catch(() => undefined)) as Wasm | undefined;
  if (!wasm) return 0;
  const threads = wasmThreads();
  if (threads > 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    const started = await withNodeThreading(threads, () => activate(tf, 'wasm'));
    if (started) {
      settleWorkers(tf);
      return wasm.getThreadsCount();
    }
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  return (await activate(tf, 'wasm')) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// The threaded wasm build in Node. tfjs ships it for browsers only (it reports no thread support
// under Node), and three browser assumptions stand in the way; each is bridged for the moment
// the backend starts and then put back:
// - the pthread worker script comes as a Blob URL, which Node's Worker cannot open: it gets a
//   data: URL instead, whose module gives the script the CommonJS `require` it expects;
// - each worker then loads the Emscripten module from another Blob: inside the worker, that
//   object URL resolves to the module's file in the package;
// - the pool size is capped at half of `os.cpus()` (hyper-threads, on a desktop): the count is
//   doubled while the module starts, so that the cap is the threads asked for.

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/';

async function withNodeThreading<T>(threads: number, start: () => Promise<T>): Promise<T | false> {
  let workerScript: URL;
  try {
    workerScript = pthreadWorkerScript();
  } catch {
    return false;
  }
  const os = require('node:os') as typeof import('node:os');
  const { cpus } = os;
  const { createObjectURL } = URL;
  const cores = cpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cores[i % cores.length]!);
  // A URL object where tfjs expects a string: it only ever hands it to `new Worker`.
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? (workerScript as unknown as string) : createObjectURL(blob));
  try {
    return await start();
  } finally {
    os.cpus = cpus;
    URL.createObjectURL = createObjectURL;
  }
}

function pthreadWorkerScript(): URL {
  const { wasmWorkerContents } = require(`${WASM_OUT}tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents: string };
  const moduleFile = require.resolve(`${WASM_OUT}tfjs-backend-wasm-threaded-simd.js`);
  const source = [
    `import { createRequire } from 'node:module';`,
    `const moduleFile = ${JSON.stringify(moduleFile)};`,
    `URL.createObjectURL = () => moduleFile;`,
    `URL.revokeObjectURL = () => {};`,
    // The script as a function body: its `require` and `__filename` are what a CommonJS file would
    // see. Its string literals hold raw line breaks, which tfjs escapes too before use.
    `new Function('require', '__filename', ${JSON.stringify(wasmWorkerContents.replace(/\n/g, '\\n'))})(createRequire(moduleFile), moduleFile);`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

interface PThreads {
  readonly runningWorkers: readonly { unref(): void }[];
  readonly unusedWorkers: { terminate(): void }[];
}

/**
 * XNNPACK's pool threads run for the life of the process, and a running worker keeps Node alive:
 * they are unreferenced, so the host exits (and stops on Ctrl-C) as it would without them. The
 * build spawns 8 workers up front; those beyond the pool are ended.
 */
function settleWorkers(tf: Tf): void {
  const pthreads = (tf.backend() as unknown as { wasm?: { PThread?: PThreads } }).wasm?.PThread;
  if (!pthreads) return;
  for (const worker of pthreads.runningWorkers) worker.unref();
  for (const worker of pthreads.unusedWorkers.splice(0)) worker.terminate();
}

// The wasm runtime installs process handlers that rethrow every uncaught error (and print its
// whole minified source); the host's own error handling must stay in charge.
interface ListenerSnapshot {
  readonly uncaught: ReadonlySet<unknown>;
  readonly unhandled: ReadonlySet<unknown>;
}

function processListeners(): ListenerSnapshot {
  return { uncaught: new Set(process.listeners('uncaughtException')), unhandled: new Set(process.listeners('unhandledRejection')) };
}

function restoreProcessListeners(before: ListenerSnapshot): void {
  for (const l of process.listeners('uncaughtException')) if (!before.uncaught.has(l)) process.removeListener('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!before.unhandled.has(l)) process.removeListener('unhandledRejection', l);
}
