/**
 * Over HTTP, the UX review's titanic case: the name column, PII detected at ingest and replaced by
 * fakes in synthesis, is left out of the exact copies and the distances, and the reply says so.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { readCsvTable } from '../../core/table/csv.js';
import { cellLabel } from '../../core/table/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Privacy {
  left_out_columns: { column: string; reason: string }[];
  exact_copies: { count: number; verdict: string };
  dcr: { synthetic_to_real: { median: number; p5: number }; verdict: string };
}

let stack: TestStack;
let titanic: FileMeta;
let csv: Buffer;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const faked = [{ column: 'name', reason: 'replaced by fakes as PII' }];

beforeAll(async () => {
  stack = await testStack();
  csv = await readFile(dataset('titanic.csv'));
  titanic = (await uploadDirect<FileMeta>(stack.url, 'titanic.csv', csv)).json;
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

/** Each row's labels on the columns other than name, as the reference for exact copies. */
async function keysWithoutName(bytes: Buffer | string): Promise<string[]> {
  const { table } = await readCsvTable(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  const cols = table.columns.filter((c) => c.name !== 'name').sort((a, b) => a.name.localeCompare(b.name));
  return Array.from({ length: table.rowCount }, (_, r) => JSON.stringify(cols.map((c) => cellLabel(c, r))));
}

describe('privacy leaves out the faked name', () => {
  it('a generated file: copies on every modelled column count, and the reply names the faked column', async () => {
    expect(titanic.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const started = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', {
      file_id: titanic.file_id,
      generator: 'gaussian_copula',
      rows: 600,
      seed: 3,
      conditions: { sex: 'female' },
    });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    const r = await post<Privacy>('/validation/privacy', { real_file_id: titanic.file_id, synthetic_file_id: started.json.generated_file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.left_out_columns).toEqual(faked);
    // Independent count: synthetic rows whose survived, sex, age and passengerClass equal some real row's.
    const redirect = await call(stack.url, 'GET', `/synth/${started.json.generated_file_id}/download?format=csv`);
    const synCsv = await (await fetch(redirect.headers.get('location')!)).text();
    const real = new Set(await keysWithoutName(csv));
    const expected = (await keysWithoutName(synCsv)).filter((k) => real.has(k)).length;
    expect(expected).toBeGreaterThan(0);
    expect(r.json.exact_copies.count).toBe(expected);
    // Judged against the real rows' own repeats on these columns (privacy-copy-baseline.test.ts), not against 0.
    expect(r.json.exact_copies.verdict).not.toBe('risk');
  }, 120_000);

  it('an uploaded copy with other names: every row a copy, at distance 0', async () => {
    const lines = csv.toString('utf8').trimEnd().split('\n');
    // Names are quoted ("Allen, Miss. …") and first: replace everything up to the closing quote.
    const renamed = [lines[0], ...lines.slice(1).map((l, i) => l.replace(/^"[^"]*"|^[^,]*/, `Fake Person ${i}`))].join('\n') + '\n';
    const copy = (await uploadDirect<FileMeta>(stack.url, 'renamed.csv', renamed)).json;
    const r = await post<Privacy>('/validation/privacy', { real_file_id: titanic.file_id, synthetic_file_id: copy.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.left_out_columns).toEqual(faked);
    expect(r.json.exact_copies.count).toBe(lines.length - 1);
    expect(r.json.dcr.synthetic_to_real).toEqual({ median: 0, p5: 0 });
    expect(r.json.dcr.verdict).toBe('risk');
    const d = await post<{ exact_copies: { count: number } }>('/validation/diagnostic', { real_file_id: titanic.file_id, synthetic_file_id: copy.file_id });
    expect(d.status).toBe(200);
    expect(d.json.exact_copies.count).toBe(lines.length - 1);
    const report = await post<{ privacy: Privacy }>('/validation/report', { real_file_id: titanic.file_id, synthetic_file_id: copy.file_id, pair_details: 'none' });
    expect(report.status).toBe(200);
    expect(report.json.privacy.exact_copies.count).toBe(lines.length - 1);
    expect(report.json.privacy.left_out_columns).toEqual(faked);
    expect((report.json as unknown as { diagnostic: { exact_copies: { count: number } } }).diagnostic.exact_copies.count).toBe(lines.length - 1);
  }, 120_000);

  it('a file of only faked PII: the privacy route 422s, the full report arrives with privacy not measured', async () => {
    const { table } = await readCsvTable(csv);
    const names = table.columns.find((c) => c.name === 'name')!;
    const body = ['name', ...Array.from({ length: table.rowCount }, (_, r) => JSON.stringify(cellLabel(names, r) ?? ''))].join('\n');
    const only = (await uploadDirect<FileMeta>(stack.url, 'names.csv', Buffer.from(body))).json;
    expect(only.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const pair = { real_file_id: only.file_id, synthetic_file_id: only.file_id };
    expect((await post('/validation/privacy', pair)).status).toBe(422);
    const report = await post<{ quality: { overall: number }; privacy: { not_measured?: string; left_out_columns: unknown }; diagnostic: { exact_copies: unknown }; html_url: string }>('/validation/report', pair);
    expect(report.status, JSON.stringify(report.json)).toBe(200);
    expect(report.json.privacy.left_out_columns).toEqual(faked);
    expect(report.json.privacy.not_measured).toMatch(/Every column is left out/);
    expect(report.json.diagnostic.exact_copies).toEqual({ count: null, rate: null, not_measured: expect.stringContaining('name') });
    const diagnostic = await post<{ exact_copies: { count: number | null } }>('/validation/diagnostic', pair);
    expect(diagnostic.json.exact_copies.count).toBeNull();
  }, 120_000);
});
