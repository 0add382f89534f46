/**
 * The web app in headless Chromium: the "Sample more rows from this model" form takes constraints as
 * the sample route does, with the generate form's editor (its helper, help and checks) under ids of
 * its own, since both forms are on a synthetic file's page. Screenshots go to tests/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, dataset, jobEnded } from '../helpers/stack.js';
import { ARTIFACTS, startWebApp, type WebApp } from '../helpers/web.js';
import type { RunningStack } from '../../local/stack.js';
import { CONSTRAINT_KINDS } from '../../web/src/views/constraints-help.js';

let app: WebApp;
let stack: RunningStack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  app = await startWebApp({ viewport: { width: 1280, height: 900 } });
  ({ stack, page, consoleErrors } = app);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('web app: constraints when sampling again from a model', () => {
  it('builds, checks and sends them, records them on the new file, and fills them in there', async () => {
    const titanic = await app.upload('titanic.csv', await readFile(dataset('titanic.csv'), 'utf8'));
    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', { json: { file_id: titanic, generator: 'gaussian_copula', rows: 200, seed: 3 } });
    expect(started.status).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    await app.openDataset(started.json.generated_file_id);
    await page.waitForSelector('#sample-submit');
    // The generate form, folded further down the page, comes in last.
    await page.waitForSelector('#generate-submit', { state: 'attached' });

    // The generate form's editor, once per form: every type in the help, ids apart.
    expect(await page.inputValue('#sample-constraints')).toBe('');
    // Empty, it shows the generate form's example: a constraint the model's source keeps (every age is above 0).
    await expect.poll(() => page.getAttribute('#sample-constraints', 'placeholder'), { timeout: 30_000 }).toBe('e.g. [{"type": "positive", "column": "age"}]');
    expect(await page.locator('#sample-constraints-help li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-type')))).toEqual(CONSTRAINT_KINDS.map((k) => k.type));
    for (const id of ['constraints-help', 'constraint-type', 'constraint-add', 'constraints-error']) {
      expect(await page.locator(`#${id}`).count(), id).toBe(1);
      expect(await page.locator(`#sample-${id}`).count(), `sample-${id}`).toBe(1);
    }
    expect(await page.getAttribute('#sample-constraints', 'aria-describedby')).toBe('sample-constraints-error sample-constraints-help');

    // A mistake is said next to the field, and a submit sends nothing.
    await page.fill('#sample-constraints', '[{"type": "positive", "column": "agee"}]');
    await page.locator('#sample-constraints').blur();
    await expect.poll(() => page.textContent('#sample-constraints-error'), { timeout: 20_000 }).toContain('no column named "agee"');
    expect(await page.isHidden('#constraints-error')).toBe(true);
    await page.click('#sample-submit');
    await expect.poll(() => page.textContent('#error .banner-text'), { timeout: 20_000 }).toBe('Constraints: Constraint 1 (positive): no column named "agee" in this file.');
    expect(await page.isHidden('#sample-progress')).toBe(true);

    // Built with the helper (ages of real passengers run from 0.17 to 80), then sent.
    await page.fill('#sample-constraints', '');
    await page.selectOption('#sample-constraint-type', 'range');
    await page.selectOption('#sample-constraint-first', 'age');
    await page.fill('#sample-constraint-extra', '0, 80');
    await page.click('#sample-constraint-add');
    const range = { type: 'range', column: 'age', min: 0, max: 80 };
    expect(JSON.parse(await page.inputValue('#sample-constraints'))).toEqual([range]);
    await page.fill('#sample-rows', '40');
    await page.fill('#sample-seed', '9');
    await page.click('#sample-submit');
    await page.waitForSelector('#sample-link', { timeout: 60_000 });
    await page.locator('#sample').screenshot({ path: join(ARTIFACTS, 'sample-constraints.png') });

    const sampled = (await page.getAttribute('#sample-link', 'href'))!.replace('#/files/', '');
    const meta = await call<{ lineage: { details: { constraints?: unknown[] } } }>(stack.url, 'GET', `/files/${sampled}`);
    expect(meta.json.lineage.details.constraints).toEqual([range]);
    const rows = await call<{ rows: { age: number | null }[] }>(stack.url, 'GET', `/files/${sampled}/data?limit=40`);
    expect(rows.json.rows.every((r) => r.age === null || (r.age >= 0 && r.age <= 80))).toBe(true);

    // On the new file, "more rows like these" keeps them.
    await page.click('#sample-link');
    await page.waitForSelector('#sample-submit');
    expect(JSON.parse(await page.inputValue('#sample-constraints'))).toEqual([range]);
    expect(await page.textContent('#sample-about')).toContain('The constraints this file was made with are filled in');
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
