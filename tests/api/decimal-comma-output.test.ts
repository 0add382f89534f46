/**
 * A `;`-delimited upload whose numbers have a decimal comma (`0,33`, `1.234,56`), over HTTP on the
 * embedded stack: the synthetic CSV download and the file's CSV data keep the decimal comma (and
 * its `.` groups), read back to the numbers the JSON download gives, and a re-upload of the
 * download infers the same column types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import type { Job } from '../../core/jobs/model.js';
import { readCsvTable } from '../../core/table/csv.js';
import { call, testStack, until, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const N = 80;
const comma = (v: number, decimals: number) => v.toFixed(decimals).replace('.', ',');
const grouped = (v: number) => comma(v, 2).replace(/\B(?=(\d{3})+,)/g, '.');
const source =
  'price;rate;grp\n' +
  Array.from({ length: N }, (_, i) => `${grouped(250 + ((i * 7919) % 4000) + (i % 100) / 100)};${i % 9 === 0 ? '' : comma(((i * 37) % 97) / 10 - 3, 1)};${'abc'[i % 3]}`).join('\n') +
  '\n';

/** Followed to its presigned location. */
async function downloadText(path: string): Promise<string> {
  const r = await call(stack.url, 'GET', path);
  expect(r.status, r.text).toBe(302);
  return (await fetch(r.headers.get('location')!)).text();
}

const typesOf = (meta: FileMeta) => meta.columns!.map((c) => [c.name, c.type]);

describe('decimal comma kept on output', () => {
  it('a generated file downloads as `;` CSV with decimal commas that read back to the same numbers and types', async () => {
    const up = await uploadDirect<FileMeta>(stack.url, 'eu.csv', source);
    expect(up.status, up.text).toBe(201);
    expect(up.json.dialect?.delimiter).toBe(';');
    expect(typesOf(up.json)).toEqual([['price', 'float'], ['rate', 'float'], ['grp', 'categorical']]);
    expect(up.json.columns![0]!.reason).toContain('decimal comma');

    // The file's own rows as CSV: in its spelling too.
    const page = await call(stack.url, 'GET', `/files/${up.json.file_id}/data?format=csv&limit=2`);
    expect(page.text.split('\n').slice(0, 3)).toEqual(source.split('\n').slice(0, 3));

    const started = await call<{ job_id: string; generated_file_id: string }>(stack.url, 'POST', '/synth/generate', {
      json: { file_id: up.json.file_id, generator: 'gaussian_copula', rows: 60, seed: 11 },
    });
    expect(started.status, started.text).toBe(202);
    const job = await until(async () => {
      const r = await call<Job>(stack.url, 'GET', `/synth/jobs/${started.json.job_id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(r.json.status) ? r.json : undefined;
    }, 'generation', 60_000);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    const id = started.json.generated_file_id;

    const csv = await downloadText(`/synth/${id}/download?format=csv`);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('price;rate;grp');
    expect(lines).toHaveLength(61);
    const prices = lines.slice(1).map((l) => l.split(';')[0]!);
    const rates = lines.slice(1).map((l) => l.split(';')[1]!);
    // Two decimals, a decimal comma, `.` between thousands; no point anywhere else.
    for (const p of prices) expect(p).toMatch(/^-?[1-9]\d{0,2}(\.\d{3})*,\d{2}$|^-?\d{1,3},\d{2}$/);
    expect(prices.some((p) => p.includes('.'))).toBe(true);
    for (const r of rates.filter((x) => x !== '')) expect(r).toMatch(/^-?\d+,\d$/);

    // The same numbers as the JSON download (JSON numbers stay numbers).
    const json = await call<{ records?: Record<string, unknown>[] } | Record<string, unknown>[]>(stack.url, 'GET', `/synth/${id}/download?format=json`);
    expect(json.status, json.text).toBe(200);
    const records = Array.isArray(json.json) ? json.json : json.json.records!;
    expect(typeof records[0]!.price).toBe('number');
    const reread = await readCsvTable(csv);
    const values = (name: string) => {
      const c = reread.table.columns.find((x) => x.name === name)!;
      return c.type === 'float' ? [...c.values].map((v) => (Number.isNaN(v) ? null : v)) : [];
    };
    expect(values('price')).toEqual(records.map((r) => r.price));
    expect(values('rate')).toEqual(records.map((r) => r.rate));

    // A round trip: the download uploaded again is typed as the source was.
    const again = await uploadDirect<FileMeta>(stack.url, 'again.csv', csv);
    expect(again.status, again.text).toBe(201);
    expect(again.json.dialect?.delimiter).toBe(';');
    expect(typesOf(again.json)).toEqual(typesOf(up.json));
    expect(again.json.columns![0]!.reason).toContain('decimal comma');
  });
});
