/**
 * The web app in headless Chromium on the embedded stack, for what a reviewer found wrong: errors out
 * of view, conditions lost or mistyped, layouts wider than the page, cancelling shown as a failure,
 * a CSV download that was not CSV, upload status lines mixed up, a generating file with no progress,
 * charts with nothing to say. Screenshots go to tests/artifacts/ (git-ignored).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import type { RunningStack } from '../../local/stack.js';

const LONG_NAME = `${'a_very_long_file_name_'.repeat(6)}end.csv`;

let app: WebApp;
let stack: RunningStack;
let page: Page;
let tableId: string;
let consoleErrors: string[];

/** Times of day, a column named like an Object.prototype member, a year, an empty and a constant column. */
function table(): string {
  const lines = ['t,__proto__,year,empty,const,x'];
  for (let i = 0; i < 60; i++) lines.push(`${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')},${i % 2 ? 'p' : 'q'},${2007 + (i % 3)},,7,${(i * 37) % 11}`);
  return `${lines.join('\n')}\n`;
}

const upload = (name: string, content: string, type?: string) => app.upload(name, content, type);

const openDataset = (id: string) => app.openDataset(id);

const inViewport = (selector: string) =>
  page.evaluate((s) => {
    const r = document.querySelector(s)!.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
  }, selector);

