/**
 * Over HTTP, the UX review's titanic case: with the faked name left out, survived, sex, age, class…
 * repeat so often among the real rows that a faithful copula "copies" most of them. Exact copies
 * and the DCR are judged against what real rows do by themselves, not against 0.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { readCsvTable } from '../../core/table/csv.js';
import { cellLabel } from '../../core/table/model.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

interface Privacy {
  exact_copies: { count: number; rate: number; baseline_share: number; baseline_basis: string; baseline_rows: number; p_value: number; verdict: string; threshold: string };
  dcr: { synthetic_to_real: { p5: number }; verdict: string };
}

let stack: TestStack;
let train: FileMeta;
let holdout: FileMeta;
let trainCsv: string;
let holdoutCsv: string;
let generated: string;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

beforeAll(async () => {
  stack = await testStack();
  const [header, ...rows] = (await readFile(dataset('titanic.csv'), 'utf8')).trimEnd().split('\n');
  // Every fourth passenger held out: the file is ordered by class, a cut at a row would not be.
  trainCsv = [header, ...rows.filter((_, i) => i % 4)].join('\n') + '\n';
  holdoutCsv = [header, ...rows.filter((_, i) => !(i % 4))].join('\n') + '\n';
  [train, holdout] = await Promise.all([uploadDirect<FileMeta>(stack.url, 'titanic-train.csv', trainCsv), uploadDirect<FileMeta>(stack.url, 'titanic-holdout.csv', holdoutCsv)]).then((r) => r.map((x) => x.json));
  const started = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', { file_id: train.file_id, generator: 'gaussian_copula', rows: 1000, seed: 5 });
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
  generated = started.json.generated_file_id;
}, 180_000);

afterAll(async () => {
  await stack?.destroy();
});

/** Each row's labels on the columns other than name. */
async function keysWithoutName(text: string): Promise<string[]> {
  const { table } = await readCsvTable(Buffer.from(text));
  const cols = table.columns.filter((c) => c.name !== 'name').sort((a, b) => a.name.localeCompare(b.name));
  return Array.from({ length: table.rowCount }, (_, r) => JSON.stringify(cols.map((c) => cellLabel(c, r))));
}

describe('exact copies against the real rows\' own repeats', () => {
  it('without a holdout: the share of real rows repeating another is the baseline, and the copula is no risk', async () => {
    expect(train.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const r = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: generated });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const keys = await keysWithoutName(trainCsv);
    const seen = new Map<string, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    const repeated = keys.filter((k) => seen.get(k)! > 1).length / keys.length;
    expect(repeated).toBeGreaterThan(0.5);
    expect(r.json.exact_copies).toMatchObject({ baseline_basis: 'real', baseline_rows: keys.length });
    expect(r.json.exact_copies.baseline_share).toBeCloseTo(repeated, 12);
    // Most synthetic rows equal a real one, as most real rows do: not evidence of copying.
    expect(r.json.exact_copies.rate).toBeGreaterThan(0.5);
    expect(r.json.exact_copies.verdict).not.toBe('risk');
    expect(r.json.dcr.synthetic_to_real.p5).toBe(0);
    expect(r.json.dcr.verdict).not.toBe('risk');
  }, 120_000);

  it('with a holdout: its rows equal to a training row are the baseline', async () => {
    const r = await post<Privacy>('/validation/privacy', { real_file_id: train.file_id, synthetic_file_id: generated, holdout_file_id: holdout.file_id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const trainKeys = new Set(await keysWithoutName(trainCsv));
    const held = await keysWithoutName(holdoutCsv);
    const share = held.filter((k) => trainKeys.has(k)).length / held.length;
    expect(r.json.exact_copies).toMatchObject({ baseline_basis: 'holdout', baseline_rows: held.length });
    expect(Math.abs(r.json.exact_copies.baseline_share - share)).toBeLessThan(0.02);
    expect(r.json.exact_copies.verdict).not.toBe('risk');
    expect(r.json.dcr.verdict).not.toBe('risk');
  }, 120_000);
});
