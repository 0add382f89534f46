/**
 * A long run seen from the pages around it, in headless Chromium, on a real ctgan job: its source's
 * page, opened again after the Datasets list, says it is running (with Cancel); its generated file,
 * opened mid-run, draws the loss curve from the first epoch; pages left stop polling it; the list tells a conditioned run from
 * an unconditioned one of the same source, generator and seed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded, until } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let sourceId: string;

interface Started {
  job_id: string;
  generated_file_id: string;
}

async function generate(body: Record<string, unknown>): Promise<Started> {
  const started = await call<Started>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: sourceId, ...body } });
  expect(started.status).toBe(202);
  return started.json;
}

/** The latest epoch a job has reported. */
async function epochOf(jobId: string): Promise<number | undefined> {
  const job = await call<{ progress: { metrics?: Record<string, number> } }>(app.stack.url, 'GET', `/synth/jobs/${jobId}`);
  return job.json.progress.metrics?.epoch;
}

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  sourceId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('runs and their files in the web app', () => {
  it('lists a conditioned run with its conditions beside the unconditioned one of the same generator and seed', async () => {
    const plain = await generate({ generator: 'gaussian_copula', rows: 50, seed: 7 });
    const gentoo = await generate({ generator: 'gaussian_copula', rows: 50, seed: 7, conditions: { species: 'Gentoo' } });
    for (const s of [plain, gentoo]) expect((await jobEnded(app.stack.url, s.job_id)).status).toBe('succeeded');
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/`);
    await page.waitForSelector(`#file-list tr[data-file-id="${gentoo.generated_file_id}"]`);
    const origin = (id: string) => page.locator(`#file-list tr[data-file-id="${id}"] td.origin`).innerText();
    expect(await origin(gentoo.generated_file_id)).toMatch(/^synthetic · gaussian_copula where species = Gentoo\s+from penguins\.csv$/);
    expect(await origin(plain.generated_file_id)).toMatch(/^synthetic · gaussian_copula\s+from penguins\.csv$/);
  }, 120_000);

  it('shows a run still going on its source page after a visit to the list, with Cancel; its file draws the loss from the first epoch', async () => {
    // Long enough to outlast the test, short enough that its percentage (5 + 90 × epoch / epochs, rounded) moves
    // every 17 epochs rather than every 56: the test waits for it to move.
    const run = await generate({ generator: 'ctgan', rows: 50, seed: 3, params: { epochs: 1500 } });
    try {
      // Far enough in that a curve starting at the epoch polled first would not start near 1.
      await until(async () => ((await epochOf(run.job_id)) ?? 0) >= 20 || undefined, 'epoch 20', 120_000);
      await app.openDataset(sourceId);
      await page.waitForSelector('#generator');
      // To the list and back, as a user checking on other files does.
      await page.click('nav.crumbs a[href="#/"]');
      await page.waitForSelector(`#file-list tr[data-file-id="${run.generated_file_id}"]`);
      await page.click(`#file-list tr[data-file-id="${sourceId}"] td.name a`);
      const line = page.locator(`#running-jobs li.running-job[data-job-id="${run.job_id}"]`);
      await line.waitFor({ timeout: 20_000 });
      await expect.poll(() => line.innerText(), { timeout: 30_000 }).toMatch(/^A ctgan run is in progress \(\d+ %\) → open its file\s*Cancel$/);
      // The percentage follows the run.
      const percent = async () => Number(/\((\d+) %\)/.exec(await line.innerText())?.[1]);
      const first = await percent();
      await expect.poll(percent, { timeout: 30_000 }).toBeGreaterThan(first);

      // Its file, opened mid-run: the curve from epoch 1, not from the epoch the page first saw.
      await line.locator('a.running-job-file').click();
      await page.waitForSelector('#live-loss svg', { timeout: 20_000 });
      const xDomain = async () => {
        const label = await page.locator('#live-loss svg [aria-label^="X-axis"]').first().getAttribute('aria-label');
        const m = /values from (-?\d+) to (\d+)/.exec(label ?? '');
        return m ? [Number(m[1]), Number(m[2])] : undefined;
      };
      await expect.poll(xDomain, { timeout: 30_000 }).toBeDefined();
      const [from, to] = (await xDomain())!;
      expect(from).toBeLessThanOrEqual(1);
      expect(to).toBeGreaterThanOrEqual(20);
      const job = await call<{ loss_history?: { epoch: number }[] }>(app.stack.url, 'GET', `/synth/jobs/${run.job_id}`);
      expect(job.json.loss_history?.[0]?.epoch).toBe(1);

      // Left for the list, the pages that followed the run stop asking for it (the run goes on).
      await page.click('nav.crumbs a[href="#/"]');
      await page.waitForSelector(`#file-list tr[data-file-id="${sourceId}"]`);
      await page.waitForTimeout(1000); // a poll already on its way
      let polls = 0;
      const count = (r: { url(): string }) => void (r.url().endsWith(`/jobs/${run.job_id}`) && polls++);
      page.on('request', count);
      await page.waitForTimeout(2000);
      page.off('request', count);
      expect(polls).toBe(0);

      // Back on the source: Cancel there stops the run.
      await page.click(`#file-list tr[data-file-id="${sourceId}"] td.name a`);
      await line.waitFor({ timeout: 20_000 });
      await line.locator('button.running-job-cancel').click();
      expect((await jobEnded(app.stack.url, run.job_id, 60_000)).status).toBe('cancelled');
      await expect.poll(() => line.innerText(), { timeout: 30_000 }).toBe('A ctgan run was cancelled → open its file');
      await app.shot('running-jobs-cancelled');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await call(app.stack.url, 'DELETE', `/synth/jobs/${run.job_id}`);
    }
  }, 300_000);
});
