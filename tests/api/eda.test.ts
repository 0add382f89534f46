import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, dataset, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let penguins: FileMeta;
let cars: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
  cars = (await uploadDirect<FileMeta>(stack.url, 'cars.csv', await readFile(dataset('cars.csv')))).json;
});
afterAll(async () => {
  await stack?.destroy();
});

type Json = Record<string, unknown>;
const post = (path: string, json: Json) => call<Json & { columns: Json[] }>(stack.url, 'POST', path, { json });

describe('EDA API', () => {
  it('summarises, with warnings, and caches the result beside the file', async () => {
    const first = await post('/eda/summary', { file_id: penguins.file_id });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ rows: 344, columns: 8, type_counts: { categorical: 3, float: 2, integer: 3 } });
    expect(await stack.services.blobs.list(`files/${penguins.file_id}/derived/eda/`)).toHaveLength(1);
    expect((await post('/eda/summary', { file_id: penguins.file_id })).json).toEqual(first.json);
  });

  it('describes columns with the pandas estimators', async () => {
    const r = await post('/eda/describe', { file_id: penguins.file_id, columns: ['body_mass_g', 'species'] });
    const mass = r.json.columns[0] as { count: number; missing: number; mean: number; min: number; max: number };
    expect(mass).toMatchObject({ count: 342, missing: 2, min: 2700, max: 6300 });
    expect(mass.mean).toBeCloseTo(4201.754386, 5);
    expect((r.json.columns[1] as { top: { value: string }[] }).top[0]!.value).toBe('Adelie');
    expect((await post('/eda/describe', { file_id: penguins.file_id, columns: ['nope'] })).status).toBe(422);
  });

  it('correlates with the right measure per pair', async () => {
    const r = await call<{ columns: string[]; matrix: (number | null)[][]; top_pairs: { measure: string; value: number }[] }>(stack.url, 'POST', '/eda/correlation', {
      json: { file_id: penguins.file_id, method: 'auto', top_n: 5 },
    });
    expect(r.json.columns).toHaveLength(8);
    expect(r.json.top_pairs).toHaveLength(5);
    const pearson = await call<{ matrix: (number | null)[][]; columns: string[] }>(stack.url, 'POST', '/eda/correlation', { json: { file_id: penguins.file_id, method: 'pearson' } });
    const i = pearson.json.columns.indexOf('flipper_length_mm');
    const j = pearson.json.columns.indexOf('body_mass_g');
    expect(pearson.json.matrix[i]![j]).toBeCloseTo(0.871, 3); // the well-known penguins figure
  });

  it('returns distributions with Vega-Lite specs, and outliers by row', async () => {
    const d = await call<{ distributions: { kind: string; vega_lite: { mark: string } }[] }>(stack.url, 'POST', '/eda/distributions', {
      json: { file_id: cars.file_id, columns: ['Horsepower', 'Origin', 'Year'] },
    });
    expect(d.json.distributions.map((x) => x.kind)).toEqual(['numeric', 'categorical', 'datetime']);
    const o = await call<{ columns: { column: string; count: number; rows: number[] }[] }>(stack.url, 'POST', '/eda/outliers', {
      json: { file_id: cars.file_id, method: 'iqr', columns: ['Horsepower'] },
    });
    expect(o.json.columns[0]!.count).toBe(o.json.columns[0]!.rows.length);
    const forest = await call<{ method: string; rows: { row: number; score: number }[] }>(stack.url, 'POST', '/eda/outliers', { json: { file_id: cars.file_id, method: 'isolation_forest' } });
    expect(forest.json.method).toBe('isolation_forest');
    expect(forest.json.rows.every((r) => r.score > 0.6)).toBe(true);
  });

  it('finds no drift of a file against itself, and drift between different tables’ columns', async () => {
    const same = await call<{ summary: { stable: number; drift: number }; classifier: { auc: number; verdict: string } }>(stack.url, 'POST', '/eda/drift', {
      json: { reference_file_id: penguins.file_id, current_file_id: penguins.file_id },
    });
    expect(same.json.summary.drift).toBe(0);
    expect(same.json.classifier.verdict).toBe('stable');
    const other = await call<{ summary: { drift: number } }>(stack.url, 'POST', '/validation/drift', { json: { reference_file_id: penguins.file_id, current_file_id: cars.file_id } });
    expect(other.json.summary.drift).toBe(8);
  });
});
