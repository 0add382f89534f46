/**
 * Session 22's decimal-comma defects over HTTP on the embedded stack:
 * 1. a comma-delimited upload with quoted decimal commas (`1,"3,5"`) takes a schema edit to float,
 *    and its rows and synthetic CSV download write them back quoted in `,`, reading back (under the
 *    same type, as the source was read) to the numbers the JSON download gives; the generated
 *    file's own retype, which re-reads that CSV, keeps them;
 * 2. a tab-delimited source's whole-file and synthetic CSV downloads stay tab-delimited, and a
 *    re-upload infers the same types and numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { readCsvTable } from '../../core/table/csv.js';
import { call, downloaded, generated, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const N = 60;
const comma = (v: number, decimals: number) => v.toFixed(decimals).replace('.', ',');
const price = (i: number) => 3 + ((i * 37) % 97) / 4;
const typesOf = (meta: FileMeta) => meta.columns!.map((c) => [c.name, c.type]);

/** A generated file's id, once its job has succeeded. */
const generatedId = async (body: Record<string, unknown>): Promise<string> => (await generated(stack.url, body)).generated_file_id;

/** A generated file's CSV download, followed to its presigned location. */
const downloadedCsv = async (id: string): Promise<string> => (await downloaded(stack.url, id)).text();

/** The JSON download's numbers of `name`, and the same column of a CSV read back through our ingest. */
async function jsonNumbers(id: string, name: string): Promise<unknown[]> {
  const json = await call<{ records?: Record<string, unknown>[] } | Record<string, unknown>[]>(stack.url, 'GET', `/synth/${id}/download?format=json`);
  expect(json.status, json.text).toBe(200);
  const records = Array.isArray(json.json) ? json.json : json.json.records!;
  return records.map((r) => r[name]);
}
const csvNumbers = (t: Awaited<ReturnType<typeof readCsvTable>>, name: string) => {
  const c = t.table.columns.find((x) => x.name === name)!;
  return c.type === 'float' ? [...c.values].map((v) => (Number.isNaN(v) ? null : v)) : [];
};

describe('quoted decimal commas in a comma-delimited file', () => {
  const source = 'id,price,grp\n' + Array.from({ length: N }, (_, i) => `${i + 1},"${comma(price(i), 2)}",${'abc'[i % 3]}`).join('\n') + '\n';

  it('take a schema edit to float, and are written back quoted in `,` in rows and synthetic downloads', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'quoted.csv', source);
    expect(up.status, up.text).toBe(201);
    expect(up.json.dialect?.delimiter).toBe(',');
    expect(up.json.columns![1]!.type).not.toBe('float');
    const id = up.json.file_id;

    const edit = await call<FileMeta>(stack.url, 'PUT', `/files/${id}/schema`, { json: { columns: [{ name: 'price', type: 'float' }] } });
    expect(edit.status, edit.text).toBe(200);
    expect(edit.json.columns![1]).toMatchObject({ name: 'price', type: 'float', decimals: 2 });
    expect(edit.json.columns![1]!.reason).toContain('decimal comma');
    const page = await call<{ rows: Record<string, unknown>[] }>(stack.url, 'GET', `/files/${id}/data?limit=2`);
    expect(page.status, page.text).toBe(200);
    expect(page.json.rows.map((r) => r.price)).toEqual([price(0), price(1)]);

    // The file's own rows as CSV: as its source spells them.
    const rows = await call(stack.url, 'GET', `/files/${id}/data?format=csv&limit=2`);
    expect(rows.text.split('\n').slice(0, 3)).toEqual(source.split('\n').slice(0, 3));

    const gen = await generatedId({ file_id: id, generator: 'gaussian_copula', rows: 40, seed: 5 });
    const csv = await downloadedCsv(gen);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('id,price,grp');
    expect(lines).toHaveLength(41);
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d+,"-?\d+,\d{2}",[abc]$/);

    // Read back through our ingest, under the type the source was given: the JSON download's numbers.
    const reread = await readCsvTable(csv, { price: { type: 'float' } });
    expect(reread.dialect.delimiter).toBe(',');
    expect(csvNumbers(reread, 'price')).toEqual(await jsonNumbers(gen, 'price'));

    // The generated file's own retype re-reads that CSV with price kept as float.
    const retyped = await call<FileMeta>(stack.url, 'PUT', `/files/${gen}/schema`, { json: { columns: [{ name: 'grp', type: 'text' }] } });
    expect(retyped.status, retyped.text).toBe(200);
    expect(typesOf(retyped.json)).toEqual([['id', 'integer'], ['price', 'float'], ['grp', 'text']]);
    expect((await downloadedCsv(gen)).split('\n')[1]).toBe(lines[1]);
  });
});

describe('a tab-delimited decimal-comma source', () => {
  const source = 'price\trate\tgrp\n' + Array.from({ length: N }, (_, i) => `${comma(price(i), 2)}\t${i % 9 === 0 ? '' : comma(((i * 37) % 97) / 10 - 3, 1)}\t${'abc'[i % 3]}`).join('\n') + '\n';

  it('downloads tab-delimited, whole and synthetic, and reads back to the same numbers and types', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'eu.tsv', source);
    expect(up.status, up.text).toBe(201);
    expect(up.json.dialect?.delimiter).toBe('\t');
    expect(typesOf(up.json)).toEqual([['price', 'float'], ['rate', 'float'], ['grp', 'categorical']]);

    // The whole file as CSV is written from its typed copy (a tab file is not served as its bytes).
    const whole = await call(stack.url, 'GET', `/files/${up.json.file_id}/data?all=true&format=csv`);
    expect(whole.status, whole.text).toBe(302);
    expect(await (await fetch(whole.headers.get('location')!)).text()).toBe(source);

    const gen = await generatedId({ file_id: up.json.file_id, generator: 'gaussian_copula', rows: 40, seed: 7 });
    const csv = await downloadedCsv(gen);
    expect(csv.split('\n')[0]).toBe('price\trate\tgrp');
    for (const l of csv.trimEnd().split('\n').slice(1)) expect(l).toMatch(/^-?\d+,\d{2}\t(-?\d+,\d)?\t[abc]$/);

    const reread = await readCsvTable(csv);
    expect(reread.dialect.delimiter).toBe('\t');
    expect(csvNumbers(reread, 'price')).toEqual(await jsonNumbers(gen, 'price'));
    expect(csvNumbers(reread, 'rate')).toEqual(await jsonNumbers(gen, 'rate'));

    const again = await uploadDirect<FileMeta>(stack.url, 'again.tsv', csv);
    expect(again.status, again.text).toBe(201);
    expect(again.json.dialect?.delimiter).toBe('\t');
    expect(typesOf(again.json)).toEqual(typesOf(up.json));
  });
});
