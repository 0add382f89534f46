import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend.
    maxWorkers: 2,
    // Two projects so that the browser tests' globalSetup (one web build and one Chromium per run)
    // runs only when a browser test does: vitest starts a project's globalSetup only for a run with its files.
    projects: [
      { extends: true, test: { name: 'browser', include: ['tests/web/**/*.test.ts'], exclude: ['tests/web/**/*-pure.test.ts'], globalSetup: ['tests/helpers/web-global.ts'] } },
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/web/**/!(*-pure).test.ts'] } },
    ],
  },
});
