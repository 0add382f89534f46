/**
 * The web app in headless Chromium on the embedded stack, for what a UX review found: a constraints
 * example the data breaks, strata offered past the form's own threshold, a file list wider than its
 * box, run-together model group lines, a utility panel offering the training rows, column names
 * broken mid-word, upload errors said three times, an idle progress bar, and a crowded quality axis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

const SOURCE_NAME = `${'penguin_measurements_of_'.repeat(3)}palmer.csv`;

let app: WebApp;
let page: Page;
let sourceId: string;
let syntheticId: string;
let consoleErrors: string[];

/** A signed change first (never positive), then positive measurements, a category and a year of 3 values. */
function source(seed = 0): string {
  const lines = ['delta,bill_length_mm,bill_depth_mm,kind,year'];
  for (let i = 0; i < 150; i++) lines.push(`${((i * 37 + seed) % 21) - 10},${(35 + ((i * 13 + seed) % 20) + 0.1).toFixed(1)},${(14 + ((i * 7) % 6) + 0.2).toFixed(1)},${'abc'[i % 3]},${2007 + (i % 3)}`);
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 800 } });
  ({ page, consoleErrors } = app);
  sourceId = await app.upload(SOURCE_NAME, source());
  const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: sourceId, generator: 'gaussian_copula', rows: 60, seed: 1 } });
  expect(started.status).toBe(202);
  expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
  syntheticId = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** How many times `text` is shown on the page. */
const shownTimes = (text: string) => page.evaluate((t) => document.body.innerText.split(t).length - 1, text);

