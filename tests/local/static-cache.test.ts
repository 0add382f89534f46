/**
 * The local server's caching of the built web app over HTTP: Vite names assets/* by content hash,
 * so they are kept a year as immutable; the page (index.html, also the answer for the app's other
 * paths) is revalidated on every load, so a new build is seen at once. Both had no Cache-Control.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from '../../local/stack.js';
import { cacheControl } from '../../local/static-cache.js';

let scratch: string;
let stack: RunningStack;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tabmimic-static-cache-'));
  const web = join(scratch, 'web');
  await mkdir(join(web, 'assets'), { recursive: true });
  await writeFile(join(web, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/index-3f2a9c1b.js"></script>');
  await writeFile(join(web, 'assets', 'index-3f2a9c1b.js'), 'export {};');
  await writeFile(join(web, 'assets', 'style-9d8e7f60.css'), 'body{}');
  await writeFile(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  stack = await startStack({ dataDir: join(scratch, 'data'), port: 0, webRoot: web });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const get = (path: string, accept = '*/*') => fetch(`${stack.url}${path}`, { headers: { accept } });

describe('over HTTP', () => {
  it.each(['/assets/index-3f2a9c1b.js', '/assets/style-9d8e7f60.css'])('%s is immutable for a year', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await r.arrayBuffer();
  });

  it.each([
    ['/', '*/*'],
    ['/index.html', '*/*'],
    ['/no/such/route', 'text/html,application/xhtml+xml'], // any other path a browser asks for: the page
  ])('%s (the page) is revalidated', async (path, accept) => {
    const r = await get(path, accept);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    await r.text();
  });

  it('leaves other files and API replies alone', async () => {
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBeNull();
    await icon.text();
    const api = await get('/files', 'application/json');
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
    await api.text();
  });

  it('keeps a missing asset a 404 problem, not cached for a year', async () => {
    const r = await get('/assets/gone-00000000.js');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
    await r.text();
  });
});

describe('cacheControl', () => {
  it('reads the path under the root, not a folder named assets above it', () => {
    expect(cacheControl('/srv/assets/web', '/srv/assets/web/app.js')).toBeUndefined();
    expect(cacheControl('/srv/web', '/srv/web/assets/a.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('/srv/web', '/srv/web/index.html')).toBe('no-cache');
    expect(cacheControl('/srv/web', '/srv/web/sub/index.html')).toBeUndefined();
  });
});
