/**
 * Byte-order marks, line endings and UTF-16 give a clear result (uploads review s26): the rows read
 * right, or a 422 that says what to do. UTF-16 JSON and JSON Lines were refused as "not valid UTF-8",
 * as "looks like JSON, not CSV" (when sent as CSV: the advice then failed too), or with a message
 * quoting the file's NUL bytes.
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

const utf16 = (text: string, order: 'le' | 'be' | 'none' = 'le'): Uint8Array => {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  const bom = order === 'le' ? [0xff, 0xfe] : order === 'be' ? [0xfe, 0xff] : [];
  return new Uint8Array(Buffer.concat([Buffer.from(bom), le]));
};
const csvCrlf = 'name,value\r\n' + Array.from({ length: 12 }, (_, i) => `n${i},${i}.5`).join('\r\n') + '\r\n';
const jsonArray = JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
const jsonLines = '{"a":1,"b":"x"}\r\n{"a":2,"b":"y"}\r\n';

it.each<[string, string | Uint8Array, string, string[]]>([
  ['bom-crlf.csv', '\uFEFF' + csvCrlf, 'text/csv', ['name', 'value']],
  ['cr-only.csv', csvCrlf.replaceAll('\r\n', '\r'), 'text/csv', ['name', 'value']],
  ['utf16le.csv', utf16(csvCrlf, 'le'), 'text/csv', ['name', 'value']],
  ['utf16be.csv', utf16(csvCrlf, 'be'), 'text/csv', ['name', 'value']],
  ['bom.json', '\uFEFF' + jsonArray, 'application/json', ['a', 'b']],
  ['bom.jsonl', '\uFEFF' + jsonLines, 'application/x-ndjson', ['a', 'b']],
  ['bom-lines-called.csv', '\uFEFF' + jsonLines, 'text/csv', ['a', 'b']],
])('%s reads as its rows, its header clean', async (name, content, type, columns) => {
  const up = await uploadDirect<FileMeta>(stack.url, name, content, type);
  expect(up.status).toBe(201);
  const meta = await fileSettled(stack.url, up.json.file_id);
  expect(meta.status).toBe('ready');
  expect((meta.columns ?? []).map((c) => c.name)).toEqual(columns);
  const redirect = await call(stack.url, 'GET', `/files/${meta.file_id}/data?all=true&format=csv`);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
  expect(text.split('\n')[0]).toBe(columns.join(','));
}, 60_000);

it.each<[string, Uint8Array, string]>([
  ['utf16.json', utf16(jsonArray), 'application/json'],
  ['utf16.jsonl', utf16(jsonLines), 'application/x-ndjson'],
  ['utf16-json-called.csv', utf16(jsonArray), 'text/csv'],
])('%s is refused, saying to save it as UTF-8', async (name, content, type) => {
  const up = await uploadDirect(stack.url, name, content, type);
  expect(up.status).toBe(422);
  expect(up.json.detail).toMatch(/UTF-16LE text.*save it as UTF-8/);
  expect(up.json.detail).not.toMatch(/[\u0000\uFFFD]/);
}, 60_000);

it('UTF-16 without a BOM is refused as not text, naming UTF-16', async () => {
  const up = await uploadDirect(stack.url, 'nobom.csv', utf16(csvCrlf, 'none'), 'text/csv');
  expect(up.status).toBe(422);
  expect(up.json.detail).toMatch(/UTF-16 without a byte-order mark/);
}, 60_000);
