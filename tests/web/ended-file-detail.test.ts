/**
 * A failed or cancelled generated file's page shows its job's panel, which says the file's own reason
 * (failOutputFile wrote it: its source was deleted, say) rather than the job's, before the curve the
 * job kept is drawn. The file and its job are played by routes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
beforeAll(async () => {
  app = await startWebApp();
}, 240_000);
afterAll(async () => {
  await app?.close();
});

const now = new Date().toISOString();
const history = Array.from({ length: 4 }, (_, i) => ({ epoch: i + 1, loss: { generator: 2 - i * 0.1, discriminator: 0.5 } }));
const fileMeta = (id: string, detail: string, cancelled: boolean) => ({
  file_id: id,
  filename: 'penguins-ctgan.csv',
  content_type: 'text/csv',
  size: 0,
  status: 'failed',
  failure: { detail, ...(cancelled ? { cancelled } : {}) },
  created_at: now,
  lineage: { operation: 'synthesize', details: { job_id: `j_${id}`, model_id: 'm_gone' } },
});
const job = (id: string, status: 'failed' | 'cancelled') => ({
  job_id: `j_${id}`,
  status,
  progress: { step: 'fit', percent: 30 },
  loss_history: history,
  ...(status === 'failed' ? { error: { detail: 'The job’s own error.' } } : {}),
  created_at: now,
  updated_at: now,
  finished_at: now,
});

async function open(id: string, detail: string, status: 'failed' | 'cancelled') {
  const context = app.page.context();
  await context.route(`**/files/${id}`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(fileMeta(id, detail, status === 'cancelled')) }));
  await context.route(`**/jobs/j_${id}`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(job(id, status)) }));
  await app.openDataset(id);
  await app.page.waitForSelector('#job-status:not(:empty)', { timeout: 20_000 });
}

it('a cancelled file whose source was deleted says so, not only "Cancelled.", and draws the curve the job kept', async () => {
  await open('f_cut', 'Its source file f_src was deleted before it finished.', 'cancelled');
  expect(await app.page.textContent('#job-status')).toBe('Its source file f_src was deleted before it finished.');
  await app.page.waitForSelector('#live-loss svg', { timeout: 30_000 });
  expect(await app.page.isHidden('#error')).toBe(true);
});

it('a failed file says its own reason, marked a failure', async () => {
  await open('f_failed', 'The fit ran out of memory.', 'failed');
  expect(await app.page.textContent('#job-status')).toBe('Failed: The fit ran out of memory.');
  expect(await app.page.getAttribute('#job-status', 'class')).toContain('failure');
});
