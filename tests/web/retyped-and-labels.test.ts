/**
 * In headless Chromium: a generated file typed otherwise than its source since is scored anew, and
 * the page says how many of its values could not be read as the source's type (web/src/retyped-text.ts);
 * a category chart draws numeric-looking categories as text and cuts long ones, whole in a <title>
 * (web/src/charts.ts categoryBarsSpec).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, fileSettled, generated, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp();
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a generated file retyped since', () => {
  it('is scored anew, and says how many values of a retyped column could not be read as the source’s type', async () => {
    const source = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
    const { generated_file_id: synthetic } = await generated(app.stack.url, { file_id: source, generator: 'gaussian_copula', seed: 3, rows: 120 });
    // `year` is a whole number in the source; typed as categories here, it is read back as numbers.
    const edit = await call<{ job_id?: string }>(app.stack.url, 'PUT', `/files/${synthetic}/schema`, { json: { columns: [{ name: 'year', type: 'categorical' }] } });
    expect(edit.status).toBeLessThan(300);
    if (edit.json.job_id) expect((await jobEnded(app.stack.url, edit.json.job_id)).status).toBe('succeeded');
    expect((await fileSettled(app.stack.url, synthetic)).columns?.find((c) => c.name === 'year')?.type).toBe('categorical');
    // The route's own reply for the retyped column, with values that did not read as numbers added (every generated year does).
    const asked: string[] = [];
    await page.route(/\/validation\/quality$/, async (route) => {
      const reply = await route.fetch();
      const body = (await reply.json()) as { retyped_columns?: { column: string; unreadable?: number }[] };
      asked.push(JSON.stringify(body.retyped_columns));
      await route.fulfill({ response: reply, json: { ...body, retyped_columns: body.retyped_columns?.map((r) => (r.column === 'year' ? { ...r, unreadable: 3 } : r)) } });
    });
    try {
      await app.openDataset(synthetic);
      await page.waitForSelector('#quality-overall', { timeout: 60_000 });
      expect(asked).toEqual([JSON.stringify([{ column: 'year', real_type: 'integer', synthetic_type: 'categorical' }])]);
      expect(await page.textContent('#quality-unreadable')).toBe('3 values of year in this file could not be read as whole numbers, the source’s type for it, and are scored as missing.');
    } finally {
      await page.unroute(/\/validation\/quality$/);
    }
    expect(app.consoleErrors).toEqual([]);
  }, 180_000);
});

describe('a category chart', () => {
  it('draws categories as their text, cuts long ones with an ellipsis and gives the whole in a <title>', async () => {
    const long = 'Gentoo penguins of the Palmer Archipelago';
    const rows = [...Array(6).fill('007'), ...Array(4).fill('1e3'), ...Array(2).fill(long)].map((v, i) => `${v},${i}`);
    const id = await app.upload('labels.csv', ['tier,n', ...rows].join('\n') + '\n');
    await app.openDataset(id);
    await page.waitForSelector('#describe-column');
    await page.selectOption('#describe-column', 'tier');
    const labels = page.locator('#distribution-chart g.role-axis[aria-label="tier categories"] .role-axis-label text');
    await expect.poll(() => labels.count(), { timeout: 20_000 }).toBe(3);
    const drawn = await labels.evaluateAll((ts) => ts.map((t) => ({ shown: [...t.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''), title: t.querySelector('title')?.textContent })));
    expect(drawn).toEqual([
      { shown: '007', title: '007' },
      { shown: '1e3', title: '1e3' },
      { shown: 'Gentoo penguins of…', title: long },
    ]);
    await page.locator('#distribution-chart').screenshot({ path: `${ARTIFACTS}category-labels.png` });
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
