/**
 * Every EDA result is free of NaN and ±Infinity on odd tables, in memory and chunk by chunk: figures
 * the math leaves undefined are null, and figures of values near ±1.8e308 are computed without
 * overflowing. JSON would write a NaN as null without a word, and the reply schemas refuse them.
 */
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../core/table/csv.js';
import type { Column, Table } from '../../core/table/model.js';
import { summary } from '../../core/eda/summary.js';
import { describe as describeTable } from '../../core/eda/describe.js';
import { correlation } from '../../core/eda/correlation.js';
import { distributions } from '../../core/eda/distributions.js';
import { isolationOutliers, outliers } from '../../core/eda/outliers.js';
import { drift, wasserstein1 } from '../../core/eda/drift.js';
import { classifierDrift } from '../../core/eda/classifier-drift.js';
import { quantileSorted } from '../../core/eda/columns.js';
import { tableChunks } from '../../core/eda/chunked/source.js';
import { chunkedSummary } from '../../core/eda/chunked/summary.js';
import { chunkedDescribe } from '../../core/eda/chunked/describe.js';
import { chunkedCorrelation } from '../../core/eda/chunked/correlation.js';
import { chunkedDistributions } from '../../core/eda/chunked/distributions.js';
import { chunkedIsolationOutliers } from '../../core/eda/chunked/isolation.js';
import { chunkedOutliers } from '../../core/eda/chunked/outliers.js';
import { chunkedDrift } from '../../core/eda/chunked/drift.js';
import { KllSketch } from '../../core/stats/kll.js';

/** Paths of the numbers in `value` that are NaN or ±Infinity. */
function nonFinite(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  return out;
}

const csv = async (text: string) => (await readCsvTable(new TextEncoder().encode(text))).table;
const float = (name: string, values: number[]): Column => ({ name, type: 'float', values: Float64Array.from(values) });

const TABLES: Record<string, () => Promise<Table>> = {
  'a constant column': () => csv('a,b,c\n5,x,2020-01-01\n5,x,2020-01-01\n5,x,2020-01-01\n5,x,2020-01-01\n'),
  'one row': () => csv('a,b,c,d\n1,x,2020-01-01,some text\n'),
  'two rows': () => csv('a,b,c\n1,x,1.5\n2,y,2.5\n'),
  'three rows': () => csv('a,b,c\n1,x,1.5\n2,y,2.5\n4,y,0\n'),
  'a number column missing throughout': async () => ({ rowCount: 5, columns: [float('x', [NaN, NaN, NaN, NaN, NaN]), float('y', [0, 1, 2, 3, 4])] }),
  'one row, missing': async () => ({ rowCount: 1, columns: [float('x', [NaN]), float('y', [1])] }),
  'no rows': async () => ({ rowCount: 0, columns: [float('x', []), { name: 'c', type: 'categorical', codes: new Int32Array(0), categories: [] }] }),
  'values near ±1.8e308': () => csv('a,b,c\n1e300,-1e300,p\n-1.7e308,1.7e308,q\n1.7e308,-1.7e308,p\n1e308,1e307,q\n-1e308,5,p\n'),
  'a spread past the largest double': () => csv('a,b,c\n1.7e308,1,p\n1.7e308,2,q\n1.7e308,3,p\n-1.7e308,3,p\n'),
  'a single category': () => csv('a,b\n1,x\n2,x\n3,x\n4,x\n'),
  // More values than a quantile sketch holds: the chunked figures (and their bounds) are sketched.
  'many values spanning the doubles': async () => ({
    rowCount: 3000,
    columns: [float('x', Array.from({ length: 3000 }, (_, i) => (i % 2 ? 1.7e308 : -1.7e308) * (i / 3000))), float('y', Array.from({ length: 3000 }, (_, i) => i))],
  }),
};

const page = { offset: 0, limit: 10 };

