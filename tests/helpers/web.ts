/**
 * The web app in headless Chromium (Debian's package, driven by playwright-core) on its own
 * embedded stack: the run's globalSetup (tests/helpers/web-global.ts) builds the app once and
 * starts one Chromium; each test file starts its own stack serving that build and opens one page,
 * in a browser context of its own, that records console errors. Screenshots go to
 * tests/artifacts/ (git-ignored).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startStack, type RunningStack } from '../../local/stack.js';
import { dataset, uploadDirect } from './stack.js';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface WebApp {
  readonly stack: RunningStack;
  /** This file's own connection to the run's Chromium: pages it opens share nothing with other files. */
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and uncaught page errors, plus any console text `alsoRecord` picks. */
  readonly consoleErrors: string[];
  /** A fresh load of a dataset page: changing only the hash re-renders in place, so a selector could still match the page being replaced. */
  openDataset(fileId: string): Promise<void>;
  /** Uploads a small file directly; its id, once it is ready (anything but a 201 throws). */
  upload(name: string, content: string, type?: string): Promise<string>;
  shot(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startWebApp(options: { viewport?: { width: number; height: number }; alsoRecord?: (text: string) => boolean } = {}): Promise<WebApp> {
  const webRoot = inject('webRoot');
  const endpoint = inject('chromiumEndpoint');
  if (!webRoot || !endpoint) throw new Error('startWebApp needs the globalSetup in tests/helpers/web-global.ts (the browser project of vitest.config.ts runs it)');
  const scratch = await mkdtemp(join(tmpdir(), 'tabmimic-web-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const [stack, browser] = await Promise.all([startStack({ dataDir: join(scratch, 'data'), port: 0, webRoot }), chromium.connect(endpoint)]);
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || options.alsoRecord?.(m.text())) && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  return {
    stack,
    browser,
    page,
    consoleErrors,
    openDataset: async (fileId) => {
      await page.goto('about:blank');
      await page.goto(`${stack.url}/#/files/${fileId}`);
    },
    upload: async (name, content, type = 'text/csv') => {
      const r = await uploadDirect<{ file_id: string }>(stack.url, name, content, type);
      if (r.status !== 201) throw new Error(`upload of ${name} answered ${r.status}: ${r.text}`);
      return r.json.file_id;
    },
    shot: (name) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true }),
    close: async () => {
      // Closing a connected browser closes this file's contexts and disconnects; the run's Chromium stays.
      await browser.close();
      await stack.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Penguins split by row and uploaded: every fifth row held out (`penguins-holdout.csv`), the rest to generate from (`penguins-train.csv`). */
export async function uploadPenguinsSplit(app: WebApp): Promise<{ train: string; holdout: string }> {
  const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
  const part = (keep: (i: number) => boolean) => [header, ...rows.filter((_, i) => keep(i))].join('\n') + '\n';
  const train = await app.upload('penguins-train.csv', part((i) => i % 5 !== 0));
  const holdout = await app.upload('penguins-holdout.csv', part((i) => i % 5 === 0));
  return { train, holdout };
}
