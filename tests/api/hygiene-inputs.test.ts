/**
 * Small input-hygiene defects a fuzzer found: unknown query parameters, empty and repeated column
 * lists, an empty target, a pipeline of no steps, binary Parquet columns, huge condition values
 * echoed back, HEAD requests. Each is a clear 4xx (or a plain answer), never silently ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let file: FileMeta;
beforeAll(async () => {
  stack = await testStack();
  const lines = ['n,cat,amount'];
  for (let i = 1; i <= 40; i++) lines.push(`${i % 7},c${i % 3},${10 + i * 3}`);
  const r = await uploadDirect<FileMeta>(stack.url, 'h.csv', lines.join('\n') + '\n');
  expect(r.status, r.text).toBe(201);
  file = r.json;
});
afterAll(async () => {
  await stack?.destroy();
});

const get = (path: string) => call(stack.url, 'GET', path);
const post = (path: string, json: unknown) => call(stack.url, 'POST', path, { json });

describe('query parameters', () => {
  it('refuses an unknown parameter with a 422 naming it', async () => {
    for (const [path, name] of [
      ['/files?status=bogus', 'status'],
      ['/files?offset=1e20', 'offset'],
      [`/files/${file.file_id}/data?limt=5`, 'limt'],
      [`/files/${file.file_id}/schema?fromat=sdv`, 'fromat'],
    ] as const) {
      const r = await get(path);
      expect(r.status, `${path}: ${r.text}`).toBe(422);
      expect(r.type).toContain('application/problem+json');
      expect(r.json.detail).toContain(name);
      expect(r.json.unknown).toEqual([name]);
    }
  });

  it('still takes the declared ones, and names an invalid value', async () => {
    expect((await get('/files?limit=5')).status).toBe(200);
    const r = await get(`/files/${file.file_id}/data?offset=1e20`);
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('offset');
  });
});

describe('columns of a data page', () => {
  it('refuses an empty list (leaving it out means all columns)', async () => {
    for (const columns of ['', ',', ' , ']) {
      const r = await get(`/files/${file.file_id}/data?columns=${encodeURIComponent(columns)}`);
      expect(r.status, r.text).toBe(422);
      expect(r.json.detail).toContain('columns');
    }
    const all = await call<{ columns: string[] }>(stack.url, 'GET', `/files/${file.file_id}/data?limit=1`);
    expect(all.json.columns).toEqual(['n', 'cat', 'amount']);
  });

  it('refuses a column named twice, naming it', async () => {
    const r = await get(`/files/${file.file_id}/data?columns=cat,n,cat`);
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('columns: cat given more than once');
  });

  it('refuses an unknown column', async () => {
    const r = await get(`/files/${file.file_id}/data?columns=cat,nope`);
    expect(r.status).toBe(422);
    expect(r.json.detail).toContain('nope');
  });
});

describe('feature suggestions and pipelines', () => {
  it('refuses an empty target like any unknown column', async () => {
    const empty = await post('/features/suggestions', { file_id: file.file_id, target: '' });
    expect(empty.status, empty.text).toBe(422);
    expect((await post('/features/suggestions', { file_id: file.file_id, target: 'nope' })).status).toBe(422);
    expect((await post('/features/suggestions', { file_id: file.file_id, target: 'cat' })).status).toBe(200);
  });

  it('refuses a saved pipeline of no steps', async () => {
    const r = await post('/features/apply', { file_id: file.file_id, pipeline: { format: 'tabmimic.features.v1', input_columns: [], steps: [] } });
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('pipeline.steps');
  });
});

describe('Parquet with a binary column', () => {
  it('names the binary column and says binary is not supported', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, 2, 3], type: 'INT32' },
        { name: 'blob', data: [new Uint8Array([0xff, 0xfe, 0x00, 0x81]), new Uint8Array([0xc3, 0x28]), new Uint8Array([0x89, 0x50, 0x4e, 0x47])], type: 'BYTE_ARRAY' },
      ],
    });
    const r = await uploadDirect(stack.url, 'b.parquet', new Uint8Array(bytes), 'application/vnd.apache.parquet');
    expect(r.status, r.text).toBe(422);
    expect(r.json.detail).toContain('"blob"');
    expect(r.json.detail).toMatch(/binary columns are not supported/);
    expect(r.json.detail).not.toMatch(/UTF-16|CSV/);
  });

  it('still reads an unannotated BYTE_ARRAY column of UTF-8 text', async () => {
    const enc = new TextEncoder();
    const bytes = parquetWriteBuffer({
      columnData: [{ name: 'word', data: ['ab', 'ü', 'c d'].map((w) => enc.encode(w)), type: 'BYTE_ARRAY' }],
    });
    const r = await uploadDirect<FileMeta>(stack.url, 't.parquet', new Uint8Array(bytes), 'application/vnd.apache.parquet');
    expect(r.status, r.text).toBe(201);
    expect(r.json.rows).toBe(3);
  });
});

describe('condition values in problems', () => {
  it('truncates a huge rejected value and keeps a short one whole', async () => {
    const huge = 'x'.repeat(500_000);
    const r = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { cat: huge } });
    expect(r.status).toBe(422);
    expect(r.json.detail.length).toBeLessThan(1000);
    expect(r.json.detail).toContain('…');
    expect(r.text.length).toBeLessThan(5000);
    const short = await post('/synth/generate', { file_id: file.file_id, generator: 'gaussian_copula', seed: 1, rows: 5, conditions: { cat: 'zz' } });
    expect(short.status).toBe(422);
    expect(short.json.detail).toContain('cat = "zz": the data has no such category');
  });
});

describe('HEAD', () => {
  it('is allowed where GET is, without a body', async () => {
    const r = await call(stack.url, 'HEAD', '/health');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const wrong = await call(stack.url, 'PUT', '/health');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });
});
