/**
 * The EDA routes' replies on odd tables — constant columns, one row, columns missing throughout,
 * values near ±1.8e308, a single category — match their documented schemas, in memory and chunk by
 * chunk: every field documented (parsing strips nothing), no figure NaN or ±Infinity (JSON would
 * have written null where the schema promises a number), and /openapi.json tells their fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { FileMeta } from '../../core/files/model.js';
import { CorrelationReply, DescribeReply, DistributionsReply, OutliersReply, SummaryReply } from '../../core/eda/replies.js';
import { DriftResult } from '../../core/validation/drift-reply.js';
import { call, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
const post = <T = Record<string, unknown>>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

const TABLES = {
  constant: 'a,b,c\n5,x,2020-01-01\n5,x,2020-01-01\n5,x,2020-01-01\n5,x,2020-01-01\n',
  one_row: 'a,b,c,d\n1,x,2020-01-01,hello there\n',
  two_rows: 'a,b,c\n1,x,1.5\n2,y,2.5\n',
  // a and b are retyped to float and datetime below: columns of a number type with no value at all.
  all_missing: 'a,b,c\n,,1\n,,2\n,,3\n,,4\n',
  huge: 'a,b,c\n1e300,-1e300,p\n-1.7e308,1.7e308,q\n1.7e308,-1.7e308,p\n1e308,1e307,q\n-1e308,5,p\n',
  // Quartiles between −1.7e308 and 1.7e308: b − a overflowed, and 0·Infinity was NaN.
  huge_spread: 'a,b\n1.7e308,1\n1.7e308,2\n1.7e308,3\n-1.7e308,3\n',
  // The same rows three times: drift judges no column of fewer than 10 values (eda/drift-read.ts MIN_DRIFT_VALUES).
  huge_spread_12: 'a,b\n' + '1.7e308,1\n1.7e308,2\n1.7e308,3\n-1.7e308,3\n'.repeat(3),
  one_category: 'a,b\n1,x\n2,x\n3,x\n4,x\n',
};
type Name = keyof typeof TABLES;
const ids = {} as Record<Name, string>;

beforeAll(async () => {
  stack = await testStack();
  for (const [name, csv] of Object.entries(TABLES) as [Name, string][]) {
    const r = await uploadDirect<FileMeta>(stack.url, `${name}.csv`, csv);
    expect(r.status, r.text).toBe(201);
    ids[name] = r.json.file_id;
  }
  const retyped = await call<FileMeta>(stack.url, 'PUT', `/files/${ids.all_missing}/schema`, { json: { columns: [{ name: 'a', type: 'float' }, { name: 'b', type: 'datetime' }] } });
  expect(retyped.status, retyped.text).toBe(200);
}, 120_000);

afterAll(async () => {
  await stack?.destroy();
});

/** A 200 whose body parses with the schema, which drops nothing from it (an undocumented field would be stripped). */
async function conforms<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  const r = await post(path, body);
  expect(r.status, `${path} ${JSON.stringify(body)}: ${r.text.slice(0, 300)}`).toBe(200);
  const parsed = schema.safeParse(r.json);
  expect(parsed.success, `${path} ${JSON.stringify(body)}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
  expect(parsed.data, path).toEqual(r.json);
  return parsed.data as z.infer<S>;
}

/** Runs `fn` with every file streamed chunk by chunk (the threshold is read per request by the in-process stack). */
async function chunked<T>(fn: () => Promise<T>): Promise<T> {
  process.env.TABMIMIC_EDA_EXACT_MAX_CELLS = '0';
  try {
    return await fn();
  } finally {
    delete process.env.TABMIMIC_EDA_EXACT_MAX_CELLS;
  }
}

async function everyRoute(file_id: string) {
  await conforms('/eda/summary', { file_id }, SummaryReply);
  await conforms('/eda/describe', { file_id }, DescribeReply);
  await conforms('/eda/distributions', { file_id }, DistributionsReply);
  for (const method of ['auto', 'pearson', 'spearman', 'kendall']) await conforms('/eda/correlation', { file_id, method }, CorrelationReply);
  for (const method of ['iqr', 'zscore', 'mad', 'isolation_forest']) await conforms('/eda/outliers', { file_id, method }, OutliersReply);
  for (const other of [file_id, ids.huge, ids.huge_spread]) {
    await conforms('/eda/drift', { reference_file_id: file_id, current_file_id: other }, DriftResult);
    await conforms('/validation/drift', { reference_file_id: other, current_file_id: file_id }, DriftResult);
  }
}

describe('EDA replies on odd tables match their schemas', () => {
  it.each(Object.keys(TABLES) as Name[])('%s, in memory and chunk by chunk', async (name) => {
    await everyRoute(ids[name]);
    await chunked(() => everyRoute(ids[name]));
  }, 120_000);

  it('says null where a figure is undefined, and keeps finite figures of values near ±1.8e308', async () => {
    for (const run of [<T>(f: () => Promise<T>) => f(), chunked]) {
      const one = await run(() => conforms('/eda/describe', { file_id: ids.one_row, columns: ['a'] }, DescribeReply));
      expect(one.columns[0]).toMatchObject({ mean: 1, std: null, skewness: null, kurtosis: null, median: 1 });
      const none = await run(() => conforms('/eda/describe', { file_id: ids.all_missing, columns: ['a'] }, DescribeReply));
      expect(none.columns[0]).toMatchObject({ count: 0, mean: null, std: null, min: null, q1: null, median: null, q3: null, max: null });
      const fences = await run(() => conforms('/eda/outliers', { file_id: ids.all_missing, columns: ['a'], method: 'zscore' }, OutliersReply));
      expect(fences.columns[0]).toMatchObject({ lower: null, upper: null, count: 0 });

      // [−1.7e308, 1.7e308 ×3]: q1 interpolates a quarter of the way from −1.7e308 to 1.7e308.
      const spread = (await run(() => conforms('/eda/describe', { file_id: ids.huge_spread, columns: ['a'] }, DescribeReply))).columns[0] as { q1: number };
      expect(spread).toMatchObject({ median: 1.7e308, q3: 1.7e308 });
      expect(spread.q1 / 8.5e307).toBeCloseTo(1, 12);
      // Its IQR fences: q1 − 1.5·IQR = −4.25e307 leaves −1.7e308 outside; q3 + 1.5·IQR is past the largest double, so null.
      const iqr = (await run(() => conforms('/eda/outliers', { file_id: ids.huge_spread, columns: ['a'], method: 'iqr' }, OutliersReply))).columns[0] as { lower: number };
      expect(iqr).toMatchObject({ upper: null, count: 1, rows: [3] });
      expect(iqr.lower / -4.25e307).toBeCloseTo(1, 12);
      // A file against itself has drifted by nothing: W1 0, not NaN (a step of Infinity times a CDF gap of 0).
      const same = await run(() => conforms('/eda/drift', { reference_file_id: ids.huge_spread_12, current_file_id: ids.huge_spread_12 }, DriftResult));
      expect(same.columns[0]).toMatchObject({ column: 'a', kind: 'numeric', wasserstein: 0 });
    }
  }, 120_000);
});

describe('/openapi.json documents the EDA replies', () => {
  type Schema = { properties?: Record<string, Schema & { description?: string }>; $ref?: string; anyOf?: Schema[]; oneOf?: Schema[] };
  let doc: { paths: Record<string, { post: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>; components: { schemas: Record<string, Schema> } };
  beforeAll(async () => {
    doc = (await call<typeof doc>(stack.url, 'GET', '/openapi.json')).json;
  });
  const reply = (path: string) => {
    const schema = doc.paths[path]!.post.responses['200']!.content['application/json']!.schema;
    return schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]! : schema;
  };
  const resolve = (s: Schema) => (s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]! : s);

  it('names every route’s fields, with their meaning', () => {
    for (const path of ['/eda/summary', '/eda/describe', '/eda/correlation', '/eda/distributions', '/eda/drift', '/validation/drift']) {
      expect(Object.keys(reply(path).properties ?? {}), path).toContain('computation');
    }
    expect(Object.keys(reply('/eda/summary').properties!)).toEqual(expect.arrayContaining(['missing_share', 'duplicate_rows', 'warnings']));
    expect(Object.keys(reply('/eda/correlation').properties!)).toEqual(expect.arrayContaining(['matrix', 'top_pairs']));
    expect(Object.keys(reply('/eda/drift').properties!)).toEqual(expect.arrayContaining(['columns', 'classifier', 'left_out_columns', 'compared_with']));
    expect(reply('/validation/drift')).toEqual(reply('/eda/drift'));
  });

  it('documents describe’s number fields, kurtosis among them, as nullable with why', () => {
    const number = resolve(doc.components.schemas.EdaNumberDescription!);
    expect(Object.keys(number.properties!)).toEqual(expect.arrayContaining(['mean', 'std', 'q1', 'median', 'q3', 'skewness', 'kurtosis', 'histogram']));
    expect(number.properties!.kurtosis!.description).toMatch(/null under four values/);
    expect(JSON.stringify(number.properties!.std)).toContain('"null"');
  });

  it('documents the outlier fences, nullable', () => {
    const variants = (reply('/eda/outliers').anyOf ?? reply('/eda/outliers').oneOf)!.map(resolve);
    const fences = variants.map((v) => JSON.stringify(v)).find((v) => v.includes('"lower"'));
    expect(fences).toBeDefined();
    expect(fences).toMatch(/beyond which no value lies/);
  });
});
