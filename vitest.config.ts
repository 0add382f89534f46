import { defineConfig } from 'vitest/config';

/** Test folders of pure functions over in-memory tables: no stack, no environment, no mocks. */
const UNIT = ['synth', 'eda', 'table', 'stats', 'metrics', 'validation', 'features'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend.
    maxWorkers: 2,
    // Projects: the browser tests apart so that their globalSetup (one web build and one Chromium per run)
    // runs only when a browser test does: vitest starts a project's globalSetup only for a run with its files.
    projects: [
      { extends: true, test: { name: 'browser', include: ['tests/web/**/*.test.ts'], exclude: ['tests/web/**/*-pure.test.ts'], globalSetup: ['tests/helpers/web-global.ts'] } },
      // Pure unit tests share their workers' module cache (isolate: false): a third less wall time, as each file no longer
      // imports core and tfjs anew. None of them sets the environment, mocks or spies; the one needing a fresh process spawns it.
      { extends: true, test: { name: 'unit', include: UNIT.map((dir) => `tests/${dir}/**/*.test.ts`), isolate: false } },
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/web/**/!(*-pure).test.ts', ...UNIT.map((dir) => `tests/${dir}/**`)] } },
    ],
  },
});
