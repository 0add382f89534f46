/**
 * GET /synth/{id}/download?format=json of a table whose records outgrow a reply: written once as a
 * JSON export under the file and redirected to (302), as Parquet is, not a 422 "ask for less" on a
 * route that takes no paging; the export goes with the file. Small tables still answer inline.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { jsonExportKey } from '../../core/generation/download.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const ROWS = 60_000;
const csv =
  'carat_weight,cut_quality,colour_grade,clarity_grade,price_in_dollars\n' +
  Array.from({ length: ROWS }, (_, i) => `${(i % 300) / 100},${['Ideal', 'Premium', 'Good'][i % 3]},${'DEFGHIJ'[i % 7]},VS${1 + (i % 2)},${300 + i}`).join('\n') +
  '\n';

async function ready(name: string, text: string): Promise<FileMeta> {
  const up = await uploadDirect<FileMeta>(stack.url, name, text);
  expect(up.status).toBeLessThan(300);
  const meta = await fileSettled(stack.url, up.json.file_id);
  expect(meta.status).toBe('ready');
  return meta;
}

it('a table too big to answer inline is redirected to its JSON export, written once and deleted with the file', async () => {
  const meta = await ready('big.csv', csv);
  const first = await call(stack.url, 'GET', `/synth/${meta.file_id}/download?format=json`);
  expect(first.status, first.text.slice(0, 300)).toBe(302);
  const location = first.headers.get('location')!;
  const rows = (await (await fetch(location)).json()) as Record<string, unknown>[];
  expect(rows).toHaveLength(ROWS);
  expect(rows[1]).toEqual({ carat_weight: 0.01, cut_quality: 'Premium', colour_grade: 'E', clarity_grade: 'VS2', price_in_dollars: 301 });

  const key = jsonExportKey(meta.file_id, meta.updated_at);
  expect(await stack.services.blobs.size(key)).toBeGreaterThan(6 * 2 ** 20);
  const again = await call(stack.url, 'GET', `/synth/${meta.file_id}/download?format=json`);
  expect(again.status).toBe(302);

  expect((await call(stack.url, 'DELETE', `/files/${meta.file_id}`)).status).toBe(204);
  expect(await stack.services.blobs.size(key)).toBeUndefined();
}, 120_000);

it('a small table answers its records inline', async () => {
  const meta = await ready('small.csv', 'a,b\n1,x\n2,y\n');
  const r = await call<Record<string, unknown>[]>(stack.url, 'GET', `/synth/${meta.file_id}/download?format=json`);
  expect(r.status).toBe(200);
  expect(r.json).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
});
