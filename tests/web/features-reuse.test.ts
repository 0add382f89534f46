/**
 * The web app in headless Chromium, for a UX review of feature engineering (.prof/s20/ux items 7 and
 * 11): a feature-applied file lists what each step learned and applies the same fitted steps to
 * another file (a holdout), saying a refusal under the picker; Suggest says it is working, and
 * Suggest, Apply and the full report leave focus on what they made (or on the button, on failure)
 * rather than on the page's body.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let sourceId: string;
let holdoutId: string;
let derivedId: string;
let pipeline: { steps: { spec: Record<string, unknown>; fitted: Record<string, unknown> }[] };

const STEPS = [
  { kind: 'impute', column: 'body_mass_g', strategy: 'mean', indicator: false },
  { kind: 'scale', column: 'bill_depth_mm', method: 'standard' },
  { kind: 'ordinal', column: 'sex' },
  { kind: 'target_encode', column: 'island', target: 'body_mass_g', folds: 5, smoothing: 10 },
];

const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  const csv = await readFile(dataset('penguins.csv'), 'utf8');
  sourceId = await app.upload('penguins.csv', csv);
  holdoutId = await app.upload('penguins-holdout.csv', csv.split('\n').slice(0, 61).join('\n') + '\n');
  await app.upload('unrelated.csv', 'a,b\n1,2\n3,4\n');
  const started = await call<{ job_id: string; file_id: string; pipeline: typeof pipeline }>(app.stack.url, 'POST', '/features/apply', { json: { file_id: sourceId, steps: STEPS } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  derivedId = started.json.file_id;
  pipeline = started.json.pipeline;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a feature pipeline, read and reused', () => {
  it('lists what each step learned, numbers written as the statistics are', async () => {
    await app.openDataset(derivedId);
    await page.waitForSelector('#applied-steps li');
    const steps = await page.locator('#applied-steps li').allInnerTexts();
    const imputed = pipeline.steps[0]!.fitted.value as number;
    expect(steps[0]).toBe(`Fill missing body_mass_g (mean) — fills with ${imputed}`);
    expect(steps[1]).toMatch(/^Scale bill_depth_mm .* — mean 17\.\d{1,2}, sd 1\.\d{1,3}$/);
    expect(steps[2]).toMatch(/^Ordinal encode sex — 0 = “(fe)?male”, 1 = “(fe)?male”$/);
    expect(steps[3]).toMatch(/^Target encode island by body_mass_g — smoothed mean of body_mass_g: “\w+” \d+, “\w+” \d+, “\w+” \d+; other levels and missing values \d+$/);
  });

  it('applies the same fitted steps to a holdout picked from the files having their columns, and focuses the new file', async () => {
    await app.openDataset(derivedId);
    await page.waitForSelector(`#apply-pipeline-file option[value="${holdoutId}"]`, { state: 'attached' });
    const offered = await page.locator('#apply-pipeline-file option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered.sort()).toEqual([holdoutId, sourceId].sort()); // not unrelated.csv, not this file
    await page.selectOption('#apply-pipeline-file', holdoutId);
    await page.click('#apply-pipeline');
    await page.waitForSelector('#pipeline-created', { timeout: 60_000 });
    expect(await focused()).toBe('pipeline-created');
    const newId = (await page.getAttribute('#pipeline-created', 'href'))!.replace('#/files/', '');
    const made = await call<{ rows: number; lineage: { parent: string; details: { pipeline: unknown } } }>(app.stack.url, 'GET', `/files/${newId}`);
    expect(made.json.lineage.parent).toBe(holdoutId);
    expect(made.json.rows).toBe(60);
    expect(made.json.lineage.details.pipeline).toEqual(pipeline); // as recorded, not refitted on the holdout
  }, 90_000);

  it('says the API’s refusal under the picker and gives focus back to the button', async () => {
    // Every column the steps read, but bill_depth_mm as words: scaling it is refused.
    const wordy = await app.upload('penguins-words.csv', 'species,island,bill_depth_mm,body_mass_g,sex\nAdelie,Biscoe,thin,3750,male\nGentoo,Dream,thick,5000,female\n');
    const refused = await call(app.stack.url, 'POST', '/features/apply', { json: { file_id: wordy, pipeline } });
    expect(refused.status).toBe(422);
    await app.openDataset(derivedId);
    await page.waitForSelector(`#apply-pipeline-file option[value="${wordy}"]`, { state: 'attached' });
    await page.click('#apply-pipeline');
    expect(await page.textContent('#apply-pipeline-error')).toBe('Choose a file to apply the steps to.');
    await page.selectOption('#apply-pipeline-file', wordy);
    await page.click('#apply-pipeline');
    await page.waitForSelector('#apply-pipeline-error:not([hidden])');
    await expect.poll(() => page.textContent('#apply-pipeline-error'), { timeout: 20_000 }).toBe(refused.json.detail);
    expect(await focused()).toBe('apply-pipeline');
    expect(await page.isEnabled('#apply-pipeline')).toBe(true);
  });
});

describe('feedback and focus', () => {
  it('says suggestions are being looked for, then focuses the first one', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.context().route('**/features/suggestions', async (route: Route) => {
      await held;
      await route.continue();
    });
    try {
      await app.openDataset(sourceId);
      await page.waitForSelector('#load-suggestions');
      await page.focus('#load-suggestions');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.textContent('#features-status'), { timeout: 20_000 }).toBe('Looking for suggestions…');
      expect(await page.getAttribute('#features-status', 'aria-live')).toBe('polite');
      expect(await page.getAttribute('section[aria-labelledby="features-h"]', 'aria-busy')).toBe('true');
      release();
      await page.waitForSelector('#suggestion-0');
      await expect.poll(focused, { timeout: 20_000 }).toBe('suggestion-0');
      expect(await page.textContent('#features-status')).not.toContain('Looking');
      expect(await page.getAttribute('section[aria-labelledby="features-h"]', 'aria-busy')).toBeNull();
    } finally {
      await page.context().unroute('**/features/suggestions');
    }
  });

  it('gives focus back to Suggest when it fails', async () => {
    await page.context().route('**/features/suggestions', (route) =>
      route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'No.' }) }),
    );
    try {
      await app.openDataset(sourceId);
      await page.waitForSelector('#load-suggestions');
      await page.click('#load-suggestions');
      await expect.poll(() => page.textContent('#error .banner-text'), { timeout: 20_000 }).toBe('No.');
      expect(await focused()).toBe('load-suggestions');
      expect(await page.textContent('#features-status')).toBe('');
    } finally {
      await page.context().unroute('**/features/suggestions');
    }
  });

  it('focuses the created file’s link after Apply', async () => {
    await app.openDataset(sourceId);
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestion-0');
    await page.check('#suggestion-0');
    await page.click('#apply-features');
    await page.waitForSelector('#features-created', { timeout: 60_000 });
    expect(await focused()).toBe('features-created');
  }, 90_000);
});

describe('the full report button', () => {
  it('focuses the report link once built, and the button again when building fails', async () => {
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: sourceId, generator: 'gaussian_copula', rows: 80, seed: 1 } });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    const context = page.context();
    await context.route('**/report-stub/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>report</title><p>report</p>' }));
    try {
      await context.route('**/validation/report', (route) =>
        route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'Not now.' }) }),
      );
      await app.openDataset(started.json.generated_file_id);
      await page.waitForSelector('#report-button');
      await page.click('#report-button');
      await expect.poll(() => page.textContent('#error .banner-text'), { timeout: 20_000 }).toBe('Not now.');
      expect(await focused()).toBe('report-button');
      await context.unroute('**/validation/report');
      await context.route('**/validation/report', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ html_url: `${app.stack.url}/report-stub/1.html` }) }));
      const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#report-button')]);
      await page.waitForSelector('#report-link');
      await popup.close();
      expect(await focused()).toBe('report-link');
    } finally {
      await context.unroute('**/validation/report');
      await context.unroute('**/report-stub/**');
    }
  }, 120_000);
});
