/**
 * The full report's reply, over HTTP, against its documented schema (ReportResult): each part is the
 * schema of its own route's result, and privacy the "not measured" variant when every column is left
 * out. Parsing must keep every field (nothing unknown stripped) and refuse a wrong shape.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { readCsvTable } from '../../core/table/csv.js';
import { cellLabel } from '../../core/table/model.js';
import { ReportResult } from '../../core/validation/schemas.js';
import { call, dataset, jobEnded, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
const post = <T>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });
const upload = async (name: string, body: string) => (await uploadDirect<FileMeta>(stack.url, name, body)).json;
type Reply = Record<string, unknown> & { privacy: Record<string, unknown>; quality: Record<string, unknown>; drift: { columns: Record<string, unknown>[] } };

beforeAll(async () => {
  stack = await testStack();
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

/** Parses the reply and checks nothing was dropped: an undocumented field would be stripped, and differ. */
function conforms(reply: unknown): void {
  const parsed = ReportResult.safeParse(reply);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 5))).toBe(true);
  expect(parsed.data).toEqual(reply);
}

describe('the full report matches ReportResult', () => {
  it('a generated file with a holdout and a target: every part, privacy measured', async () => {
    const [header, ...rows] = (await readFile(dataset('penguins.csv'), 'utf8')).trimEnd().split('\n');
    const cut = Math.round(rows.length * 0.8);
    const train = await upload('train.csv', [header, ...rows.slice(0, cut)].join('\n') + '\n');
    const holdout = await upload('holdout.csv', [header, ...rows.slice(cut)].join('\n') + '\n');
    const started = await post<{ job_id: string; generated_file_id: string }>('/synth/generate', { file_id: train.file_id, generator: 'gaussian_copula', seed: 1 });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    expect((await jobEnded(stack.url, started.json.job_id)).status).toBe('succeeded');
    const r = await post<Reply>('/validation/report', {
      real_file_id: train.file_id,
      synthetic_file_id: started.json.generated_file_id,
      holdout_file_id: holdout.file_id,
      target: 'species',
      quasi_identifiers: ['island', 'sex'],
      sensitive: ['species'],
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.utility).toBeDefined();
    expect(r.json.privacy).toHaveProperty('membership_inference');
    expect(r.json.privacy).toHaveProperty('attribute_disclosure');
    conforms(r.json);

    // A wrong shape fails: privacy with neither its distances nor `not_measured`, a drift column without its statistics, a score out of range.
    const { sample: _sample, ...noSample } = r.json.privacy;
    expect(ReportResult.safeParse({ ...r.json, privacy: noSample }).success).toBe(false);
    const numeric = r.json.drift.columns.findIndex((c) => c.kind === 'numeric');
    const { psi: _psi, ...noPsi } = r.json.drift.columns[numeric]!;
    expect(ReportResult.safeParse({ ...r.json, drift: { ...r.json.drift, columns: r.json.drift.columns.with(numeric, noPsi) } }).success).toBe(false);
    expect(ReportResult.safeParse({ ...r.json, quality: { ...r.json.quality, overall: 2 } }).success).toBe(false);
    expect(ReportResult.safeParse({ ...r.json, utility: { ...(r.json.utility as object), task: 'ranking' } }).success).toBe(false);
  }, 180_000);

  it('a table of only a primary key and faked PII: privacy not measured', async () => {
    const { table } = await readCsvTable(await readFile(dataset('titanic.csv')));
    const names = table.columns.find((c) => c.name === 'name')!;
    const lines = Array.from({ length: table.rowCount }, (_, r) => `k${r},${JSON.stringify(cellLabel(names, r) ?? '')}`);
    const file = await upload('keyed-names.csv', ['id,name', ...lines].join('\n') + '\n');
    expect(file.columns?.find((c) => c.name === 'name')?.pii?.action).toBe('fake');
    const key = await call(stack.url, 'PUT', `/files/${file.file_id}/schema`, { json: { columns: [{ name: 'id', primary_key: true }] } });
    expect(key.status, key.text).toBe(200);
    const r = await post<Reply>('/validation/report', { real_file_id: file.file_id, synthetic_file_id: file.file_id, quasi_identifiers: ['name'] });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.privacy.not_measured).toMatch(/Every column is left out/);
    expect((r.json.privacy.left_out_columns as { column: string }[]).map((c) => c.column)).toEqual(['id', 'name']);
    conforms(r.json);
    // Without `not_measured`, the part is neither variant.
    const { not_measured: _why, ...unexplained } = r.json.privacy;
    expect(ReportResult.safeParse({ ...r.json, privacy: unexplained }).success).toBe(false);
  }, 120_000);
});

describe('/openapi.json', () => {
  it("references each report part's own schema", async () => {
    type Schema = { $ref?: string; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[] };
    const doc = await call<{ components: { schemas: Record<string, Schema> } }>(stack.url, 'GET', '/openapi.json');
    const { schemas } = doc.json.components;
    const parts = schemas.ReportResult!.properties!;
    const ref = (id: string) => `#/components/schemas/${id}`;
    expect(parts.quality?.$ref).toBe(ref('QualityPart'));
    expect(parts.diagnostic?.$ref).toBe(ref('DiagnosticResult'));
    expect(parts.drift?.$ref).toBe(ref('DriftReport'));
    expect(parts.utility?.$ref).toBe(ref('UtilityPart'));
    expect(parts.privacy?.anyOf?.map((s) => s.$ref)).toEqual([ref('PrivacyPart'), ref('PrivacyNotMeasured')]);
    expect(schemas.PrivacyNotMeasured?.required).toEqual(expect.arrayContaining(['left_out_columns', 'not_measured', 'pii_verbatim']));
    // The routes' own results are the parts plus what they compared with.
    for (const id of ['QualityResult', 'PrivacyResult', 'UtilityResult']) expect(schemas[id]?.required, id).toContain('compared_with');
  });
});