describe('web app, from a UX review', () => {
  it('suggests a constraint the data keeps: positive on a column whose values are all above 0', async () => {
    await app.openDataset(sourceId);
    await expect.poll(() => page.getAttribute('#constraints', 'placeholder'), { timeout: 30_000 }).toBe('e.g. [{"type": "positive", "column": "bill_length_mm"}]');
    // No column known positive: an example naming none of the file's columns.
    const signed = await app.upload('signed.csv', 'a,b\n-1,x\n2,y\n3,z\n');
    await app.openDataset(signed);
    await page.waitForSelector('#generate-submit');
    await page.waitForTimeout(500);
    expect(await page.getAttribute('#constraints', 'placeholder')).toBe('e.g. [{"type": "positive", "column": "<a numeric column>"}]');
  });

  it('offers numbers as strata only up to the discrete threshold typed in the form', async () => {
    await app.openDataset(sourceId);
    await page.waitForSelector('#generator');
    await page.selectOption('#generator', 'gaussian_copula');
    const offered = () => page.locator('#param-strata option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v.startsWith('column:')));
    // delta has 21 values, past the default threshold of 20; bill_length_mm has 20.
    expect(await offered()).toEqual(['column:bill_length_mm', 'column:bill_depth_mm', 'column:kind', 'column:year']);
    await page.selectOption('#param-strata', 'column:year');
    await page.fill('#param-discrete_threshold', '2');
    // year has 3 values: past a threshold of 2; the category stays, and the choice falls back to the default.
    expect(await offered()).toEqual(['column:kind']);
    expect(await page.inputValue('#param-strata')).toBe('auto');
    await page.fill('#param-discrete_threshold', '3');
    expect(await offered()).toEqual(['column:kind', 'column:year']);
  });

  it('fits the file list in its box, Delete included, at laptop and desktop widths', async () => {
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('about:blank');
      await page.goto(`${app.stack.url}/#/`);
      await page.waitForSelector(`#file-list tr[data-file-id="${syntheticId}"]`);
      const fit = await page.evaluate(() => {
        const box = document.querySelector('#file-list .wide')!;
        const table = box.querySelector('table')!;
        const right = Math.max(...[...table.querySelectorAll('button.danger')].map((b) => b.getBoundingClientRect().right));
        return { table: table.scrollWidth, box: box.clientWidth, buttonsInside: right <= box.getBoundingClientRect().right };
      });
      expect(fit.table, `at ${width} px`).toBeLessThanOrEqual(fit.box);
      expect(fit.buttonsInside).toBe(true);
    }
    await page.screenshot({ path: `${ARTIFACTS}r-file-list.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('lists the copula groups one per line, merged levels named as such, and words yearly dates plainly', async () => {
    await page.route('**/synth/models/*', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          model_id: 'm_test',
          generator: 'gaussian_copula',
          seed: 1,
          fit_seconds: 0.1,
          groups: { column: 'Cylinders', groups: [{ levels: ['4', '3', '5'], share: 0.53 }, { levels: ['8'], share: 0.27 }, { levels: ['6'], share: 0.21 }] },
          month_days: [{ column: 'Year', rule: 'on the 1st of January' }],
        }),
      }),
    );
    try {
      await app.openDataset(syntheticId);
      await page.waitForSelector('#model-groups li', { timeout: 30_000 });
      expect(await page.textContent('#model-groups p')).toBe('One copula per group of rows by Cylinders, as the other columns behave differently in each. Share of the rows per group:');
      expect(await page.locator('#model-groups li').allTextContents()).toEqual(['4, 3 and 5 (merged: too few rows alone): 53 %', '8: 27 %', '6: 21 %']);
      expect(await page.textContent('#model-month-days')).toBe('Drawn only on the days of the month or year the data holds them on: Year (on the 1st of January).');
    } finally {
      await page.unroute('**/synth/models/*');
    }
  });

  it('draws column shapes from 0 %, each bar labelled with its score so close ones are told apart, and says what they mean', async () => {
    const details = [
      { column: 'bill_length_mm', metric: 'KSComplement', score: 0.962 },
      { column: 'kind', metric: 'TVComplement', score: 0.995 },
      { column: 'year', metric: 'KSComplement', score: 0.981 },
    ];
    // The page draws the quality summary stored on the generated file: these scores stand in for it.
    await page.route(`**/files/${syntheticId}`, async (route) => {
      const meta = (await (await route.fetch()).json()) as Record<string, unknown>;
      const quality = { overall: 0.97, column_shapes: 0.98, column_pair_trends: 0.96, column_shapes_details: details, columns: details.length };
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...meta, quality }) });
    });
    try {
      await app.openDataset(syntheticId);
      await page.waitForSelector('#shapes-chart svg', { timeout: 30_000 });
      const labels = await page.locator('#shapes-chart g.role-axis[aria-label^="X-axis"] .role-axis-label text').allTextContents();
      // From 0: an axis starting at 95 % drew 96 % as a third of 99 %.
      expect(labels[0]).toBe('0%');
      expect(labels.at(-1)).toBe('100%');
      // Each bar carries its score.
      const scores = await page.locator('#shapes-chart g.mark-text.role-mark text').allTextContents();
      expect(scores).toHaveLength(await page.locator('#shapes-chart g.mark-rect.role-mark path').count());
      for (const s of scores) expect(s).toMatch(/^\d{1,3}\.\d%$/);
      expect(await page.textContent('#quality-caption')).toMatch(/^How alike each column is in the synthetic and the real rows: 100 % means the same spread of values \(KSComplement for numbers and dates, TVComplement for categories\)\./);
      await page.locator('#quality').screenshot({ path: `${ARTIFACTS}r-quality.png` });
    } finally {
      await page.unroute(`**/files/${syntheticId}`);
    }
  });

  it('offers as holdout no copy of the training rows, and cannot measure without one', async () => {
    // The very same file uploaded again holds the rows the generator saw.
    const copy = await app.upload(SOURCE_NAME, source());
    await app.openDataset(syntheticId);
    await page.waitForSelector('#utility-holdout');
    const values = () => page.locator('#utility-holdout option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await values()).toEqual(['']);
    expect(await page.textContent('#utility-holdout option')).toBe('none with these columns (see above)');
    expect(await page.isDisabled('#utility-run')).toBe(true);
    expect(await values()).not.toContain(copy);

    const holdout = await app.upload('holdout.csv', source(5));
    await app.openDataset(syntheticId);
    await page.waitForSelector('#utility-holdout');
    expect(await values()).toEqual(['', holdout]);
    expect(await page.isDisabled('#utility-run')).toBe(false);
  });

  it('breaks column names in the schema only after an underscore, within the table’s box', async () => {
    await app.openDataset(sourceId);
    await page.waitForSelector('#schema th.colname');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const cells = await page.locator('#schema th.colname').evaluateAll((ths) =>
        ths.map((th) => ({
          text: th.textContent,
          // Each piece between two break opportunities stays on one line.
          broken: [...th.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).some((n) => {
            const range = document.createRange();
            range.selectNodeContents(n);
            return range.getClientRects().length > 1;
          }),
        })),
      );
      expect(cells.map((c) => c.text)).toEqual(['delta', 'bill_length_mm', 'bill_depth_mm', 'kind', 'year']);
      expect(cells.filter((c) => c.broken)).toEqual([]);
      expect(await page.innerHTML('#schema th.colname >> nth=1')).toBe('bill_<wbr>length_<wbr>mm');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('says an upload error once, on its file’s row, and shows no progress bar while nothing uploads', async () => {
    await page.goto('about:blank');
    await page.goto(`${app.stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    await page.setInputFiles('#file-input', { name: 'report.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from([0x50, 0x4b, 3, 4]) });
    const row = page.locator('#uploads li.failed', { hasText: 'report.xlsx was not uploaded: ' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.isVisible()).toBe(true);
    expect(await shownTimes('report.xlsx was not uploaded')).toBe(1);
    expect(await page.isHidden('#error')).toBe(true);
    // The drop zone only invites; what became of an upload is said on its row in the list.
    expect(await page.textContent('#upload-prompt')).toBe('Drop a table here (CSV, JSON, JSON Lines or Parquet), or choose one.');

    await page.setInputFiles('#file-input', { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') });
    await page.locator('#uploads li.failed', { hasText: 'ragged.csv could not be read: ' }).waitFor({ timeout: 30_000 });
    expect(await shownTimes('ragged.csv could not be read')).toBe(1);
    expect(await page.isHidden('#error')).toBe(true);

    await page.setInputFiles('#file-input', { name: 'fine.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await page.waitForSelector('#uploads .upload-row-status:has-text("fine.csv is ready: 1 row, 2 columns.")', { timeout: 30_000 });
    // Said once, in the list: the drop zone does not repeat it.
    expect(await shownTimes('fine.csv is ready')).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}r-uploads.png` });
  });

  it('logged no console errors', () => {
    expect(consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
