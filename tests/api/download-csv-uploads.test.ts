/**
 * GET /synth/{id}/download?format=csv on an upload (fuzz review s25): CSV promises the CSV the service
 * writes — UTF-8, commas, a header — as GET /files/{id}/data?all=true&format=csv does. A Parquet or
 * JSON upload was redirected to its original bytes (`PAR1…`, named types.parquet); it and a
 * semicolon CSV are now its rows written as CSV, named .csv, while a CSV that already reads so is
 * its original. A decimal-comma column is written as README promises for every CSV of it: with its
 * decimal comma and the `;` that keeps it a number.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FileMeta } from '../../core/files/model.js';
import { call, fileSettled, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (name: string, content: string | Uint8Array, type: string) => {
  const up = await uploadDirect<FileMeta>(stack.url, name, content, type);
  expect(up.status).toBe(201);
  const meta = await fileSettled(stack.url, up.json.file_id);
  expect(meta.status).toBe('ready');
  return meta.file_id;
};

/** The CSV download: its bytes as text and the file name it is offered under. */
async function csvDownload(id: string): Promise<{ text: string; filename: string }> {
  const redirect = await call(stack.url, 'GET', `/synth/${id}/download?format=csv`);
  expect(redirect.status).toBe(302);
  const got = await fetch(redirect.headers.get('location')!);
  expect(got.status).toBe(200);
  const disposition = got.headers.get('content-disposition') ?? '';
  return { text: await got.text(), filename: /filename="([^"]*)"/.exec(disposition)?.[1] ?? disposition };
}

/** The whole-file CSV of GET /files/{id}/data, the promise the download keeps too. */
async function dataCsv(id: string): Promise<string> {
  const redirect = await call(stack.url, 'GET', `/files/${id}/data?all=true&format=csv`);
  expect(redirect.status).toBe(302);
  return (await fetch(redirect.headers.get('location')!)).text();
}

const lines = (text: string) => text.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);

it('a Parquet upload downloads as its rows in CSV, not its Parquet bytes', async () => {
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [1, 2, 3, 4], type: 'INT32' },
      { name: 'colour', data: ['red', 'blue', null, 'red'], type: 'STRING' },
    ],
  });
  const id = await upload('types.parquet', new Uint8Array(bytes), 'application/vnd.apache.parquet');
  const { text, filename } = await csvDownload(id);
  expect(text.startsWith('PAR1')).toBe(false);
  expect(lines(text)).toEqual(['id,colour', '1,red', '2,blue', '3,', '4,red']);
  expect(filename).toBe('types.csv');
  expect(text).toBe(await dataCsv(id));
}, 60_000);

it('a JSON upload downloads as CSV', async () => {
  const id = await upload('nested.json', JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }]), 'application/json');
  const { text, filename } = await csvDownload(id);
  expect(lines(text)).toEqual(['a,b', '1,x', '2,y', '3,z']);
  expect(filename).toBe('nested.csv');
}, 60_000);

it('a semicolon CSV with a BOM is written again with commas, as the route promises CSV', async () => {
  const semi = '\uFEFFname;value\r\n' + Array.from({ length: 12 }, (_, i) => `n${i};${i}.5`).join('\r\n') + '\r\n';
  const id = await upload('bomsemi.csv', semi, 'text/csv');
  const { text, filename } = await csvDownload(id);
  expect(lines(text).slice(0, 3)).toEqual(['name,value', 'n0,0.5', 'n1,1.5']);
  expect(filename).toBe('bomsemi.csv');
  expect(text).toBe(await dataCsv(id));
}, 60_000);

it('one with decimal commas keeps `;` and its decimal comma, the spelling every CSV of it is written in', async () => {
  // README: a decimal-comma column is written back as read, and its CSV keeps the `;` so it reads back as numbers.
  const semi = '\uFEFFname;value\r\n' + Array.from({ length: 12 }, (_, i) => `n${i};${i},5`).join('\r\n') + '\r\n';
  const id = await upload('eu.csv', semi, 'text/csv');
  const { text, filename } = await csvDownload(id);
  expect(text.startsWith('\uFEFF')).toBe(false); // written by the service, not the original bytes
  expect(lines(text).slice(0, 3)).toEqual(['name;value', 'n0;0,5', 'n1;1,5']);
  expect(filename).toBe('eu.csv');
  expect(text).toBe(await dataCsv(id));
}, 60_000);

it('a CSV that already reads as ours is its original, unchanged', async () => {
  const plain = 'name,value\n' + Array.from({ length: 12 }, (_, i) => `n${i},${i}.25`).join('\n') + '\n';
  const id = await upload('plain.csv', plain, 'text/csv');
  const { text, filename } = await csvDownload(id);
  expect(text).toBe(plain);
  expect(filename).toBe('plain.csv');
}, 60_000);
