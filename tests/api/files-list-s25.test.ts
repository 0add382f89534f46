/**
 * GET /files (fuzz review s25): a cursor is refused with a 422 unless it is the key a page ends on
 * (this tenant's partition, a `FILE#` sort key, nothing else), where a tampered one reached DynamoDB
 * and came back a 500; and a listed file whose parent was deleted says so, as GET /files/{id} does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, featuresApplied, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const csv = ['a,b', ...Array.from({ length: 30 }, (_, i) => `${i},k${i % 3}`)].join('\n') + '\n';
const upload = async (name: string) => (await fileSettled(stack.url, (await uploadDirect<FileMeta>(stack.url, name, csv)).json.file_id)).file_id;
const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
type Page = { items: FileMeta[]; next?: string };

describe('list cursors', () => {
  let next: string;
  beforeAll(async () => {
    for (const name of ['one.csv', 'two.csv', 'three.csv']) await upload(name);
    const first = await call<Page>(stack.url, 'GET', '/files?limit=2');
    expect(first.status).toBe(200);
    next = first.json.next!;
    expect(next).toBeDefined();
  }, 60_000);

  it('the next value of a page leads to the rest', async () => {
    const rest = await call<Page>(stack.url, 'GET', `/files?limit=2&cursor=${next}`);
    expect(rest.status).toBe(200);
    expect(rest.json.items.map((f) => f.filename)).toEqual(['one.csv']);
  });

  const tampered: [string, unknown][] = [
    ['a sort key before the files', { pk: 'TENANT#default', sk: 'A' }],
    ['a sort key after the files', { pk: 'TENANT#default', sk: 'ZZZ' }],
    ['a model key', { pk: 'TENANT#default', sk: 'MODEL#m_0' }],
    ['a job key', { pk: 'TENANT#default', sk: 'JOB#j_0' }],
    ['a bare FILE# prefix', { pk: 'TENANT#default', sk: 'FILE#' }],
    ['an extra attribute', { pk: 'TENANT#default', sk: 'FILE#f_0', doc: 1 }],
    ['another tenant', { pk: 'TENANT#other', sk: 'FILE#f_0' }],
    ['a number sort key', { pk: 'TENANT#default', sk: 7 }],
    ['no sort key', { pk: 'TENANT#default' }],
    ['an array', ['TENANT#default', 'FILE#f_0']],
    ['null', null],
  ];
  it.each(tampered)('%s is a 422 "Invalid cursor", never a 500', async (_, key) => {
    const r = await call(stack.url, 'GET', `/files?limit=2&cursor=${cursorOf(key)}`);
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.detail).toMatch(/^Invalid cursor/);
  });

  it('bytes that are not JSON are a 422 too', async () => {
    const r = await call(stack.url, 'GET', '/files?cursor=bm90IGpzb24');
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/^Invalid cursor/);
  });

  it('a well-formed file key, even of no file, pages on from there', async () => {
    const r = await call<Page>(stack.url, 'GET', `/files?limit=2&cursor=${cursorOf({ pk: 'TENANT#default', sk: 'FILE#f_0' })}`);
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([]);
  });
});

it('a listed file whose parent was deleted has lineage.parent_deleted, as its GET has', async () => {
  const source = await upload('source.csv');
  const applied = await featuresApplied(stack.url, { file_id: source, steps: [{ kind: 'one_hot', column: 'b' }] });
  const listed = async () => (await call<Page>(stack.url, 'GET', '/files?limit=1000')).json.items.find((f) => f.file_id === applied.file_id)!;
  expect((await listed()).lineage.parent_deleted).toBeUndefined();
  expect((await call(stack.url, 'DELETE', `/files/${source}`)).status).toBe(204);
  const got = (await call<FileMeta>(stack.url, 'GET', `/files/${applied.file_id}`)).json;
  expect(got.lineage).toMatchObject({ parent: source, parent_deleted: true });
  expect((await listed()).lineage).toEqual(got.lineage);
}, 120_000);

it('/openapi.json says what DELETE /files/{id} deletes and what it keeps', async () => {
  type Op = { summary: string; description?: string };
  const doc = (await call<{ paths: Record<string, Record<string, Op>> }>(stack.url, 'GET', '/openapi.json')).json;
  const op = doc.paths['/files/{id}']!.delete!;
  expect(op.summary).not.toMatch(/everything derived/);
  expect(op.summary).toMatch(/models fitted on it/);
  expect(op.description).toMatch(/the jobs that read or write it/);
  expect(op.description).toMatch(/Kept: finished generated, sampled and feature-applied files/);
  expect(op.description).toMatch(/lineage\.parent_deleted/);
  const lineage = JSON.stringify(doc).match(/"parent_deleted":\{[^}]*\}/)![0];
  expect(lineage).toContain('GET /files and GET /files/{id}');
});
