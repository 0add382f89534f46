/**
 * A features job followed from the dataset page stops being polled once the user leaves the page
 * (the job runs on), as the generation panel's does: it had polled every 300 ms until the job ended.
 * The job is played by routes and never ends, so any poll after leaving is one too many.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataset } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let sourceId: string;
beforeAll(async () => {
  app = await startWebApp();
  sourceId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
}, 120_000);
afterAll(async () => {
  await app?.close();
});

it('stops polling an applied features job once its page is left', async () => {
  const { page } = app;
  const context = page.context();
  let polls = 0;
  await context.route('**/features/apply', (route) => route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify({ job_id: 'j_feat', file_id: sourceId }) }));
  await context.route('**/jobs/j_feat', (route) => {
    polls++;
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ job_id: 'j_feat', status: 'running', progress: { step: 'apply', percent: 10 } }) });
  });
  try {
    await app.openDataset(sourceId);
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestion-0');
    await page.check('#suggestion-0');
    await page.click('#apply-features');
    await expect.poll(() => polls, { timeout: 30_000 }).toBeGreaterThan(2);
    await page.click('nav.crumbs a[href="#/"]');
    await page.waitForSelector(`#file-list tr[data-file-id="${sourceId}"]`);
    await page.waitForTimeout(1000); // a poll already on its way
    const before = polls;
    await page.waitForTimeout(2000);
    expect(polls).toBe(before);
  } finally {
    await context.unroute('**/features/apply');
    await context.unroute('**/jobs/j_feat');
  }
}, 120_000);
