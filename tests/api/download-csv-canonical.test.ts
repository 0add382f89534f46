/**
 * `format=csv` of an upload is the service's CSV — UTF-8 without a BOM, commas, the header as the
 * columns are named, a .csv name — and the original bytes only when they already are exactly that
 * (uploads review s26). A comma CSV called `data.txt` or `export` was handed out as itself under its
 * own name; a BOM, an Excel `sep=,` line or a header renamed on ingest was handed out as written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

async function upload(name: string, content: string, type: string): Promise<string> {
  const up = await uploadDirect<FileMeta>(stack.url, name, content, type);
  expect(up.status).toBe(201);
  const meta = await fileSettled(stack.url, up.json.file_id);
  expect(meta.status).toBe('ready');
  return meta.file_id;
}

/** Both whole-file CSV routes: their bytes (which must agree) and the name each offers. */
async function csvOf(id: string): Promise<{ text: string; filenames: string[] }> {
  const texts: string[] = [];
  const filenames: string[] = [];
  for (const path of [`/files/${id}/data?all=true&format=csv`, `/synth/${id}/download?format=csv`]) {
    const redirect = await call(stack.url, 'GET', path);
    expect(redirect.status).toBe(302);
    const got = await fetch(redirect.headers.get('location')!);
    expect(got.status).toBe(200);
    // Decoded keeping a BOM: Response.text() drops one, and a BOM is what one case checks for.
    texts.push(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await got.arrayBuffer()));
    filenames.push(/filename="([^"]*)"/.exec(got.headers.get('content-disposition') ?? '')?.[1] ?? '');
  }
  expect(texts[1]).toBe(texts[0]);
  return { text: texts[0]!, filenames };
}

const rows = Array.from({ length: 12 }, (_, i) => `n${i},${i}.25`).join('\n') + '\n';

it.each([
  ['data.txt', 'text/plain', 'data.csv'],
  ['export', 'application/octet-stream', 'export.csv'],
  ['table.tsv', 'text/tab-separated-values', 'table.csv'],
])('a canonical CSV called %s is its bytes, named .csv', async (name, type, want) => {
  const plain = `name,value\n${rows}`;
  const id = await upload(name, plain, type);
  const { text, filenames } = await csvOf(id);
  expect(text).toBe(plain);
  expect(filenames).toEqual([want, want]);
}, 60_000);

it('a tab-separated file called .txt is written with commas, named .csv', async () => {
  const id = await upload('tabs.txt', `name\tvalue\n${rows.replaceAll(',', '\t')}`, 'text/plain');
  const { text, filenames } = await csvOf(id);
  expect(text).toBe(`name,value\n${rows}`);
  expect(filenames).toEqual(['tabs.csv', 'tabs.csv']);
}, 60_000);

it('a comma CSV with a BOM is written without it', async () => {
  const id = await upload('bom.csv', `\uFEFFname,value\n${rows}`, 'text/csv');
  expect((await csvOf(id)).text).toBe(`name,value\n${rows}`);
}, 60_000);

it("an Excel `sep=,` line is not part of the service's CSV", async () => {
  const id = await upload('excel.csv', `sep=,\nname,value\n${rows}`, 'text/csv');
  expect((await csvOf(id)).text).toBe(`name,value\n${rows}`);
}, 60_000);

it('a header renamed on ingest (a blank, a repeat, spaces) is written as the columns are named', async () => {
  const id = await upload('names.csv', ` name ,value,value\n${Array.from({ length: 12 }, (_, i) => `n${i},${i},${i + 1}`).join('\n')}\n`, 'text/csv');
  const meta = await fileSettled(stack.url, id);
  const header = (meta.columns ?? []).map((c) => c.name).join(',');
  expect(header).not.toBe(' name ,value,value');
  expect((await csvOf(id)).text.split('\n')[0]).toBe(header);
}, 60_000);

it('a CRLF comma CSV called .csv is still its original', async () => {
  const crlf = `name,value\r\n${rows.replaceAll('\n', '\r\n')}`;
  const id = await upload('crlf.csv', crlf, 'text/csv');
  const { text, filenames } = await csvOf(id);
  expect(text).toBe(crlf);
  expect(filenames).toEqual(['crlf.csv', 'crlf.csv']);
}, 60_000);
