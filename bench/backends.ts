/**
 * `npm run bench -- backends`: milliseconds per training step of CTGAN's critic-sized MLP
 * (100 → 256 → 256 → 1, batch 500, Adam) on each TensorFlow.js backend this machine can start,
 * WebAssembly on one thread (its default) and on one per core (`TABMIMIC_TF_THREADS`). Each runs
 * in its own process, since a process keeps the first backend it loads.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { tensorflow } from '../core/synth/neural/tf.js';
import { Adam, Params, normals } from '../core/synth/neural/nn.js';
import { Rng } from '../core/random.js';
import { writeResult } from './machine.js';

const STEPS = 20;

/** The backends to try, with the environment that selects each; threaded wasm where there are cores for it. */
const VARIANTS: readonly { backend: string; env: Record<string, string> }[] = [
  { backend: 'tensorflow', env: {} },
  { backend: 'wasm', env: {} },
  ...(availableParallelism() > 1 ? [{ backend: 'wasm', env: { TABMIMIC_TF_THREADS: String(availableParallelism()) } }] : []),
  { backend: 'cpu', env: {} },
];

async function measure(): Promise<void> {
  const { tf, backend, threads } = await tensorflow();
  const rng = Rng.seeded(1);
  const p = new Params(tf);
  p.dense('l1', 100, 256, rng);
  p.dense('l2', 256, 256, rng);
  p.dense('l3', 256, 1, rng);
  const adam = new Adam(tf, p, { lr: 2e-4, beta1: 0.5, beta2: 0.9 });
  const x = tf.tensor2d(normals(500 * 100, rng), [500, 100]);
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(p.apply('l3', tf.relu(p.apply('l2', tf.relu(p.apply('l1', x))))))) as ReturnType<typeof tf.scalar>, adam.variables());
      adam.apply(grads);
      return value.dataSync()[0];
    });
  step();
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) step();
  console.log(JSON.stringify({ backend, threads, ms_per_step: Math.round(((performance.now() - t0) / STEPS) * 10) / 10 }));
}

if (process.env.BENCH_BACKEND_CHILD) await measure();
else {
  const results = VARIANTS.map(({ backend, env }) => {
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, TABMIMIC_TF_THREADS: undefined, ...env, BENCH_BACKEND_CHILD: '1', TABMIMIC_TF_BACKEND: backend },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return JSON.parse(out.trim().split('\n').at(-1)!) as { backend: string; threads?: number; ms_per_step: number };
    } catch {
      const note = backend === 'tensorflow' ? 'not available on this machine (tfjs-node needs a native library its install downloads)' : 'did not start';
      return { backend, ms_per_step: null, note };
    }
  });
  for (const r of results) console.log(JSON.stringify(r));
  console.log(await writeResult('backends', { workload: 'MLP 100→256→256→1, batch 500, Adam, one step incl. gradients', results }));
}
