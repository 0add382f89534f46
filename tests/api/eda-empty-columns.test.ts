/**
 * `columns: []` asks for nothing: every EDA route that takes `columns` answers it with the same 422
 * (describe and outliers had answered 200 with nothing while distributions and correlation refused it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let fileId: string;
beforeAll(async () => {
  stack = await testStack();
  fileId = (await uploadDirect<FileMeta>(stack.url, 'e.csv', 'a,b\n1,2\n3,5\n4,4\n')).json.file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

it.each([
  ['describe', 'name at least one column, or leave columns out for all'],
  ['outliers', 'name at least one column, or leave columns out for all'],
  ['distributions', 'name at least one column, or leave columns out for all'],
  ['correlation', 'name at least 2 columns, or leave columns out for all'],
])('/eda/%s with columns [] is a 422 saying to name columns or leave them out', async (route, says) => {
  const r = await call<{ detail: string }>(stack.url, 'POST', `/eda/${route}`, { json: { file_id: fileId, columns: [] } });
  expect(r.status).toBe(422);
  expect(r.type).toContain('application/problem+json');
  expect(r.json.detail).toBe(`columns: ${says}`);
  expect((await call(stack.url, 'POST', `/eda/${route}`, { json: { file_id: fileId } })).status).toBe(200);
});

it.each(['iqr', 'isolation_forest'])('/eda/outliers (%s) naming a column that is not a number is a 422 listing it, not a silent drop', async (method) => {
  const rows = Array.from({ length: 12 }, (_, i) => `${i % 2 ? 'Adelie' : 'Gentoo'},${3000 + i * 50}`);
  const id = (await uploadDirect<FileMeta>(stack.url, 'p.csv', ['species,body_mass_g', ...rows].join('\n') + '\n')).json.file_id;
  for (const columns of [['species'], ['species', 'body_mass_g']]) {
    const r = await call<{ detail: string; unusable: string[] }>(stack.url, 'POST', '/eda/outliers', { json: { file_id: id, method, columns } });
    expect(r.status, r.text).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.json.unusable).toEqual(['species']);
    expect(r.json.detail).toContain('species');
  }
  expect((await call(stack.url, 'POST', '/eda/outliers', { json: { file_id: id, method, columns: ['body_mass_g'] } })).status).toBe(200);
});
