/**
 * `npm run bench -- <name> [args]`: runs one benchmark (or all) and writes bench/results/<name>.json.
 * Benchmarks measure; tests never time anything.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { RESULTS_DIR_ENV } from './machine.js';

const BENCHES: Record<string, string> = {
  ingest: './ingest.ts',
  eda: './eda.ts',
  synth: './synth.ts',
  strata: './strata.ts',
  deep: './deep.ts',
  backends: './backends.ts',
  'table-model': './table-model.ts',
  'versus-sdv': './versus-sdv.ts',
};

/** Run compiled, in a node of their own (`runCompiled`): what they measure is the shipped code's speed. */
const COMPILED = new Set(['ingest']);

/**
 * Runs a benchmark as compiled JavaScript in a plain `node`, not through tsx: bundled with esbuild
 * (the same compiler tsx uses, so the same code), with the worker threads' scripts as further
 * entry points beside it. Through tsx, ingest ran 5–10 % slower than the same code bundled, as it
 * ships, and its worker thread would have to compile the TypeScript again before it could start.
 */
const ROOT = new URL('../', import.meta.url);
/** Worker threads' scripts, each bundled beside the benchmark where the code that starts it looks. */
const WORKERS = ['core/table/ingest-worker.ts'];
/** Inside node_modules, so the bundle's imports of packages resolve to the project's. */
const OUT = new URL('node_modules/.cache/tabmimic-bench/', ROOT);

async function runCompiled(bench: string, args: readonly string[]): Promise<void> {
  const outdir = fileURLToPath(OUT);
  await build({
    entryPoints: {
      [bench]: fileURLToPath(new URL(`bench/${bench}.ts`, ROOT)),
      ...Object.fromEntries(WORKERS.map((path) => [basename(path, '.ts'), fileURLToPath(new URL(path, ROOT))])),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  });
  await mkdir(outdir, { recursive: true });
  // Node reads a .js file below node_modules as CommonJS unless its package says otherwise.
  await writeFile(new URL('package.json', OUT), '{ "type": "module" }\n');
  const child = spawn(process.execPath, [fileURLToPath(new URL(`${bench}.js`, OUT)), ...args], {
    stdio: 'inherit',
    env: { ...process.env, [RESULTS_DIR_ENV]: fileURLToPath(new URL('bench/results', ROOT)) },
  });
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('exit', resolve));
  if (code !== 0) throw new Error(`Benchmark ${bench} exited with ${code}`);
}

const [name = 'all', ...rest] = process.argv.slice(2);
const chosen = name === 'all' ? Object.keys(BENCHES) : [name];
for (const n of chosen) {
  const path = BENCHES[n];
  if (!path) {
    console.error(`Unknown benchmark ${n}; choose one of: ${Object.keys(BENCHES).join(', ')}, all`);
    process.exit(2);
  }
  console.log(`\n== ${n}`);
  if (COMPILED.has(n)) {
    await runCompiled(n, rest);
    continue;
  }
  process.argv = [process.argv[0]!, path, ...rest];
  await import(path);
}
