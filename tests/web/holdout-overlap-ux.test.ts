/**
 * In headless Chromium: a utility holdout sharing rows with the training rows only as the table
 * repeats rows by itself gets a quiet note, not the overlap warning; the privacy section says which
 * holdout rows the DCR share and membership attack use; a datetime fill reads as a date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, generated, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** 12 distinct rows repeated: any split of them shares most rows, as titanic without names does. */
const fewDistinct = (n: number, offset: number) =>
  ['sex,class,survived', ...Array.from({ length: n }, (_, i) => `${['male', 'female'][(i + offset) % 2]},${['1st', '2nd', '3rd'][(i + offset) % 3]},${['yes', 'no'][Math.floor((i + offset) / 6) % 2]}`)].join('\n') + '\n';

const generatedId = async (fileId: string): Promise<string> =>
  (await generated(app.stack.url, { file_id: fileId, generator: 'gaussian_copula', seed: 5, rows: 150 })).generated_file_id;

describe('holdout overlap and holdout measures', () => {
  it('a holdout of rows the table repeats by itself: a quiet note, no overlap warning', async () => {
    const train = await app.upload('few-train.csv', fewDistinct(240, 0));
    const holdout = await app.upload('few-holdout.csv', fewDistinct(120, 1));
    const synthetic = await generatedId(train);
    const u = await call<{ holdout_overlap: { rows: number; of: number; share: number; expected_share: number; overlapping: boolean } }>(app.stack.url, 'POST', '/validation/utility', {
      json: { real_file_id: train, synthetic_file_id: synthetic, holdout_file_id: holdout, target: 'survived' },
    });
    expect(u.json.holdout_overlap.rows).toBe(120);
    expect(u.json.holdout_overlap.overlapping).toBe(false);
    await app.openDataset(synthetic);
    await page.waitForSelector(`#utility-holdout option[value="${holdout}"]`, { state: 'attached', timeout: 30_000 });
    await page.selectOption('#utility-holdout', holdout);
    await page.selectOption('#utility-target', 'survived');
    await page.click('#utility-run');
    await page.waitForSelector('#utility-synthetic', { timeout: 60_000 });
    expect(await page.locator('#utility-overlap').count()).toBe(0);
    expect(await page.textContent('#utility-overlap-note')).toBe(
      `120 of 120 holdout rows (100.0 %) equal a training row, not clearly more often than training rows equal each other (${(u.json.holdout_overlap.expected_share * 100).toFixed(1)} %): rows this table repeats by itself, not an overlap.`,
    );
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('the privacy section says which holdout rows the DCR share and membership attack use', async () => {
    const train = await app.upload('few-train-2.csv', fewDistinct(60, 2));
    const synthetic = await generatedId(train);
    // The page asks for privacy without a holdout: the reply with one is the API's, with a holdout's fields added.
    await page.route(/\/validation\/privacy$/, async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Record<string, unknown>;
      const holdout_overlap = { rows: 80, of: 200, share: 0.4, expected_share: 0, p_value: 1e-12, overlapping: true };
      await route.fulfill({ response, json: { ...json, holdout_overlap, holdout_measures: { basis: 'unseen_holdout', rows: 120, note: '' } } });
    });
    try {
      await app.openDataset(synthetic);
      await page.waitForSelector('#privacy-holdout-measures', { timeout: 30_000 });
      expect(await page.textContent('#privacy-holdout-measures')).toBe(
        'DCR share and membership attack use the 120 holdout rows not in the training rows: the others were seen in training, so they cannot stand for unseen rows.',
      );
      expect(await page.textContent('#privacy-holdout-overlap')).toMatch(/^80 of 200 holdout rows are also in the training rows/);
      expect(await page.locator('#privacy-holdout-twins').count()).toBe(0);
    } finally {
      await page.unroute(/\/validation\/privacy$/);
    }
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('a datetime fill reads as a date in the column’s format, not epoch milliseconds', async () => {
    const source = await app.upload('visits.csv', 'visit,count\n25/12/2019,1\n,2\n03/01/2020,3\n14/02/2020,4\n');
    const started = await call<{ job_id: string; file_id: string }>(app.stack.url, 'POST', '/features/apply', {
      json: { file_id: source, steps: [{ kind: 'impute', column: 'visit', strategy: 'constant', value: '01/03/2020' }] },
    });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.file_id);
    await page.waitForSelector('#applied-steps .fitted');
    expect(await page.textContent('#applied-steps .fitted')).toBe(' — fills with 01/03/2020');
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
