/**
 * `npm run bench -- <name> [args]`: runs one benchmark (or all) and writes bench/results/<name>.json.
 * Benchmarks measure; tests never time anything.
 */
const BENCHES: Record<string, string> = {
  ingest: './ingest.ts',
  eda: './eda.ts',
  synth: './synth.ts',
  deep: './deep.ts',
  backends: './backends.ts',
  'table-model': './table-model.ts',
};

const [name = 'all', ...rest] = process.argv.slice(2);
const chosen = name === 'all' ? Object.keys(BENCHES) : [name];
for (const n of chosen) {
  const path = BENCHES[n];
  if (!path) {
    console.error(`Unknown benchmark ${n}; choose one of: ${Object.keys(BENCHES).join(', ')}, all`);
    process.exit(2);
  }
  process.argv = [process.argv[0]!, path, ...rest];
  console.log(`\n== ${n}`);
  await import(path);
}
