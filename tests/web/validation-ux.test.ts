/**
 * A generated file's page in headless Chromium: drift against its source on the rows meeting its
 * conditions, the utility holdout's overlap with the training rows and the metric names, the
 * differential privacy row, and category pairs absent from the real rows.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let header: string;
let lines: string[];

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  [header, ...lines] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n') as [string, ...string[]];
}, 180_000);

afterAll(async () => {
  await app?.close();
});

async function generated(fileId: string, body: Record<string, unknown>): Promise<string> {
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: fileId, generator: 'gaussian_copula', seed: 5, ...body } });
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  return started.json.generated_file_id;
}

describe('a generated file’s validation on its page', () => {
  it('measures drift on the source rows meeting its conditions, and says so', async () => {
    const source = await app.upload('penguins.csv', [header, ...lines].join('\n') + '\n');
    const biscoe = await generated(source, { conditions: { island: 'Biscoe' } });
    await app.openDataset(biscoe);
    await page.waitForSelector('#drift-against option[value="' + source + '"]', { state: 'attached', timeout: 30_000 });
    await page.selectOption('#drift-against', source);
    await page.waitForSelector('#drift tbody tr');
    const rows = lines.filter((l) => l.split(',')[1] === 'Biscoe').length;
    expect(await page.textContent('#drift-basis')).toBe(`Compared with the ${rows} penguins.csv rows where island = Biscoe: the rows the conditions ask for, not the whole penguins.csv.`);
    expect(await page.textContent('#drift tbody tr:has(th:text-is("island")) .badge')).toBe('stable');
    expect(await page.textContent('#drift-legend')).toContain('PSI (population stability index)');
    // Differential privacy: the copula gives none.
    await page.waitForSelector('#privacy-table');
    expect(await page.textContent('#privacy-table tr:has-text("Differential privacy") td')).toBe('not applied');
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);

  it('warns of a holdout overlapping the training rows, with the metrics named plainly', async () => {
    const train = await app.upload('train.csv', [header, ...lines.filter((_, i) => i % 2 === 0)].join('\n') + '\n');
    const whole = await app.upload('all-penguins.csv', [header, ...lines].join('\n') + '\n');
    const plain = await generated(train, { rows: 150 });
    await app.openDataset(plain);
    await page.waitForSelector(`#utility-holdout option[value="${whole}"]`, { state: 'attached', timeout: 30_000 });
    await page.selectOption('#utility-holdout', whole);
    await page.selectOption('#utility-target', 'species');
    await page.click('#utility-run');
    await page.waitForSelector('#utility-synthetic', { timeout: 60_000 });
    const u = await call<{ holdout_overlap: { rows: number; of: number } }>(app.stack.url, 'POST', '/validation/utility', {
      json: { real_file_id: train, synthetic_file_id: plain, holdout_file_id: whole, target: 'species' },
    });
    expect(u.json.holdout_overlap.rows).toBeGreaterThan(0);
    expect(await page.textContent('#utility-overlap')).toMatch(
      new RegExp(`^${u.json.holdout_overlap.rows} of ${u.json.holdout_overlap.of} holdout rows are also in the training rows: the scores overstate what the synthetic data teaches\\.`),
    );
    const headers = await page.$$eval('#utility-table thead th', (ths) => ths.map((th) => [th.textContent, getComputedStyle(th).textAlign]));
    expect(headers).toEqual([
      ['', 'left'],
      ['Macro F1', 'right'],
      ['Accuracy', 'right'],
    ]);
    expect(await page.textContent('#utility-detection')).toMatch(/Indistinguishability \d\.\d{3} \(1 = a classifier cannot tell synthetic from real/);
    // An unconditioned copula mixes categories freely: some rows pair them as no real row does.
    const d = await call<{ category_pairs: { rows: number; of: number; rate: number } }>(app.stack.url, 'POST', '/validation/diagnostic', { json: { real_file_id: train, synthetic_file_id: plain } });
    expect(d.json.category_pairs.rate).toBeGreaterThan(0.01);
    expect(await page.textContent('#privacy-table tr:has-text("Category pairs absent") td')).toMatch(new RegExp(`^${d.json.category_pairs.rows} of 150 rows`));
    expect(await page.textContent('#category-pairs-warning')).toMatch(new RegExp(`^${d.json.category_pairs.rows} of 150 synthetic rows .* pairs absent from the real rows: \\w+ = \\w+ with \\w+ = \\w+: \\d+ rows?`));
    await app.shot('validation-ux-utility');
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
