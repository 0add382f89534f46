import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { Rng } from '../../core/random.js';
import { call, dataset, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let penguins: FileMeta;
let cars: FileMeta;
/** Some of penguins' columns, drifted: a new species, bill lengths as words, other body masses; one column of its own. */
let drifted: FileMeta;

beforeAll(async () => {
  stack = await testStack();
  penguins = (await uploadDirect<FileMeta>(stack.url, 'penguins.csv', await readFile(dataset('penguins.csv')))).json;
  cars = (await uploadDirect<FileMeta>(stack.url, 'cars.csv', await readFile(dataset('cars.csv')))).json;
  const rows = Array.from({ length: 200 }, (_, i) => `${['Adelie', 'Gentoo', 'Emperor'][i % 3]},${i % 2 ? 'long' : 'short'},${2000 + ((i * 37) % 2500)},${i}`);
  drifted = (await uploadDirect<FileMeta>(stack.url, 'penguins-drifted.csv', ['species,bill_length_mm,body_mass_g,extra', ...rows].join('\n') + '\n')).json;
});
afterAll(async () => {
  await stack?.destroy();
});

type Json = Record<string, unknown>;
const post = (path: string, json: Json) => call<Json & { columns: Json[] }>(stack.url, 'POST', path, { json });

/** Runs `fn` with TABMIMIC_EDA_EXACT_MAX_CELLS set (read per request by the in-process stack). */
async function withExactMaxCells<T>(value: string, fn: () => Promise<T>): Promise<T> {
  process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = value;
  try {
    return await fn();
  } finally {
    delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
  }
}

let large: Promise<{ file: FileMeta; xs: number[] }> | undefined;

/** 120 000 rows, uploaded once: two columnar chunks. Every 250th row repeats the one before it. */
function largeFile(): Promise<{ file: FileMeta; xs: number[] }> {
  large ??= (async () => {
    const rng = Rng.seeded(31);
    const xs: number[] = [];
    const lines = ['x,n,group,day,note'];
    for (let r = 0; r < 120_000; r++) {
      if (r && r % 250 === 0) {
        lines.push(lines[lines.length - 1]!);
        xs.push(xs[xs.length - 1]!);
        continue;
      }
      const b = rng.normal();
      const x = Number((100 + 15 * b + 5 * rng.normal()).toFixed(4));
      xs.push(x);
      const day = new Date(Date.UTC(2020, 0, 1) + rng.int(0, 2000) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${x},${Math.round(3 * b + rng.normal())},${'abcde'[Math.max(0, Math.min(4, Math.floor(b + 2.5)))]},${day},note ${rng.int(0, 20_000)}`);
    }
    return { file: (await uploadDirect<FileMeta>(stack.url, 'large.csv', lines.join('\n') + '\n')).json, xs };
  })();
  return large;
}

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
    // Without columns: every column, in the file's order.
    const all = await call<{ distributions: { column: string }[] }>(stack.url, 'POST', '/eda/distributions', { json: { file_id: cars.file_id } });
    expect(all.status).toBe(200);
    expect(all.json.distributions.map((x) => x.column)).toEqual(cars.columns!.map((c) => c.name));
    const o = await call<{ columns: { column: string; count: number; rows: number[] }[] }>(stack.url, 'POST', '/eda/outliers', {
      json: { file_id: cars.file_id, method: 'iqr', columns: ['Horsepower'] },
    });
    expect(o.json.columns[0]!.count).toBe(o.json.columns[0]!.rows.length);
    const forest = await call<{ method: string; rows: { row: number; score: number }[] }>(stack.url, 'POST', '/eda/outliers', { json: { file_id: cars.file_id, method: 'isolation_forest' } });
    expect(forest.json.method).toBe('isolation_forest');
    expect(forest.json.rows.every((r) => r.score > 0.6)).toBe(true);
  });

  it('finds no drift of a file against itself, drift in columns changed or missing, and none to measure between unrelated tables', async () => {
    const same = await call<{ summary: { stable: number; drift: number }; classifier: { auc: number; verdict: string } }>(stack.url, 'POST', '/eda/drift', {
      json: { reference_file_id: penguins.file_id, current_file_id: penguins.file_id },
    });
    expect(same.json.summary.drift).toBe(0);
    expect(same.json.classifier.verdict).toBe('stable');
    const other = await call<{ summary: { drift: number }; columns: { column: string; verdict: string; reason: string }[] }>(stack.url, 'POST', '/validation/drift', {
      json: { reference_file_id: penguins.file_id, current_file_id: drifted.file_id },
    });
    expect(other.status, other.text).toBe(200);
    expect(other.json.summary.drift).toBe(8);
    expect(other.json.columns.find((c) => c.column === 'island')).toMatchObject({ verdict: 'drift', reason: 'in the reference table, but not in the current one' });
    const unrelated = await call(stack.url, 'POST', '/validation/drift', { json: { reference_file_id: penguins.file_id, current_file_id: cars.file_id } });
    expect(unrelated.status).toBe(422);
  });

  it('streams a file over the cell threshold chunk by chunk, within the sketches’ bounds of the exact results', async () => {
    const { file, xs } = await largeFile();
    expect(file.chunks).toBe(2);
    const run = async () => ({
      summary: (await post('/eda/summary', { file_id: file.file_id })).json,
      describe: (await post('/eda/describe', { file_id: file.file_id, columns: ['x', 'note'] })).json,
      auto: (await post('/eda/correlation', { file_id: file.file_id, method: 'auto' })).json,
      spearman: (await post('/eda/correlation', { file_id: file.file_id, method: 'spearman' })).json,
    });
    const exact = await run();
    const chunked = await withExactMaxCells('1000', run);
    expect(exact.summary).toMatchObject({ approximate: false, computation: 'in_memory' });
    expect(chunked.summary.computation).toBe('chunked');
    for (const key of ['rows', 'columns', 'type_counts', 'missing_cells', 'duplicate_rows', 'constant_columns', 'high_cardinality_columns']) expect(chunked.summary[key]).toEqual(exact.summary[key]);
    expect(exact.summary.duplicate_rows).toBeGreaterThanOrEqual(479);

    type Approx = { estimated: string[]; quantiles: { rank_error: number }; distinct: { relative_error: number } };
    expect(chunked.describe).toMatchObject({ approximate: true, computation: 'chunked' });
    const bounds = chunked.describe.approximation as Approx;
    const [x, exactX] = [chunked.describe.columns[0]!, exact.describe.columns[0]!] as Record<string, number>[];
    for (const key of ['count', 'missing', 'min', 'max', 'zeros', 'negatives']) expect(x![key]).toBe(exactX![key]);
    for (const key of ['mean', 'std', 'skewness', 'kurtosis']) expect(x![key]).toBeCloseTo(exactX![key]!, 9);
    const sorted = Float64Array.from(xs).sort();
    for (const [key, p] of [['q1', 0.25], ['median', 0.5], ['q3', 0.75]] as const) {
      const below = sorted.filter((v) => v < x![key]!).length / sorted.length;
      const atOrBelow = sorted.filter((v) => v <= x![key]!).length / sorted.length;
      expect(Math.max(0, below - p, p - atOrBelow)).toBeLessThanOrEqual(bounds.quantiles.rank_error);
    }
    expect(Math.abs(x!.distinct! / exactX!.distinct! - 1)).toBeLessThanOrEqual(3 * bounds.distinct.relative_error);
    const [note, exactNote] = [chunked.describe.columns[1]!, exact.describe.columns[1]!] as Record<string, number>[];
    expect(Math.abs(note!.distinct! / exactNote!.distinct! - 1)).toBeLessThanOrEqual(3 * bounds.distinct.relative_error);

    const matrix = (r: typeof exact.auto) => r.matrix as (number | null)[][];
    expect(chunked.auto).toMatchObject({ approximate: false, computation: 'chunked', columns: exact.auto.columns });
    matrix(exact.auto).forEach((row, i) => row.forEach((v, j) => expect(matrix(chunked.auto)[i]![j]).toBeCloseTo(v ?? NaN, 9)));
    expect(chunked.spearman.approximate).toBe(true);
    matrix(exact.spearman).forEach((row, i) => row.forEach((v, j) => (v === null ? expect(matrix(chunked.spearman)[i]![j]).toBeNull() : expect(Math.abs(matrix(chunked.spearman)[i]![j]! - v)).toBeLessThan(0.01))));
  });
  it('streams distributions, outliers and drift with TABMIMIC_EDA_EXACT_MAX_CELLS=0, exact where the math is, within bounds elsewhere', async () => {
    const { file, xs } = await largeFile();
    const airquality = (await uploadDirect<FileMeta>(stack.url, 'airquality.csv', await readFile(dataset('airquality.csv')))).json;
    const id = file.file_id;
    const run = async () => ({
      distributions: (await post('/eda/distributions', { file_id: id, columns: ['x', 'group', 'day', 'note'] })).json,
      binned: (await post('/eda/distributions', { file_id: id, columns: ['x'], bins: 30 })).json,
      every: (await post('/eda/distributions', { file_id: id })).json,
      zscore: (await post('/eda/outliers', { file_id: id, method: 'zscore', columns: ['x', 'n'], offset: 5, limit: 20 })).json,
      iqr: (await post('/eda/outliers', { file_id: id, method: 'iqr', columns: ['x'] })).json,
      forest: (await post('/eda/outliers', { file_id: cars.file_id, method: 'isolation_forest', seed: 4, offset: 1, limit: 10 })).json,
      drift: (await post('/eda/drift', { reference_file_id: airquality.file_id, current_file_id: airquality.file_id })).json,
      self: (await post('/validation/drift', { reference_file_id: id, current_file_id: id })).json,
      against: (await post('/eda/drift', { reference_file_id: penguins.file_id, current_file_id: drifted.file_id })).json,
    });
    const exact = await run();
    const chunked = await withExactMaxCells('0', run);
    for (const [name, result] of Object.entries(exact)) expect(result, name).toMatchObject({ approximate: false, computation: 'in_memory' });
    for (const [name, result] of Object.entries(chunked)) expect(result.computation, name).toBe('chunked');
    const strip = (r: Json) => ({ ...r, approximate: undefined, computation: undefined, approximation: undefined });

    type Dist = { kind: string; histogram: { counts: number[] }; kde: { density: number }[] };
    type Bound = { field: string; column: string; max_error: number };
    const [dx, group, day, note] = chunked.distributions.distributions as Dist[];
    const [ex, exactGroup, exactDay, exactNote] = exact.distributions.distributions as Dist[];
    expect([group, day]).toEqual([exactGroup, exactDay]); // category and datetime period counts merge exactly
    // About 20 000 distinct notes overflow the Misra–Gries summary: each count at most count_error low.
    const countError = (chunked.distributions.approximation as { top_values: { count_error: number } }).top_values.count_error;
    type Counts = { counts: { value: string; count: number }[] };
    const trueCount = new Map((exactNote as unknown as Counts).counts.map((c) => [c.value, c.count] as const));
    for (const c of (note as unknown as Counts).counts.filter((c) => trueCount.has(c.value))) {
      expect(c.count).toBeLessThanOrEqual(trueCount.get(c.value)!);
      expect(c.count).toBeGreaterThanOrEqual(trueCount.get(c.value)! - countError);
    }
    expect(dx!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
    const kdeBound = ((chunked.distributions.approximation as { bounds: Bound[] }).bounds.find((b) => b.column === 'x'))!.max_error;
    dx!.kde.forEach((p, i) => expect(Math.abs(p.density - ex!.kde[i]!.density)).toBeLessThanOrEqual(kdeBound));
    expect((chunked.binned.distributions as Dist[])[0]!.histogram).toEqual((exact.binned.distributions as Dist[])[0]!.histogram);
    // Every column when none is named, on both paths.
    const names = (r: Json) => (r.distributions as { column: string }[]).map((x) => x.column);
    expect(names(chunked.every)).toEqual(file.columns!.map((c) => c.name));
    expect(names(exact.every)).toEqual(names(chunked.every));

    type Fenced = { column: string; lower: number; upper: number; count: number; rows: number[] };
    const z = chunked.zscore.columns as unknown as Fenced[];
    (exact.zscore.columns as unknown as Fenced[]).forEach((e, i) => {
      expect([z[i]!.column, z[i]!.count, z[i]!.rows]).toEqual([e.column, e.count, e.rows]);
      expect(z[i]!.lower).toBeCloseTo(e.lower, 9);
    });
    expect(chunked.zscore.approximate).toBe(false);
    const iqr = (chunked.iqr.columns as unknown as Fenced[])[0]!;
    const beyond = xs.flatMap((v, r) => (v < iqr.lower || v > iqr.upper ? [r] : []));
    expect([iqr.count, iqr.rows]).toEqual([beyond.length, beyond.slice(0, 100)]);
    expect(chunked.iqr.approximate).toBe(true);

    expect(strip(chunked.forest)).toEqual(strip(exact.forest)); // 406 rows: the in-memory forest itself
    expect(strip(chunked.drift)).toEqual(strip(exact.drift)); // 153 rows: every sketch exact
    expect(chunked.drift.approximate).toBe(false);
    expect(chunked.self).toMatchObject({ summary: { stable: 5, warn: 0, drift: 0 }, classifier: { verdict: 'stable' } });
    // Against another file: columns missing or compared by category merge exactly; numbers within the sketches' stated bounds.
    type Drifted = { column: string; kind?: string; verdict: string; ks_statistic?: number; wasserstein?: number };
    const againstChunked = chunked.against.columns as unknown as Drifted[];
    const againstExact = exact.against.columns as unknown as Drifted[];
    const bounds = (chunked.against.approximation as { bounds: Bound[] }).bounds;
    againstExact.forEach((e, i) => {
      const c = againstChunked[i]!;
      expect([c.column, c.verdict]).toEqual([e.column, e.verdict]);
      // bill_length_mm, words where penguins has numbers: no figure, only why (none reads as a number).
      if (e.kind !== 'numeric' || e.ks_statistic === undefined) return expect(c).toEqual(e);
      for (const field of ['ks_statistic', 'wasserstein'] as const) {
        const bound = bounds.find((b) => b.column === e.column && b.field === `columns[].${field}`)!;
        expect(Math.abs(c[field]! - e[field]!), `${e.column} ${field}`).toBeLessThanOrEqual(bound.max_error);
      }
    });
    expect(againstChunked.filter((c) => c.ks_statistic !== undefined).map((c) => c.column)).toEqual(['body_mass_g']);
  }, 120_000);
});
