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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
  project.provide('webRoot', webRoot);
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  };
}