async function everyResult(t: Table, other: Table): Promise<Record<string, unknown>> {
  const names = t.columns.map((c) => c.name);
  const chunks = () => tableChunks(t, 2);
  return {
    summary: summary(t),
    describe: describeTable(t),
    ...Object.fromEntries((['auto', 'pearson', 'spearman', 'kendall'] as const).map((m) => [`correlation ${m}`, correlation(t, m)])),
    distributions: distributions(t, names),
    ...Object.fromEntries((['iqr', 'zscore', 'mad'] as const).map((m) => [`outliers ${m}`, outliers(t, m, undefined, page)])),
    isolation: isolationOutliers(t, undefined, page, 0),
    drift: drift(t, t),
    'drift against another': drift(t, other),
    classifier: classifierDrift(t, other),
    'chunked summary': await chunkedSummary(chunks()),
    'chunked describe': await chunkedDescribe(chunks()),
    'chunked correlation auto': await chunkedCorrelation(chunks(), 'auto'),
    'chunked correlation spearman': await chunkedCorrelation(chunks(), 'spearman'),
    'chunked distributions': await chunkedDistributions(chunks(), names),
    ...Object.fromEntries(await Promise.all((['iqr', 'zscore', 'mad'] as const).map(async (m) => [`chunked outliers ${m}`, await chunkedOutliers(chunks(), m, undefined, page)]))),
    'chunked isolation': await chunkedIsolationOutliers(chunks(), undefined, page, 0),
    'chunked drift': await chunkedDrift(chunks(), chunks()),
    'chunked drift against another': await chunkedDrift(chunks(), tableChunks(other, 2)),
  };
}

describe('EDA results on odd tables', () => {
  it.each(Object.keys(TABLES))('%s: no NaN or ±Infinity anywhere', async (name) => {
    const other = await TABLES['a spread past the largest double']!();
    const results = await everyResult(await TABLES[name]!(), other);
    for (const [what, result] of Object.entries(results)) expect(nonFinite(result), what).toEqual([]);
  });

  it('says null for a std of one value, a kurtosis of three, a mean of none', async () => {
    const [one] = describeTable({ rowCount: 1, columns: [float('x', [7])] }).columns;
    expect(one).toMatchObject({ mean: 7, std: null, skewness: null, kurtosis: null });
    const [three] = describeTable({ rowCount: 3, columns: [float('x', [1, 2, 4])] }).columns;
    expect(three).toMatchObject({ skewness: expect.any(Number), kurtosis: null });
    const [none] = describeTable({ rowCount: 2, columns: [float('x', [NaN, NaN])] }).columns;
    expect(none).toMatchObject({ mean: null, std: null, q1: null, median: null, q3: null, min: null, max: null });
  });
});

describe('interpolation and distances near the largest double', () => {
  const sorted = Float64Array.from([-1.7e308, 1.7e308, 1.7e308, 1.7e308]);

  it('quartiles between −1.7e308 and 1.7e308 are finite and where they belong, exact or sketched', () => {
    // A quarter of the way from −1.7e308 to 1.7e308 (b − a overflowed to Infinity, and 0·Infinity to NaN).
    expect(quantileSorted(sorted, 0.25) / 8.5e307).toBeCloseTo(1, 12);
    expect(quantileSorted(sorted, 0.5)).toBe(1.7e308);
    expect(quantileSorted(Float64Array.from([-1.7e308, 1.7e308]), 0)).toBe(-1.7e308);
    const sketch = new KllSketch(200, 1);
    for (const v of sorted) sketch.add(v);
    expect(sketch.quantile(0.25)).toBe(quantileSorted(sorted, 0.25));
  });

  it('Wasserstein-1 of values spanning the doubles is finite: 0 against itself, capped at the largest double', () => {
    expect(wasserstein1(sorted, sorted)).toBe(0);
    const low = Float64Array.from([-1.7e308]);
    const high = Float64Array.from([1.7e308]);
    expect(wasserstein1(low, high)).toBe(Number.MAX_VALUE);
    expect(wasserstein1(Float64Array.from([0, 1]), Float64Array.from([1, 2]))).toBe(1);
  });
});
