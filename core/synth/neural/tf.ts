/**
 * The one place TensorFlow.js is loaded, lazily (API handlers that never train do not pay for it).
 * Backend choice, fastest first: the native `tensorflow` backend when `@tensorflow/tfjs-node` is
 * installed (the container image can have it; its install needs network), else WebAssembly with
 * SIMD, else plain JavaScript. `TABMIMIC_TF_BACKEND` forces one. Models are reproducible to the
 * byte on the same backend; different backends round differently.
 */
import type * as Tfjs from '@tensorflow/tfjs';

export type Tf = typeof Tfjs;
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Tensorflow {
  readonly tf: Tf;
  readonly backend: BackendName;
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

async function load(order: readonly BackendName[]): Promise<Tensorflow> {
  for (const backend of order) {
    const tf = await importFor(backend);
    if (tf && (await activate(tf, backend))) return { tf, backend };
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${order.join(', ')})`);
}

async function importFor(backend: BackendName): Promise<Tf | undefined> {
  if (backend === 'tensorflow') {
    // Optional and usually absent: a variable specifier keeps bundlers and tsc from resolving it.
    const nativePackage = '@tensorflow/tfjs-node';
    return (await import(nativePackage).catch(() => undefined)) as Tf | undefined;
  }
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm').catch(() => undefined);
  return tf;
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
