/**
 * Web leftovers of earlier reviews: a failed file's row in the list says why it failed (the reason
 * was only in the upload's own message, gone with the page, and in a tooltip); a binary file's reason
 * names no line; a file whose job has ended is shown once its record has settled, not after a fixed
 * second (a slow record meant a reload that found it still pending and drew the page again).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { call, dataset, fileSettled } from '../helpers/stack.js';
import { startWebApp, type WebApp } from '../helpers/web.js';

let app: WebApp;
beforeAll(async () => {
  app = await startWebApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

/** Uploaded by presigned URL, so that a file it cannot read is kept, failed, with its reason (a direct upload's refusal leaves nothing). */
async function uploadPresigned(name: string, body: Uint8Array | string, contentType = 'text/csv'): Promise<FileMeta> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // A copy on its own ArrayBuffer: what fetch's BodyInit accepts.
  const payload = new Uint8Array(bytes);
  const ticket = await call<UploadTicket>(app.stack.url, 'POST', '/files/upload', { json: { filename: name, size: bytes.length, contentType } });
  if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
  await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: payload });
  await call(app.stack.url, 'POST', `/files/${ticket.json.file_id}/complete`);
  return fileSettled(app.stack.url, ticket.json.file_id);
}

async function reasonInList(id: string): Promise<string> {
  const { page } = app;
  await page.goto('about:blank');
  await page.goto(`${app.stack.url}/#/`);
  const reason = page.locator(`#file-list tr[data-file-id="${id}"] .failure-reason`);
  await reason.waitFor();
  expect(await reason.isVisible()).toBe(true);
  return (await reason.textContent()) ?? '';
}

describe('the file list', () => {
  it("says on a failed file's row why it failed", async () => {
    const failed = await uploadPresigned('ragged.csv', 'a,b\n1,2\n3\n');
    expect(failed.status).toBe('failed');
    const text = await reasonInList(failed.file_id);
    expect(text).toBe(failed.failure!.detail);
    expect(text).toMatch(/line 3/i);
    expect(text).not.toMatch(/\n\s+at /); // no stack
  }, 120_000);

  it('says a binary file is not text, with no line number', async () => {
    const bytes = Buffer.from([...Buffer.from('a,b\n1,2\n'), ...new Uint8Array(4096).map((_, i) => (i * 7919) % 256)]);
    const failed = await uploadPresigned('photo.csv', bytes);
    expect(failed.status).toBe('failed');
    expect(failed.failure?.line).toBeUndefined();
    const text = await reasonInList(failed.file_id);
    expect(text).toMatch(/not text/);
    expect(text).not.toMatch(/\bline\b/i);
  }, 120_000);

  it('shows no reason on a ready file', async () => {
    const id = await app.upload('tiny.csv', 'a,b\n1,2\n3,4\n');
    await app.page.goto('about:blank');
    await app.page.goto(`${app.stack.url}/#/`);
    await app.page.waitForSelector(`#file-list tr[data-file-id="${id}"]`);
    expect(await app.page.locator(`#file-list tr[data-file-id="${id}"] .failure-reason`).count()).toBe(0);
  }, 120_000);
});

describe('a pending file whose job has ended', () => {
  it('is drawn again once its record has settled, not while it is still pending', async () => {
    const { page } = app;
    const context = page.context();
    const id = await app.upload('penguins.csv', await readFile(dataset('penguins.csv'), 'utf8'));
    const ready = (await call<FileMeta>(app.stack.url, 'GET', `/files/${id}`)).json;
    // Played by routes: the job has succeeded, but the file's record stays "generating" until `settled`.
    let settled = false;
    const pending: FileMeta = { ...ready, status: 'generating', lineage: { ...ready.lineage, details: { job_id: 'j_slow' } } };
    const fileUrl = (url: URL) => url.pathname === `/files/${id}`;
    await context.route(fileUrl, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(settled ? ready : pending) }),
    );
    await context.route('**/jobs/j_slow', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ job_id: 'j_slow', status: 'succeeded', progress: { step: 'done', percent: 100 } }) }),
    );
    try {
      await app.openDataset(id);
      const heading = await page.waitForSelector('#pending-h');
      expect(await heading.textContent()).toBe('This file is generating');
      // Past the old fixed second: the page has not been drawn again while the record was still pending.
      await page.waitForTimeout(2000);
      expect(await heading.evaluate((e) => e.isConnected)).toBe(true);
      settled = true;
      await page.waitForSelector('#file-status.ready', { timeout: 30_000 });
      expect(await heading.evaluate((e) => e.isConnected)).toBe(false);
    } finally {
      await context.unroute(fileUrl);
      await context.unroute('**/jobs/j_slow');
    }
  }, 120_000);
});
