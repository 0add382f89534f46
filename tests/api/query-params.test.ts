/**
 * One rule for query parameters on every route (functions/lib/http.ts): a parameter the route does
 * not name is a 422, also on routes that take none; integers are decimal digits only; an empty value
 * is a 422 like any bad value; and beside all=true, parameters that would be ignored are a 422.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let id: string;
beforeAll(async () => {
  stack = await testStack();
  const up = await uploadDirect<FileMeta>(stack.url, 'pets.csv', 'species,weight\n' + Array.from({ length: 40 }, (_, i) => `${['cat', 'dog'][i % 2]},${i + 1}`).join('\n') + '\n');
  id = (await fileSettled(stack.url, up.json.file_id)).file_id;
});
afterAll(async () => {
  await stack?.destroy();
});

it('a route that takes no query parameters refuses one by name', async () => {
  const r = await call(stack.url, 'GET', `/files/${id}?bogus=1`);
  expect(r.status).toBe(422);
  expect(r.json.detail).toBe('Unknown query parameter: bogus; this route takes none.');
  const gen = await call(stack.url, 'POST', '/synth/generate?rows=5&seed=abc', { json: { file_id: id, generator: 'gaussian_copula', rows: 2 } });
  expect(gen.status).toBe(422);
  expect(gen.json.unknown).toEqual(['rows', 'seed']);
});

it.each(['0x10', '1e1', ' 16', '16.0', '+16', '-0'])('offset=%s is not a decimal integer', async (value) => {
  const r = await call(stack.url, 'GET', `/files/${id}/data?offset=${encodeURIComponent(value)}`);
  expect(r.status).toBe(422);
  expect(r.json.detail).toBe(`offset: must be a whole number in decimal digits, got ${JSON.stringify(value)}`);
});

it('decimal integers still page', async () => {
  const r = await call<{ offset: number; limit: number; rows: unknown[] }>(stack.url, 'GET', `/files/${id}/data?offset=16&limit=4`);
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ offset: 16, limit: 4 });
  expect(r.json.rows).toEqual([{ species: 'cat', weight: 17 }, { species: 'dog', weight: 18 }, { species: 'cat', weight: 19 }, { species: 'dog', weight: 20 }]);
  expect((await call(stack.url, 'GET', '/files?limit=5')).status).toBe(200);
});

it.each(['offset', 'limit', 'columns', 'format'])('an empty %s is refused, as any bad value is', async (name) => {
  const r = await call(stack.url, 'GET', `/files/${id}/data?${name}=`);
  expect(r.status).toBe(422);
  expect(r.json.detail).toBe(`${name}: empty; give a value or leave ${name} out`);
});

it('with all=true, parameters that would be ignored are refused; format=csv applies', async () => {
  const r = await call(stack.url, 'GET', `/files/${id}/data?all=true&columns=species&offset=5`);
  expect(r.status).toBe(422);
  expect(r.json.detail).toMatch(/^offset, columns do not apply with all=true: it downloads the whole file/);
  const json = await call(stack.url, 'GET', `/files/${id}/data?all=true&format=json`);
  expect(json.status).toBe(422);
  expect(json.json.detail).toContain('format=json does not apply with all=true');
  expect((await call(stack.url, 'GET', `/files/${id}/data?all=true&format=csv`)).status).toBe(302);
  expect((await call(stack.url, 'GET', `/files/${id}/data?all=true`)).status).toBe(302);
  expect((await call(stack.url, 'GET', `/files/${id}/data?all=false&offset=5`)).status).toBe(200);
});

it.each([`/files/{id}/data`, '/files'])('on %s, a limit past any number is one error; a parameter given twice says so', async (route) => {
  const path = route.replace('{id}', id);
  const max = route === '/files' ? 1000 : 10_000;
  const huge = await call(stack.url, 'GET', `${path}?limit=99999999999999999999999`);
  expect(huge.status).toBe(422);
  expect(huge.json.detail).toBe(`limit: Too big: expected number to be <=${max}`);
  expect(huge.json.errors).toHaveLength(1);
  const twice = await call(stack.url, 'GET', `${path}?limit=2&limit=3`);
  expect(twice.status).toBe(422);
  expect(twice.json.detail).toBe('limit: given twice; give it once');
});

it('an offset past 2^53 is refused, not rounded into range', async () => {
  const r = await call(stack.url, 'GET', `/files/${id}/data?offset=9007199254740993`);
  expect(r.status).toBe(422);
  expect(r.json.detail).toBe(`offset: Too big: expected number to be <=${Number.MAX_SAFE_INTEGER}`);
});
