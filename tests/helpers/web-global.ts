/**
 * Vitest globalSetup of the browser tests: builds the web app once per run into a scratch folder
 * and starts one headless Chromium, instead of a vite build and a browser in every test file.
 * Each file still starts its own stack and opens its own browser context (tests/helpers/web.ts),
 * so no state crosses files; the build is only read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built web app, shared read-only by every browser test file of this run. */
    webRoot: string;
    /** Playwright endpoint of the run's Chromium; each file connects and opens its own context. */
    chromiumEndpoint: string;
  }
}

interface WebApp {
  readonly webRoot: string;
  readonly endpoint: string;
  /** Browser projects whose run still uses it (see setup). */
  users: number;
  close(): Promise<void>;
}

/** Builds the app and starts Chromium; on a failed build nothing is left behind. */
async function startWebApp(): Promise<WebApp> {
  if (!existsSync(CHROMIUM)) throw new Error('Debian chromium is required: apt-get install chromium (.ci/run installs it)');
  const scratch = await mkdtemp(join(tmpdir(), 'tabmimic-webapp-'));
  const webRoot = join(scratch, 'web');
  // The browser starts while the app builds: neither needs the other.
  const launching = chromium.launchServer({ executablePath: CHROMIUM, args: FLAGS });
  try {
    await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
  } catch (error) {
    await (await launching).close();
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const server = await launching;
  return {
    webRoot,
    endpoint: server.wsEndpoint(),
    users: 0,
    close: async () => {
      await server.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

// Two browser projects (files sharing their workers, and the few that keep a fresh one: vitest.config.ts) each run
// this globalSetup, in vitest's one main process: they share one build and one Chromium through its globalThis.
const SHARED = Symbol.for('tabmimic.webApp');
const shared = globalThis as { [SHARED]?: Promise<WebApp> };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await (shared[SHARED] ??= startWebApp());
  app.users++;
  project.provide('webRoot', app.webRoot);
  project.provide('chromiumEndpoint', app.endpoint);
  return async () => {
    if (--app.users > 0) return;
    delete shared[SHARED];
    await app.close();
  };
}
