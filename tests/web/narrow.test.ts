/**
 * The web app in headless Chromium on the embedded stack, for what a UX review found on a phone and
 * a laptop: tables cut off at 390 px with no cue (file list, privacy, schema), titanic's schema
 * overflowing at 1280 px once a PII badge shows, a quality axis starting at 55–90 %, "No datasets yet"
 * while files upload, and a Constraints field taking raw JSON with no word on what it accepts.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

let app: WebApp;
let page: Page;
let consoleErrors: string[];
let titanicId: string;
let syntheticId: string;

beforeAll(async () => {
  app = await startWebApp({ viewport: PHONE });
  ({ page, consoleErrors } = app);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** The page at `viewport`, freshly loaded at `hash`. */
async function open(hash: string, viewport = PHONE) {
  await page.setViewportSize(viewport);
  await page.goto('about:blank');
  await page.goto(`${app.stack.url}/${hash}`);
}

/** For each element matched: whether it lies wholly inside the viewport's width and inside its scroll box (`.wide`), with no scrolling. */
const shownWhole = (selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const box = el.closest('.wide')?.getBoundingClientRect();
      return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && (!box || (r.left >= box.left && r.right <= box.right + 0.5));
    }),
  );

describe('web app on narrow and laptop screens', () => {
  it('says files are on their way, not "No datasets yet", while a multi-file upload is under way', async () => {
    await open('#/');
    await page.waitForSelector('#file-list p');
    expect(await page.textContent('#file-list')).toBe('No datasets yet.');
    // The bytes are held back, so the files stay on their way while the list is looked at.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/*', async (route) => {
      if (route.request().method() === 'PUT') await held;
      await route.continue();
    });
    try {
      await page.setInputFiles('#file-input', [
        { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
        { name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from('c,d\n3,4\n') },
      ]);
      await page.waitForSelector('#file-list-empty:has-text("Uploading 2 files")');
      expect(await page.textContent('#file-list')).not.toContain('No datasets yet');
      release();
      await page.waitForFunction(() => document.querySelectorAll('#file-list tbody tr').length === 2, undefined, { timeout: 30_000 });
    } finally {
      release();
      await page.unroute('**/*');
    }
    for (const id of await page.locator('#file-list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-file-id') ?? ''))) {
      await call(app.stack.url, 'DELETE', `/files/${id}`);
    }
  });

  it('makes a source and a synthetic file to look at', async () => {
    titanicId = await app.upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
    const started = await call<{ job_id: string; generated_file_id: string }>(app.stack.url, 'POST', '/synth/generate', { json: { file_id: titanicId, generator: 'gaussian_copula', rows: 200, seed: 1 } });
    expect(started.status).toBe(202);
    expect((await jobEnded(app.stack.url, started.json.job_id)).status).toBe('succeeded');
    syntheticId = started.json.generated_file_id;
  }, 120_000);

  it('stacks the file list as cards on a phone: every file’s rows, columns, origin and Delete on screen', async () => {
    await open('#/');
    await page.waitForSelector(`#file-list tr[data-file-id="${syntheticId}"]`);
    const fit = await page.evaluate(() => {
      const box = document.querySelector('#file-list .wide')!;
      return { table: box.scrollWidth, box: box.clientWidth };
    });
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    expect(await shownWhole('#file-list button.danger')).toEqual([true, true]);
    expect(await shownWhole('#file-list td.origin')).toEqual([true, true]);
    // Each value says which column it is, the headings being out of sight.
    expect(await page.locator(`#file-list tr[data-file-id="${titanicId}"] td[data-label]`).evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')))).toEqual([
      'Name',
      'Status',
      'Size',
      'Rows',
      'Columns',
      'Origin',
      'Created',
    ]);
    await page.screenshot({ path: `${ARTIFACTS}n-file-list-phone.png`, fullPage: true });
  });

  it('shows every privacy verdict and threshold whole on a phone', async () => {
    await open(`#/files/${syntheticId}`);
    await page.waitForSelector('#privacy-table tbody tr', { timeout: 60_000 });
    // Exact copies, DCR protection, median distance, NNDR, near-copies, real PII reappearing, diagnostic, category pairs absent from the real rows, differential privacy.
    const rows = await page.locator('#privacy-table td[data-label="Verdict"]').count();
    expect(rows).toBe(9);
    expect(await shownWhole('#privacy-table [class*="verdict-"]')).toEqual(Array(await page.locator('#privacy-table [class*="verdict-"]').count()).fill(true));
    expect(await shownWhole('#privacy-table td.muted')).toEqual(Array(await page.locator('#privacy-table td.muted').count()).fill(true));
    await page.locator('#privacy').screenshot({ path: `${ARTIFACTS}n-privacy-phone.png` });
  }, 120_000);

  it('says the schema scrolls sideways on a phone, and fits with its reasons at 1280 px', async () => {
    await open(`#/files/${titanicId}`);
    await page.waitForSelector('#schema .badge.pii');
    const hint = page.locator('.wide-wrap:has(#schema) .scroll-hint');
    await expect.poll(() => hint.isVisible(), { timeout: 20_000 }).toBe(true);
    // Scrolled to its end, the last column is within the box.
    await page.locator('.wide:has(#schema)').evaluate((box) => (box.scrollLeft = box.scrollWidth));
    expect(await shownWhole('#schema tbody td:last-child')).toEqual([true, true, true, true, true]);

    await open(`#/files/${titanicId}`, LAPTOP);
    await page.waitForSelector('#schema .badge.pii');
    const fit = await page.locator('.wide:has(#schema)').evaluate((box) => ({ table: box.scrollWidth, box: box.clientWidth }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    expect(await hint.isVisible()).toBe(false);
    // The reasons wrap inside their cell rather than run past the box.
    expect(await shownWhole('#schema tbody td:last-child')).toEqual([true, true, true, true, true]);
    await page.locator('section:has(#schema)').screenshot({ path: `${ARTIFACTS}n-schema-laptop.png` });
  });

  it('starts the column-shapes bars at 0 % and labels each with its score', async () => {
    await open(`#/files/${syntheticId}`, LAPTOP);
    await page.waitForSelector('#shapes-chart svg', { timeout: 60_000 });
    const labels = await page.locator('#shapes-chart g.role-axis[aria-label^="X-axis"] .role-axis-label text').allTextContents();
    expect(labels[0]).toBe('0%');
    expect(labels.at(-1)).toBe('100%');
    expect(await page.locator('#shapes-chart g.role-axis[aria-label^="X-axis"] .role-axis-title').textContent()).not.toContain('axis starts');
    // One score label per bar.
    const scores = await page.locator('#shapes-chart g.mark-text.role-mark text').allTextContents();
    expect(scores.length).toBeGreaterThan(2);
    expect(scores).toHaveLength(await page.locator('#shapes-chart g.mark-rect.role-mark path').count());
    for (const s of scores) expect(s).toMatch(/^\d{1,3}\.\d%$/);
  }, 120_000);

  it('lists the constraint types under the field, reports bad JSON next to it, and builds a constraint from column choices', async () => {
    await open(`#/files/${titanicId}`);
    // Folded at first, so the Parameters stay near the field.
    await page.waitForSelector('#constraints-help summary');
    expect(await page.isHidden('#constraints-help li[data-type="inequality"]')).toBe(true);
    await page.click('#constraints-help summary');
    expect(await page.locator('#constraints-help li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-type')))).toEqual([
      'positive',
      'negative',
      'range',
      'inequality',
      'fixed_combinations',
      'unique',
      'one_hot',
      'formula',
    ]);
    expect(await page.isVisible('#constraints-help li[data-type="inequality"]')).toBe(true);

    await page.fill('#constraints', '[{"type": "positive", "column": "age"');
    await page.locator('#constraints').blur();
    await expect.poll(() => page.isVisible('#constraints-error'), { timeout: 20_000 }).toBe(true);
    expect(await page.textContent('#constraints-error')).toMatch(/^Not valid JSON/);
    expect(await page.getAttribute('#constraints', 'aria-invalid')).not.toBeNull();

    await page.fill('#constraints', '[{"type": "postive", "column": "age"}]');
    await page.locator('#constraints').blur();
    await expect.poll(() => page.textContent('#constraints-error'), { timeout: 20_000 }).toMatch(/unknown type "postive"; use one of positive, negative/);

    await page.fill('#constraints', '[{"type": "positive", "column": "agee"}]');
    await page.locator('#constraints').blur();
    await expect.poll(() => page.textContent('#constraints-error'), { timeout: 20_000 }).toContain('no column named "agee"');

    await page.fill('#constraints', '[{"type": "positive", "column": "age"}]');
    await page.locator('#constraints').blur();
    await expect.poll(() => page.isHidden('#constraints-error'), { timeout: 20_000 }).toBe(true);
    await page.selectOption('#constraint-type', 'fixed_combinations');
    await page.selectOption('#constraint-first', 'sex');
    await page.selectOption('#constraint-second', 'passengerClass');
    await page.click('#constraint-add');
    expect(JSON.parse(await page.inputValue('#constraints'))).toEqual([
      { type: 'positive', column: 'age' },
      { type: 'fixed_combinations', columns: ['sex', 'passengerClass'] },
    ]);
    expect(await page.isHidden('#constraints-error')).toBe(true);
    await page.locator('section:has(#gen-h)').screenshot({ path: `${ARTIFACTS}n-constraints-phone.png` });
  });

  it('logs no console errors', () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
