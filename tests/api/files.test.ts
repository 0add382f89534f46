import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { UploadTicket } from '../../core/files/upload.js';
import { call, dataset, fileSettled, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

type DataPage = { total_rows: number; columns: string[]; rows: Record<string, unknown>[]; offset: number };

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const waitReady = (id: string) => fileSettled(stack.url, id, 120_000);

describe('meta routes', () => {
  it('reports health with store reachability', async () => {
    const r = await call<{ status: string; stores: { blobs: boolean; metadata: boolean } }>(stack.url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', stores: { blobs: true, metadata: true } });
  });

  it('documents every route in OpenAPI 3.1, with Swagger UI and ReDoc served offline', async () => {
    const { routes } = await import('../../core/api/routes.js');
    const doc = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(stack.url, 'GET', '/openapi.json');
    expect(doc.json.openapi).toBe('3.1.0');
    for (const r of routes) expect(doc.json.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    // Every $ref resolves from the document root (ReDoc and code generators need that).
    const refs = [...JSON.stringify(doc.json).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc.json);
      expect(target, ref).toBeDefined();
    }
    const docs = await call(stack.url, 'GET', '/docs');
    expect(docs.type).toContain('text/html');
    expect(docs.text).toContain('docs/assets/swagger-ui-bundle.js');
    expect(docs.text).not.toMatch(/https?:\/\//);
    const redoc = await call(stack.url, 'GET', '/redoc');
    expect(redoc.text).toContain('docs/assets/redoc.standalone.js');
    const asset = await fetch(`${stack.url}/docs/assets/redoc.standalone.js`);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await call(stack.url, 'GET', '/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('direct (multipart/form-data) upload', () => {
  let file: FileMeta;
  let original: Buffer;

  beforeAll(async () => {
    original = await readFile(dataset('penguins.csv'));
    const r = await uploadDirect<FileMeta>(stack.url, 'penguins.csv', original);
    expect(r.status).toBe(201);
    file = r.json;
  });

  it('ingests before replying, with rows and typed columns', () => {
    expect(file.status).toBe('ready');
    expect(file.rows).toBe(344);
    expect(file.size).toBe(original.length);
    const types = Object.fromEntries((file.columns ?? []).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ species: 'categorical', island: 'categorical', bill_length_mm: 'float', sex: 'categorical' });
    expect(file.columns?.find((c) => c.name === 'sex')?.missing).toBe(11);
    expect(file.lineage).toEqual({ operation: 'upload' });
  });

  it('lists it and returns its metadata', async () => {
    const list = await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files');
    expect(list.json.items.map((f) => f.file_id)).toContain(file.file_id);
    const got = await call<FileMeta>(stack.url, 'GET', `/files/${file.file_id}`);
    expect(got.json).toEqual(file);
  });

  it('pages the data as JSON, with a column selection', async () => {
    const page = await call<DataPage>(stack.url, 'GET', `/files/${file.file_id}/data?offset=340&limit=10&columns=species,body_mass_g`);
    expect(page.status).toBe(200);
    expect(page.json.total_rows).toBe(344);
    expect(page.json.columns).toEqual(['species', 'body_mass_g']);
    expect(page.json.rows).toHaveLength(4);
    expect(page.json.rows[3]).toEqual({ species: 'Chinstrap', body_mass_g: 3775 });
    const missing = await call<DataPage>(stack.url, 'GET', `/files/${file.file_id}/data?offset=3&limit=1`);
    expect(missing.json.rows[0]).toMatchObject({ species: 'Adelie', bill_length_mm: null, sex: null });
    // A name that holds a comma is selected in double quotes, as in a CSV record.
    const commas = (await uploadDirect<FileMeta>(stack.url, 'commas.csv', '"a,b",c\n1,x\n2,y\n')).json;
    const quoted = await call<DataPage>(stack.url, 'GET', `/files/${commas.file_id}/data?columns=${encodeURIComponent('"a,b"')}`);
    expect(quoted.json.columns).toEqual(['a,b']);
    expect(quoted.json.rows).toEqual([{ 'a,b': 1 }, { 'a,b': 2 }]);
  });

  it('returns a page as CSV in the source spelling', async () => {
    const page = await call(stack.url, 'GET', `/files/${file.file_id}/data?limit=3&format=csv`);
    expect(page.type).toContain('text/csv');
    expect(page.text.trim()).toBe(original.toString('utf8').split('\n').slice(0, 4).join('\n'));
  });

  it('redirects a full download to the original bytes', async () => {
    const r = await call(stack.url, 'GET', `/files/${file.file_id}/data?all=true`);
    expect(r.status).toBe(302);
    const download = await fetch(r.headers.get('location')!);
    expect(Buffer.from(await download.arrayBuffer()).equals(original)).toBe(true);
  });

  it('gives a whole semicolon file as the CSV we write when asked for CSV, and as uploaded otherwise', async () => {
    const whole = async (csv: string, query: string) => {
      const { file_id } = (await uploadDirect<FileMeta>(stack.url, 'semi.csv', csv)).json;
      const r = await call(stack.url, 'GET', `/files/${file_id}/data?all=true${query}`);
      expect(r.status).toBe(302);
      return (await fetch(r.headers.get('location')!)).text();
    };
    expect(await whole('a;b\n1;"x"\n2;y\n', '&format=csv')).toBe('a,b\n1,x\n2,y\n');
    expect(await whole('a;b\n1;"x"\n2;y\n', '')).toBe('a;b\n1;"x"\n2;y\n');
    // Decimal commas are written back as such, so our CSV keeps the semicolons a comma file could not.
    expect(await whole('a;b\n1,5;x\n2,25;y\n', '&format=csv')).toBe('a;b\n1,5;x\n2,25;y\n');
  });
});

describe('presigned upload', () => {
  it('uploads with one PUT, then ingests as a job', async () => {
    const bytes = await readFile(dataset('titanic.csv'));
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', {
      json: { filename: 'titanic.csv', size: bytes.length, contentType: 'text/csv' },
    });
    expect(ticket.status).toBe(201);
    if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
    const put = await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: bytes });
    expect(put.status).toBe(200);
    const done = await call<FileMeta>(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`);
    expect(done.status).toBe(202);
    expect(done.json.status).toBe('ingesting');
    const ready = await waitReady(ticket.json.file_id);
    expect(ready.status).toBe('ready');
    expect(ready.rows).toBe(1309);
    expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`)).status).toBe(409);
  });

  it('uploads a file above 64 MB in presigned parts', async () => {
    const row = '123456.789,abcdefgh,42,2024-01-02\n';
    const rows = Math.ceil((70 * 1024 * 1024) / row.length);
    const bytes = Buffer.from('x,label,n,day\n' + row.repeat(rows));
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', {
      json: { filename: 'big.csv', size: bytes.length, contentType: 'text/csv' },
    });
    expect(ticket.status).toBe(201);
    if (!('multipart' in ticket.json.upload)) throw new Error('expected a multipart upload');
    const { part_size, parts } = ticket.json.upload.multipart;
    expect(parts.length).toBeGreaterThan(1);
    const etags: { part_number: number; etag: string }[] = [];
    for (const part of parts) {
      const start = (part.part_number - 1) * part_size;
      const res = await fetch(part.url, { method: 'PUT', body: bytes.subarray(start, start + part_size) });
      expect(res.status).toBe(200);
      etags.push({ part_number: part.part_number, etag: res.headers.get('etag')! });
    }
    expect((await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`, { json: { parts: etags } })).status).toBe(202);
    const ready = await waitReady(ticket.json.file_id);
    expect(ready.failure).toBeUndefined();
    expect(ready.rows).toBe(rows);
    expect(ready.size).toBe(bytes.length);
    await call(stack.url, 'DELETE', `/files/${ticket.json.file_id}`);
  }, 180_000);

  it('refuses to complete an upload that never arrived', async () => {
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'x.csv', size: 10 } });
    const r = await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`);
    expect(r.status).toBe(409);
    expect(r.type).toContain('application/problem+json');
  });
});

