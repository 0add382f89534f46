/**
 * The web app in headless Chromium (Debian's package, driven by playwright-core) on its own
 * embedded stack: each test file builds the app into a scratch folder (files running alongside
 * must not share web/dist), starts a stack serving it, and opens one page that records console
 * errors. Screenshots go to tests/artifacts/ (git-ignored).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startStack, type RunningStack } from '../../local/stack.js';
import { uploadDirect } from './stack.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

export interface WebApp {
  readonly stack: RunningStack;
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
  if (!existsSync(CHROMIUM)) throw new Error('Debian chromium is required: apt-get install chromium (.ci/run installs it)');
  const scratch = await mkdtemp(join(tmpdir(), 'tabmimic-web-'));
  const webRoot = join(scratch, 'web');
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
  await mkdir(ARTIFACTS, { recursive: true });
  const stack = await startStack({ dataDir: join(scratch, 'data'), port: 0, webRoot });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
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
      await browser.close();
      await stack.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
