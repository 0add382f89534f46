/**
 * The web app in headless Chromium, for what a UX review found on a feature-engineered file and on
 * internal words: the breadcrumb names the parent, the applied steps are listed, bins read as
 * ranges, the schema gives distinct counts and the step behind each column, one-hot flags draw no
 * "mostly zero" warning; suggestions, PII badges, drift statistics and the heatmap speak plainly.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;
let sourceId: string;
let derivedId: string;

const STEPS = [
  { kind: 'impute', column: 'sex', strategy: 'mode', indicator: false },
  { kind: 'one_hot', column: 'island', max_levels: 20 },
  { kind: 'ratio', numerator: 'flipper_length_mm', denominator: 'body_mass_g' },
  { kind: 'bin', column: 'bill_length_mm', method: 'quantile', bins: 5 },
];

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  page = app.page;
  sourceId = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
  const started = await call<{ job_id: string; file_id: string }>(app.stack.url, 'POST', '/features/apply', { json: { file_id: sourceId, steps: STEPS } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  derivedId = started.json.file_id;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** The schema row of `column`: its cells' text, Type to Why. */
const schemaRow = (column: string) =>
  page.evaluate((name) => {
    const row = [...document.querySelectorAll('#schema tbody tr')].find((tr) => tr.querySelector('th')?.textContent === name);
    return row ? [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()) : null;
  }, column);

describe('a dataset made by feature engineering', () => {
  it('names its parent and lists the steps that made it', async () => {
    await app.openDataset(derivedId);
    await page.waitForSelector('#applied-steps li');
    expect(await page.textContent('#parent-link')).toBe('penguins.csv');
    const steps = await page.locator('#applied-steps li').allInnerTexts();
    // Each with what it learned when fitted (web/src/fitted-text.ts).
    expect(steps[0]).toBe('Fill missing sex (mode) — fills with “male”');
    expect(steps[1]).toBe('One-hot encode island — a 0/1 column for each of “Biscoe”, “Dream”, “Torgersen”');
    expect(steps[2]).toBe('Ratio flipper_length_mm ÷ body_mass_g');
    expect(steps[3]).toMatch(/^Bin bill_length_mm into 5 equal-count ranges — edges [\d.]+, [\d.]+, [\d.]+, [\d.]+$/);
    expect(await page.textContent('#applied-steps p')).toContain('penguins.csv');
  });

  it('shows distinct counts and the step behind each column; one-hot flags draw no zero warning', async () => {
    await app.openDataset(derivedId);
    await page.waitForSelector('#schema tbody tr');
    const ratio = (await schemaRow('flipper_length_mm/body_mass_g'))!;
    expect(ratio[2]).not.toBe('—');
    expect(ratio[5]).toBe('ratio of flipper_length_mm to body_mass_g');
    const flag = (await schemaRow('island=Biscoe'))!;
    expect(flag[2]).toBe('2');
    expect(flag[5]).toContain('one-hot encoding of island');
    const bin = (await schemaRow('bill_length_mm_bin'))!;
    expect(bin[2]).toBe('5');
    expect(bin[5]).toBe('bill_length_mm cut into 5 equal-count bins');
    await page.waitForSelector('#overview li, #overview p');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/island=\w+ is zero in/);
    await page.screenshot({ path: join(ARTIFACTS, 'derived-explained-steps.png'), fullPage: false });
  });

  it('shows bins as ranges and derived numbers at six significant digits in the data', async () => {
    const r = await call<{ rows: Record<string, unknown>[] }>(app.stack.url, 'GET', `/files/${derivedId}/data?limit=5`);
    const row = r.json.rows[0]!;
    expect(String(row['bill_length_mm_bin'])).toMatch(/^(≤ [\d.]+|\([\d.]+, [\d.]+\]|> [\d.]+)$/);
    expect(String(row['flipper_length_mm/body_mass_g'])).toMatch(/^0\.0\d{1,6}$/);
  });
});

describe('words, not internal ids', () => {
  it('titles feature suggestions in words', async () => {
    await app.openDataset(sourceId);
    await page.waitForSelector('#load-suggestions');
    await page.selectOption('#feature-target', 'species');
    await page.click('#load-suggestions');
    await page.waitForSelector('#suggestions li');
    const titles = await page.locator('#suggestions li strong').allInnerTexts();
    expect(titles).toContain('One-hot encode island');
    expect(titles.filter((t) => /^[a-z]+_[a-z_]+ /.test(t) || t.startsWith('one_hot'))).toEqual([]);
  });

  it('labels a PII badge as its dropdown does', async () => {
    const named = await app.upload('people.csv', 'who,score\nAlice Smith,1\nBob Jones,2\nCarol White,3\n');
    const marked = await call(app.stack.url, 'PUT', `/files/${named}/schema`, { json: { columns: [{ name: 'who', pii_action: 'fake', pii_kind: 'person_name' }] } });
    expect(marked.status).toBe(200);
    await app.openDataset(named);
    await page.waitForSelector('#schema .badge.pii');
    expect(await page.textContent('#schema .badge.pii')).toBe('person name');
  });

  it('explains PSI under the drift verdicts (KS only once a verdict cites it: web/src/validation-text.ts driftLegend)', async () => {
    await app.openDataset(sourceId);
    await page.waitForSelector('#drift-legend');
    const legend = await page.textContent('#drift-legend');
    expect(legend).toContain('PSI (population stability index)');
    expect(legend).not.toContain('KS (Kolmogorov–Smirnov)');
    await page.selectOption('#drift-against', derivedId);
    await page.waitForSelector('#drift tbody tr');
  });

  it('prints the value in each cell of a small association heatmap', async () => {
    await app.openDataset(sourceId);
    await page.waitForSelector('#correlation-chart svg .mark-rect path, #correlation-chart svg .mark-rect rect', { timeout: 20_000 });
    const texts = await page.locator('#correlation-chart svg .mark-text.role-mark text').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts).toContain('1.00');
    expect(texts.every((t) => t === '' || /^[-−]?\d\.\d\d$/.test(t))).toBe(true);
    await page.locator('#correlation-chart').screenshot({ path: join(ARTIFACTS, 'derived-explained-heatmap.png') });
  });
});
