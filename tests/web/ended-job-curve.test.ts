/**
 * The job panel draws an ended fit's curve from the job's own loss_history: a cancelled or failed
 * fit stores no model to draw it from. The first run is played by routes: its readings carry only the
 * latest epoch (no history), then it ends cancelled with the curve from epoch 1, which is drawn. The
 * second is a real ctgan run cancelled before its file's page is opened: the page shows the ended panel.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, dataset, jobEnded, until } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let sourceId: string;
beforeAll(async () => {
  app = await startWebApp();
  sourceId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 240_000);
afterAll(async () => {
  await app?.close();
});

it('a cancelled fit: the panel shows "Cancelled." and the curve the job kept, from epoch 1', async () => {
  const { page } = app;
  const context = page.context();
  let polls = 0;
  const history = Array.from({ length: 6 }, (_, i) => ({ epoch: i + 1, loss: { generator: 2 - i * 0.1, discriminator: 0.5 } }));
  const job = () => {
    const ended = ++polls > 2;
    return {
      job_id: 'j_ended',
      status: ended ? 'cancelled' : 'running',
      progress: { step: 'fit', percent: 20, metrics: { epoch: 6, generator: 1.5, discriminator: 0.5 } },
      ...(ended ? { loss_history: history, finished_at: new Date().toISOString() } : {}),
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    };
  };
  await context.route('**/synth/generate', (route) =>
    route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify({ job_id: 'j_ended', generated_file_id: sourceId, model_id: 'm_ended' }) }),
  );
  await context.route('**/jobs/j_ended', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(job()) }));
  try {
    await app.openDataset(sourceId);
    await page.waitForSelector('#generator');
    await page.selectOption('#generator', 'ctgan');
    await page.click('#generate-submit');
    await expect.poll(() => page.textContent('#job-status'), { timeout: 20_000 }).toBe('Cancelled.');
    const xDomain = async () => {
      const label = await page.locator('#live-loss svg [aria-label^="X-axis"]').first().getAttribute('aria-label');
      const m = /values from (-?\d+) to (\d+)/.exec(label ?? '');
      return m ? [Number(m[1]), Number(m[2])] : undefined;
    };
    // Drawn from the job's history, not only the epoch the readings named.
    await expect.poll(xDomain, { timeout: 30_000 }).toEqual([1, 6]);
    expect(await page.isVisible('#live-loss')).toBe(true);
  } finally {
    await context.unroute('**/synth/generate');
    await context.unroute('**/jobs/j_ended');
  }
}, 120_000);

it('a cancelled run’s file, opened after it ended, shows the job’s panel: the file’s reason and the curve it kept', async () => {
  const { page } = app;
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', {
    json: { file_id: sourceId, generator: 'ctgan', rows: 50, seed: 3, params: { epochs: 5000 } },
  });
  expect(started.status).toBe(202);
  const { job_id: jobId, generated_file_id: fileId } = started.json;
  const epoch = async () => (await call<{ progress: { metrics?: { epoch?: number } } }>(app.stack.url, 'GET', `/synth/jobs/${jobId}`)).json.progress.metrics?.epoch;
  await until(async () => ((await epoch()) ?? 0) >= 3 || undefined, 'epoch 3', 120_000);
  await call(app.stack.url, 'DELETE', `/synth/jobs/${jobId}`);
  expect((await jobEnded(app.stack.url, jobId)).status).toBe('cancelled');

  await app.openDataset(fileId);
  // The file's own reason (failOutputFile's), which says more of this file than the job's status.
  await expect.poll(() => page.textContent('#job-status'), { timeout: 20_000 }).toBe('Cancelled before it finished.');
  await page.waitForSelector('#live-loss svg', { timeout: 30_000 });
  const label = await page.locator('#live-loss svg [aria-label^="X-axis"]').first().getAttribute('aria-label');
  expect(/values from (-?\d+) to/.exec(label ?? '')?.[1]).toBe('1');
  // Nothing live about it: no bar, no Cancel, no error banner.
  expect(await page.isHidden('#job-progress')).toBe(true);
  expect(await page.isHidden('#job-cancel')).toBe(true);
  expect(await page.isHidden('#error')).toBe(true);
}, 180_000);