describe('delete', () => {
  it('removes objects, metadata and jobs; is idempotent; 404 afterwards', async () => {
    const bytes = await readFile(dataset('airquality.csv'));
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'a.csv', size: bytes.length } });
    const id = ticket.json.file_id;
    if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
    await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body: bytes });
    await call(stack.url, 'POST', `/files/${id}/complete`);
    await waitReady(id);
    expect((await stack.services.blobs.list(`files/${id}/`)).length).toBeGreaterThan(1);
    expect((await stack.services.meta.listJobsForFile(id)).length).toBe(1);

    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
    expect(await stack.services.blobs.list(`files/${id}/`)).toEqual([]);
    expect(await stack.services.meta.listJobsForFile(id)).toEqual([]);
    expect((await call(stack.url, 'GET', `/files/${id}`)).status).toBe(404);
    expect((await call(stack.url, 'GET', `/files/${id}/data`)).status).toBe(404);
    expect((await call(stack.url, 'DELETE', `/files/${id}`)).status).toBe(204);
  });
});

describe('bad input is a problem+json 4xx, never a 500', () => {
  const expectProblem = (r: { status: number; type: string; json: { status: number; detail: string } }, status: number) => {
    expect(r.status).toBe(status);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.status).toBe(status);
    expect(r.json.detail.length).toBeGreaterThan(5);
    expect(JSON.stringify(r.json)).not.toMatch(/at .*\.(ts|js):\d+/);
  };

  it('unknown and malformed ids → 404', async () => {
    expectProblem(await call(stack.url, 'GET', '/files/f_0000000000000000000000'), 404);
    expectProblem(await call(stack.url, 'GET', '/files/not-an-id'), 404);
    expectProblem(await call(stack.url, 'GET', '/nowhere'), 404);
  });

  it('wrong method → 405, wrong content type → 415', async () => {
    expectProblem(await call(stack.url, 'PUT', '/files'), 405);
    expectProblem(await call(stack.url, 'POST', '/files/upload', { body: 'a,b', headers: { 'content-type': 'text/csv' } }), 415);
    expectProblem(await call(stack.url, 'POST', '/files/upload', { json: { filename: 'x.pdf', size: 5, contentType: 'application/pdf' } }), 415);
    expectProblem(await uploadDirect(stack.url, 'x.png', new Uint8Array([1, 2]), 'image/png'), 415);
  });

  it('bad JSON → 400, invalid fields → 422, too large → 413', async () => {
    expectProblem(await call(stack.url, 'POST', '/files/upload', { body: '{nope', headers: { 'content-type': 'application/json' } }), 400);
    expectProblem(await call(stack.url, 'POST', '/files/upload', { json: { filename: '', size: -1 } }), 422);
    expectProblem(await call(stack.url, 'POST', '/files/upload', { json: { filename: 'x.csv', size: 1e13 } }), 413);
    expectProblem(await call(stack.url, 'GET', '/files?limit=0'), 422);
    expectProblem(await call(stack.url, 'GET', '/files?cursor=garbage'), 422);
  });

  it.each([
    ['empty file', '', undefined],
    ['header only', 'a,b,c\n', undefined],
    ['ragged row', 'a,b,c\n1,2,3\n4,5\n6,7,8\n', 3],
  ])('%s → 422, leaving nothing behind', async (_name, content, line) => {
    const before = (await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length;
    const r = await uploadDirect(stack.url, 'bad.csv', content);
    expectProblem(r, 422);
    if (line !== undefined) expect(r.json.line).toBe(line);
    expect((await call<{ items: FileMeta[] }>(stack.url, 'GET', '/files?limit=1000')).json.items.length).toBe(before);
  });

  it('binary data → 422', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expectProblem(await uploadDirect(stack.url, 'data.csv', bytes), 422);
  });

  it('a bad file uploaded by presigned URL ends failed with the reason', async () => {
    const body = 'a,b\n1,2\n3\n';
    const ticket = await call<UploadTicket>(stack.url, 'POST', '/files/upload', { json: { filename: 'r.csv', size: body.length } });
    if (!('url' in ticket.json.upload)) throw new Error('expected a single presigned PUT');
    await fetch(ticket.json.upload.url, { method: 'PUT', headers: ticket.json.upload.headers, body });
    await call(stack.url, 'POST', `/files/${ticket.json.file_id}/complete`);
    const failed = await waitReady(ticket.json.file_id);
    expect(failed.status).toBe('failed');
    expect(failed.failure?.line).toBe(3);
    // The job ran the state machine's Catch → MarkFailed path: its record carries the user-facing reason.
    const [job] = await stack.services.meta.listJobsForFile(ticket.json.file_id);
    await until(async () => ((await stack.services.meta.getJob(job!.job_id))?.status === 'failed' ? true : undefined), 'job failure');
    expect((await stack.services.meta.getJob(job!.job_id))?.error).toMatchObject({ status: 422, detail: expect.stringContaining('Line 3') });
    expect(await stack.services.blobs.list(`files/${ticket.json.file_id}/columnar/`)).toEqual([]);
  });
});

describe('persistence', () => {
  it('keeps files across a restart on the same data directory', async () => {
    const { testStack: start } = await import('../helpers/stack.js');
    const first = await start();
    const up = await uploadDirect<FileMeta>(first.url, 'cars.csv', await readFile(dataset('cars.csv')));
    expect(up.status).toBe(201);
    await first.close();
    const second = await start(first.dataDir);
    try {
      const got = await call<FileMeta>(second.url, 'GET', `/files/${up.json.file_id}`);
      expect(got.json).toEqual(up.json);
      const page = await call<DataPage>(second.url, 'GET', `/files/${up.json.file_id}/data?limit=1`);
      expect(page.json.rows[0]).toMatchObject({ Name: 'chevrolet chevelle malibu', Year: '1970-01-01' });
    } finally {
      await second.destroy();
    }
  });
});
