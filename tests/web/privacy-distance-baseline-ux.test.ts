/**
 * In headless Chromium, titanic + gaussian copula: DCR baseline protection and NNDR sit near 0 because
 * real rows repeat each other (the name left out); the privacy table no longer reads "risk" on them,
 * and a line under it says what real rows score among themselves.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("DCR and NNDR against real rows' own figures on a generated file's page", () => {
  it('shows both safe, and what real rows score among themselves', async () => {
    const page = app.page;
    const source = await app.upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: source, generator: 'gaussian_copula', seed: 3 } });
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.generated_file_id);
    await page.waitForSelector('#privacy-table', { timeout: 60_000 });
    for (const label of ['DCR baseline protection', 'NNDR']) expect(await page.locator(`#privacy-table tr:has-text("${label}") .badge`).textContent(), label).toBe('safe');
    expect(await page.textContent('#privacy-distance-baseline')).toMatch(
      /^Real rows, each measured against the other real rows, score 0\.000 on DCR baseline protection and 0\.000 on NNDR — at least half of them equal another real row/,
    );
    // No holdout here: no overlap to warn of.
    expect(await page.locator('#privacy-holdout-overlap').count()).toBe(0);
  }, 180_000);
});
