/**
 * The multi-threaded WebAssembly backend (core/synth/neural/tf.ts). A process keeps the first
 * backend it loads, so each case runs in a child process of its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** A CTGAN fit in a fresh process: its backend, thread count, model and sample digests, and the process handlers left behind. */
const FIT = `
import { createHash } from 'node:crypto';
const { tensorflow } = await import(${JSON.stringify(root('core/synth/neural/tf.ts'))});
const { ctgan, CtganParams } = await import(${JSON.stringify(root('core/synth/ctgan.ts'))});
const { writeCsv } = await import(${JSON.stringify(root('core/table/csv.ts'))});
const { Rng } = await import(${JSON.stringify(root('core/random.ts'))});
const before = ['uncaughtException', 'unhandledRejection', 'exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
const { backend, threads } = await tensorflow();
const rng = Rng.seeded(1);
const n = 300;
const kind = Int32Array.from({ length: n }, () => rng.int(0, 2));
const table = { rowCount: n, columns: [
  { type: 'categorical', name: 'kind', codes: kind, categories: ['a', 'b', 'c'] },
  { type: 'float', name: 'x', values: Float64Array.from(kind, (k) => 10 * k + rng.normal()), decimals: 3 },
  { type: 'float', name: 'y', values: Float64Array.from({ length: n }, () => rng.uniform() * 5), decimals: 3 },
] };
const params = CtganParams.parse({ epochs: 2, batch_size: 150, generator_dim: [128, 128], discriminator_dim: [128, 128] });
const model = await ctgan.fit(table, params, Rng.seeded(2));
const digest = (s) => createHash('sha256').update(s).digest('hex');
const after = ['uncaughtException', 'unhandledRejection', 'exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
console.log(JSON.stringify({ backend, threads, model: digest(model.save()), sample: digest(writeCsv(model.sample(300, Rng.seeded(3)))), before, after }));
`;

/** Trains until killed; says when the first epoch is done. Stops on SIGINT as \`npm start\` does. */
const TRAIN = `
const { tensorflow } = await import(${JSON.stringify(root('core/synth/neural/tf.ts'))});
const { ctgan, CtganParams } = await import(${JSON.stringify(root('core/synth/ctgan.ts'))});
const { Rng } = await import(${JSON.stringify(root('core/random.ts'))});
process.on('SIGINT', () => process.exit(0));
await tensorflow();
const rng = Rng.seeded(1);
const table = { rowCount: 500, columns: [{ type: 'float', name: 'x', values: Float64Array.from({ length: 500 }, () => rng.normal()), decimals: 3 }] };
await ctgan.fit(table, CtganParams.parse({ epochs: 5000, batch_size: 500 }), Rng.seeded(2), (_, __, metrics) => {
  if (metrics?.epoch === 1) console.log('training');
});
`;

function childEnv(threads: number): NodeJS.ProcessEnv {
  return { ...process.env, TABMIMIC_TF_BACKEND: 'wasm', TABMIMIC_TF_THREADS: String(threads) };
}

interface FitReport {
  readonly backend: string;
  readonly threads: number;
  readonly model: string;
  readonly sample: string;
  readonly before: number[];
  readonly after: number[];
}

function fitInChild(threads: number): FitReport {
  // A timeout here is the failure to look for: worker threads left running keep a process alive.
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', FIT], { cwd: root(''), env: childEnv(threads), encoding: 'utf8', timeout: 90_000 });
  expect(child.error).toBeUndefined();
  expect(child.status, child.stderr.slice(0, 2000)).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as FitReport;
}

describe('TensorFlow.js on threaded WebAssembly', () => {
  it('starts in Node, gives the single-threaded bytes, leaves no handlers, and lets the process end', () => {
    const threaded = fitInChild(2);
    const single = fitInChild(1);
    expect([threaded.backend, threaded.threads]).toEqual(['wasm', 2]);
    expect([single.backend, single.threads]).toEqual(['wasm', 1]);
    // XNNPACK splits a product by output tiles, each summed by one thread in one order.
    expect(threaded.model).toBe(single.model);
    expect(threaded.sample).toBe(single.sample);
    expect(threaded.after).toEqual(threaded.before);
  }, 240_000);

  it('stops mid-training on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', TRAIN], { cwd: root(''), env: childEnv(2), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('training') && resolve());
      void exited.then(() => reject(new Error('the child ended before training')));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 120_000);
});