const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 800 }, alsoRecord: (text) => text.includes('Infinite extent') });
  ({ stack, page, consoleErrors } = app);
  tableId = await upload(LONG_NAME, table());
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('web app defects', () => {
  it('shows an error raised far down the page in view, and refuses a condition that is not a number by name', async () => {
    await openDataset(tableId);
    await page.waitForSelector('#generate-submit');
    for (const typed of ['abc', '', '1e400']) {
      await page.fill('#conditions', `year=${typed}`);
      await page.click('#generate-submit');
      // Said under the field (views/conditions-field.ts), not in the banner that would cover it.
      await page.waitForSelector('#conditions-error:not([hidden])');
      expect(await page.textContent('#conditions-error')).toBe(`Condition year: "${typed}" is not a number, and year is a numeric column.`);
      // The page stayed where the user was, and the error is on screen there.
      expect(await page.evaluate(() => scrollY)).toBeGreaterThan(500);
      expect(await inViewport('#conditions-error')).toBe(true);
      expect(await page.isHidden('#error')).toBe(true);
    }
    await page.fill('#conditions', '');
    await page.fill('#rows', '');
    await page.click('#generate-submit');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error .banner-text')).toBe('Rows: enter a whole number ≥ 1.');
    await page.screenshot({ path: `${ARTIFACTS}d-error-in-view.png` });
  });

  it('sends a condition on a column named __proto__', async () => {
    await openDataset(tableId);
    await page.waitForSelector('#generate-submit');
    let sent: unknown;
    await page.route('**/synth/generate', async (route) => {
      sent = JSON.parse(route.request().postData() ?? '{}');
      await route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ status: 422, title: 'Unprocessable', detail: 'stopped by the test' }) });
    });
    await page.fill('#conditions', '__proto__=p, year=2008');
    await page.click('#generate-submit');
    await page.waitForSelector('#error:not([hidden])');
    await page.unroute('**/synth/generate');
    const conditions = (sent as { conditions: Record<string, unknown> }).conditions;
    expect(Object.keys(conditions)).toEqual(['__proto__', 'year']);
    expect(Object.getOwnPropertyDescriptor(conditions, '__proto__')?.value).toBe('p');
    expect(conditions.year).toBe(2008);
  });

  it('keeps long names and every section within the page, on a laptop and on a phone', async () => {
    await page.goto(`${stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    expect(await pageWidth()).toBeLessThanOrEqual(1280);
    expect(await page.getAttribute('#file-list a', 'title')).toBe(LONG_NAME);
    await openDataset(tableId);
    await page.waitForSelector('#distribution-chart svg');
    await page.waitForSelector('#correlation-chart svg');
    expect(await pageWidth()).toBeLessThanOrEqual(1280);
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await openDataset(tableId);
      await page.waitForSelector('#distribution-chart svg');
      await page.waitForSelector('#correlation-chart svg');
      await page.waitForSelector('#generate-submit');
      expect(await pageWidth()).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}d-phone.png`, fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('draws times of day per hour, says an empty column has no values, and greys undefined associations', async () => {
    await openDataset(tableId);
    await page.waitForSelector('#describe-stats dd');
    await page.selectOption('#describe-column', 't');
    await expect.poll(() => page.locator('#distribution-chart .mark-rect path').count(), { timeout: 20_000 }).toBe(24);
    await page.selectOption('#describe-column', 'empty');
    await page.waitForSelector('#distribution-chart .no-values');
    await page.waitForSelector('#correlation-chart svg');
    const fills = await page.locator('#correlation-chart .mark-rect path').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
    expect(fills).toContain('#b9bdc9');
  });

  it('gives the whole file as CSV for a JSON Lines upload, past one data page', async () => {
    // 12 000 rows: more than a page (10 000) holds, so the link must be the whole-file CSV export.
    const rows = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ a: i, b: i % 2 ? 'y' : 'x' })).join('\n');
    const big = await upload('many.jsonl', rows, 'application/x-ndjson');
    await openDataset(big);
    await page.waitForSelector('#download-csv');
    const whole = await fetch(new URL((await page.getAttribute('#download-csv', 'href'))!, stack.url));
    expect(whole.headers.get('content-type')).toContain('text/csv');
    expect((await whole.text()).trim().split(/\r?\n/).length).toBe(12_001);

    const id = await upload('lines.jsonl', '{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n', 'application/x-ndjson');
    await openDataset(id);
    await page.waitForSelector('#download-csv');
    const res = await fetch(new URL((await page.getAttribute('#download-csv', 'href'))!, stack.url));
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect((await res.text()).trim().split(/\r?\n/)).toEqual(['a,b', '1,x', '2,y']);
  });

  it('says why an upload was refused, on its file’s row, without the last upload’s bar', async () => {
    await page.goto(`${stack.url}/#/`);
    await page.setInputFiles('#file-input', { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await page.waitForSelector('#uploads .upload-row-status:has-text("small.csv is ready: 1 row, 2 columns.")', { timeout: 30_000 });
    await page.setInputFiles('#file-input', { name: 'report.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from([0x50, 0x4b, 3, 4]) });
    // The reason is said once, on the row that names the file, not in the banner nor the line above.
    const refused = page.locator('#uploads li.failed', { hasText: 'report.xlsx was not uploaded: ' });
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/^report\.xlsx was not uploaded: .{10,}/);
    expect(await page.isHidden('#error')).toBe(true);
    // Said in the list only: the drop zone only invites.
    expect(await page.textContent('#upload-prompt')).not.toContain('report.xlsx');
    // Each upload has a row of its own.
    expect(await page.locator('#uploads li').count()).toBe(2);
    // A file that cannot be read keeps its reason on its own row, marked failed; the same file can be chosen again.
    const ragged = { name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') };
    await page.setInputFiles('#file-input', ragged);
    const row = page.locator('#uploads li.failed', { hasText: 'ragged.csv could not be read: ' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/Line 3 has 2 fields but the header has 3\.$/);
    await page.setInputFiles('#file-input', ragged);
    await expect.poll(() => page.locator('#uploads li.failed').count(), { timeout: 30_000 }).toBe(2);
  });

  it('follows a generation from the generated file’s page, and shows cancelling as a status, not an error', async () => {
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: tableId, generator: 'autoregressive', rows: 50, params: { epochs: 2000, patience: 1000 } },
    });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#job-cancel:visible', { timeout: 20_000 });
    await expect.poll(() => page.textContent('#job-status'), { timeout: 20_000 }).toMatch(/^(Waiting to start|Running) — .+, \d+ %/);
    await page.click('#job-cancel');
    await expect.poll(() => page.textContent('#job-status'), { timeout: 30_000 }).toBe('Cancelled.');
    expect(await page.isHidden('#error')).toBe(true);
    await page.goto(`${stack.url}/#/`);
    const row = page.locator(`#file-list tr[data-file-id="${started.json.generated_file_id}"]`);
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 30_000 }).toBe('cancelled');
  }, 120_000);

  it('updates a generating file in the list without a reload', async () => {
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: tableId, generator: 'autoregressive', rows: 50, params: { epochs: 2000, patience: 1000 } },
    });
    await page.goto('about:blank');
    await page.goto(`${stack.url}/#/`);
    const badge = page.locator(`#file-list tr[data-file-id="${started.json.generated_file_id}"] .badge`);
    expect(await badge.textContent()).toBe('generating');
    await call(stack.url, 'DELETE', `/synth/jobs/${started.json.job_id}`);
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toBe('cancelled');
  }, 120_000);

  it('marks a primary key in the schema: one at a time, whole-number or text columns only', async () => {
    const lines = ['id,code,value'];
    for (let i = 1; i <= 30; i++) lines.push(`${i},K${100 + i},${(i * 1.25).toFixed(2)}`);
    const id = await upload('keys.csv', `${lines.join('\n')}\n`);
    await openDataset(id);
    const key = (column: string) => page.getByRole('checkbox', { name: `${column} is the primary key` });
    await key('id').waitFor();
    expect(await key('value').isDisabled()).toBe(true);
    // A type chosen but not saved yet survives the redraw that saving the key makes.
    await page.getByRole('combobox', { name: 'Type of value' }).selectOption('text');
    await key('id').check();
    await expect.poll(async () => (await call<{ columns: { name: string; primary_key?: boolean }[] }>(stack.url, 'GET', `/files/${id}`)).json.columns.find((c) => c.name === 'id')?.primary_key, { timeout: 30_000 }).toBe(true);
    // Saved in place: said so, and the focus stays on the box.
    await expect.poll(() => page.textContent('#schema-status'), { timeout: 30_000 }).toBe('Saved: id is the primary key.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-column'))).toBe('id');
    expect(await page.getByRole('combobox', { name: 'Type of value' }).inputValue()).toBe('text');
    // The view is drawn again from the saved metadata: the box stays checked; marking another moves the key.
    await expect.poll(() => key('id').isChecked(), { timeout: 20_000 }).toBe(true);
    await key('code').check();
    await expect.poll(() => key('id').isChecked(), { timeout: 30_000 }).toBe(false);
    expect(await key('code').isChecked()).toBe(true);
    const meta = await call<{ columns: { name: string; primary_key?: boolean }[] }>(stack.url, 'GET', `/files/${id}`);
    expect(meta.json.columns.filter((c) => c.primary_key).map((c) => c.name)).toEqual(['code']);
    await page.screenshot({ path: join(ARTIFACTS, 'd-primary-key.png') });
  });

  it('shows a group the copula split again, by its second column', async () => {
    // a moves x and y; within each level of a, b moves them the other way: 4 800 rows, parts of 1 200.
    const lines = ['a,b,x,y'];
    for (let i = 0; i < 4800; i++) {
      const [a, b] = [i % 2, (i >> 1) % 2];
      const x = 3 * a + (a ? 1.5 : -1.5) * b + Math.sin(i * 12.9898) * 0.9;
      lines.push(`a${a},b${b},${x.toFixed(3)},${(x + Math.cos(i * 78.233) * 0.9).toFixed(3)}`);
    }
    const id = await upload('interacting.csv', `${lines.join('\n')}\n`);
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: id, generator: 'gaussian_copula', rows: 100, seed: 1 } });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#model-groups', { timeout: 30_000 });
    expect(await page.textContent('#model-groups p')).toBe('One copula per group of rows by a, as the other columns behave differently in each. Share of the rows per group:');
    const groups = await page.locator('#model-groups li').allTextContents();
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatch(/^a0, split by b — b0: \d+ %, b1: \d+ %$/);
    expect(groups[1]).toMatch(/^a1, split by b — b0: \d+ %, b1: \d+ %$/);
  });

  it('says which columns the copula looked up from the column that determines them, and the API agrees', async () => {
    // A code and a region per country: 30 countries of 10 rows, a region of 5 countries, and a number.
    const lines = ['country,code,region,amount'];
    for (let i = 0; i < 300; i++) lines.push(`Country ${i % 30},C${(i % 30) * 7 + 11},Region ${Math.floor((i % 30) / 5)},${((i * 37) % 100) + 0.5}`);
    const id = await upload('countries.csv', `${lines.join('\n')}\n`);
    const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: id, generator: 'gaussian_copula', rows: 200, seed: 1 } });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#model-lookups', { timeout: 30_000 });
    expect(await page.textContent('#model-lookups')).toBe('Looked up from the column that determines them, so every pair is one the data holds: code (from country), region (from country).');
    const model = await call<{ lookups?: { column: string; from: string }[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`);
    expect(model.json.lookups).toEqual([
      { column: 'code', from: 'country' },
      { column: 'region', from: 'country' },
    ]);
  });

  it('says which columns are computed as sums of others, and the downloaded totals add up', async () => {
    // Votes for three candidates per district and their total, as on every row of the data.
    const lines = ['district,north,south,west,total'];
    for (let i = 0; i < 120; i++) {
      const [n, s, w] = [1000 + ((i * 37) % 900), 500 + ((i * 53) % 700), 200 + ((i * 71) % 400)];
      lines.push(`D${i},${n},${s},${w},${n + s + w}`);
    }
    const id = await upload('votes.csv', `${lines.join('\n')}\n`);
    const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: id, generator: 'gaussian_copula', rows: 200, seed: 1 } });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#model-formulas', { timeout: 30_000 });
    await page.locator('#model-formulas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}d-formulas.png` });
    expect(await page.textContent('#model-formulas')).toMatch(/^Computed from other columns, as on every row of the data: total = (north|south|west) \+ (north|south|west) \+ (north|south|west)\.$/);
    const model = await call<{ formulas?: { column: string; expression: string }[] }>(stack.url, 'GET', `/synth/models/${started.json.model_id}`);
    expect(model.json.formulas?.map((f) => f.column)).toEqual(['total']);
    const rows = await call<Record<string, number>[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`);
    expect(rows.json).toHaveLength(200);
    expect(rows.json.every((r) => r.total === r.north! + r.south! + r.west!)).toBe(true);
  });

  it('says which dates are drawn on the weekdays and the day of the month the data holds, and none falls elsewhere', async () => {
    // Trading days, and the month each falls in, dated the 1st.
    const lines = ['day,month,close'];
    for (let t = Date.UTC(2023, 0, 2), i = 0; lines.length <= 160; t += 86_400_000, i++) {
      const dow = new Date(t).getUTCDay();
      if (dow > 0 && dow < 6) lines.push(`${new Date(t).toISOString().slice(0, 10)},${new Date(t).toISOString().slice(0, 8)}01,${(50 + ((i * 37) % 20)).toFixed(1)}`);
    }
    const id = await upload('trading.csv', `${lines.join('\n')}\n`);
    const started = await call<{ job_id: string; generated_file_id: string; model_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: id, generator: 'gaussian_copula', rows: 100, seed: 1 } });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#model-weekdays', { timeout: 30_000 });
    expect(await page.textContent('#model-weekdays')).toBe('Drawn on the days of the week the data holds them on: day (Monday, Tuesday, Wednesday, Thursday, Friday).');
    expect(await page.textContent('#model-month-days')).toBe('Drawn only on the days of the month or year the data holds them on: month (on the 1st of the month).');
    const rows = await call<{ day: string; month: string }[]>(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=json`);
    expect(rows.json.every((r) => [1, 2, 3, 4, 5].includes(new Date(`${r.day}T00:00:00Z`).getUTCDay()) && r.month.endsWith('-01'))).toBe(true);
  });

  it("shows a PrivBayes model's privacy guarantee, and says so when the source of a synthetic file is gone", async () => {
    const lines = ['kind,size,flag'];
    for (let i = 0; i < 200; i++) lines.push(`${'abc'[i % 3]},${(i * 7) % 50},${i % 2 ? 'yes' : 'no'}`);
    const source = await upload('dp.csv', `${lines.join('\n')}\n`);
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: source, generator: 'privbayes', rows: 50, seed: 1, params: { epsilon: 1 } } });
    expect(started.status).toBe(202);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#model-privacy', { timeout: 30_000 });
    expect(await page.textContent('#model-privacy')).toMatch(/^Differentially private: ε = 1\.00, δ = 0 — PrivBayes/);
    expect((await call(stack.url, 'DELETE', `/files/${source}`)).status).toBe(204);
    await openDataset(started.json.generated_file_id);
    await page.waitForSelector('#source-deleted');
    expect(await page.isVisible('#parent-gone')).toBe(true);
    // The quality summary measured when it was generated stays; fresh measurements (privacy) need the source.
    expect(await page.locator('#quality #quality-overall').count()).toBe(1);
    expect(await page.locator('#privacy').count()).toBe(0);
  });

  it('lists every file even when the API pages them by size (very wide tables)', async () => {
    // A 1 024-column file whose columns each hold five 101-character categories has a record of ~675 KB: a page of
    // files stops at 4 MB, so seven need two pages. Long categories rather than 4 096 columns make the same record
    // size for under half the ingest time.
    const value = (k: number) => `${'v'.repeat(100)}${k}`;
    const csv = Array.from({ length: 1024 }, (_, j) => `column_name_${j}`).join(',') + '\n' + Array.from({ length: 5 }, (_, i) => Array.from({ length: 1024 }, (_, j) => value((i + j) % 5)).join(',')).join('\n') + '\n';
    const ids: string[] = [];
    for (let k = 0; k < 7; k++) ids.push(await upload(`wide${k}.csv`, csv));
    expect((await call<{ next?: string }>(stack.url, 'GET', '/files?limit=200')).json.next).toBeDefined();
    await page.goto(`${stack.url}/#/`);
    await page.waitForSelector('#file-list tbody tr');
    for (const id of ids) expect(await page.locator(`#file-list tr[data-file-id="${id}"]`).count()).toBe(1);
  }, 120_000);

  it('serves the app at / to any client, browser or not', async () => {
    const res = await fetch(`${stack.url}/`, { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    // Elsewhere a path that names no file is still a 404 for non-browsers.
    expect((await fetch(`${stack.url}/nope.js`, { headers: { accept: '*/*' } })).status).toBe(404);
  });

  it('logged no console errors', () => {
    expect(consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
