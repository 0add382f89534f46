/**
 * Odd but legitimate tables, generated here, each driven through the public API end to end:
 * upload → metadata → data → EDA → drift → generation with every generator family → downloads →
 * validation → delete. Nothing may answer 500, carry a stack trace, or leave a job hanging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, jobEnded, testStack, uploadDirect, type Reply, type TestStack } from '../helpers/stack.js';

type Started = { job_id: string; generated_file_id: string };
type Page = { columns: string[]; rows: Record<string, unknown>[] };

const lines = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n';
/** A small seeded LCG, so the tables are the same on every run. */
const lcg = (seed: number) => {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
};

const wide = (() => {
  const r = lcg(2);
  const cell = (j: number) => (j % 3 === 0 ? 'ab'[Math.floor(r() * 2)]! : (r() * 10).toFixed(1));
  return Array.from({ length: 300 }, (_, j) => `c${j}`).join(',') + '\n' + lines(50, () => Array.from({ length: 300 }, (_, j) => cell(j)).join(','));
})();

/** name → CSV text. Every one is a table a user could reasonably upload. */
const TABLES: Record<string, string> = {
  one_row: 'a,b,c\n1,x,2.5\n',
  two_rows: 'a,b,c\n1,x,2.5\n2,y,3.5\n',
  empty_column: 'a,empty,b\n' + lines(30, (i) => `${i},,${i % 3 ? 'v' : 'u'}`),
  constant_numeric: 'k,v\n' + lines(30, (i) => `7,${i * 1.5}`),
  constant_text: 'k,v\n' + lines(30, (i) => `same,${i}`),
  id_like: 'id,v\n' + lines(40, (i) => `user-${(i * 7919).toString(36)}-x,${i % 5}`),
  all_categorical: 'c1,c2,c3\n' + lines(40, (i) => `${'abc'[i % 3]},${'pq'[i % 2]},${['red', 'green', 'blue', 'cyan'][i % 4]}`),
  all_numeric: 'x,y,z\n' + lines(40, (i) => `${((i * 37) % 100) + 0.25},${i},${(((i * 13) % 7) - 3.5).toFixed(3)}`),
  single_column: 'only\n' + lines(30, (i) => (i * 3.3).toFixed(1)),
  wide,
  long_text: 'note,n\n' + lines(20, (i) => `"${'lorem ipsum, dolor '.repeat(26)} ${i} ${'x'.repeat(i)}",${i}`),
  odd_names: '"héllo wörld",🎉,"a b","a b ",__proto__,constructor,toString,""\n' + lines(30, (i) => `${i},${'xy'[i % 2]},${i * 2},${i * 3},${i % 4},${'pq'[i % 2]},${i},${i}`),
  magnitudes: 'huge,tiny,negzero\n' + lines(30, (i) => `${i + 1}e300,${i + 1}e-300,${i % 2 ? '-0' : '0.0'}`),
  near_2_53: 'big,small\n' + lines(30, (i) => `${9007199254740000 + i * 3},${i}`),
  dates_blanks: 'day,v\n' + lines(30, (i) => `${i % 7 === 3 ? '' : `2021-03-${String(1 + (i % 28)).padStart(2, '0')}`},${i}`),
  booleans: 'tf,yn,n\n' + lines(30, (i) => `${i % 3 ? 'true' : 'false'},${i % 2 ? 'yes' : 'no'},${i}`),
  rare_class: 'cls,v\n' + lines(60, (i) => `${i === 17 ? 'rare' : 'common'},${i}`),
  quoted_newlines: 'name,comment,n\n' + lines(20, (i) => `"Smith, J${i}","line one\nline two, with ""quotes""",${i}`),
  crlf: 'a,b\r\n' + lines(30, (i) => `${i},${'xy'[i % 2]}`).replaceAll('\n', '\r\n'),
  semicolon: 'a;b;c\n' + lines(30, (i) => `${i};${'xy'[i % 2]};${i % 4}`),
  decimal_comma: 'price;k;ratio\n' + lines(30, (i) => `${i === 4 ? '1.234,5' : `${i},${(i * 7) % 100}`};${'xy'[i % 2]};${i % 3 ? `0,${i % 9}5` : i}`),
  bom: '\uFEFFa,b\n' + lines(30, (i) => `${i},${'xy'[i % 2]}`),
  // R's write.table: the header does not name the row names; and a file separated by single spaces.
  r_row_names: '"weight","feed"\n' + lines(30, (i) => `"${i + 1}",${20 + i * 0.7},${i % 5 ? i * 1.1 : 'NA'}`),
  space_separated: 'obs gpa grade\n' + lines(30, (i) => `${i + 1} ${(2 + (i % 7) * 0.3).toFixed(2)} ${i % 2}`),
};

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

/** Never a 500, and a 4xx only as a problem document that says why. */
function expectHandled(r: Reply<unknown>, what: string) {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.text, what).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (r.status >= 400) {
    expect(r.type, what).toContain('application/problem+json');
    expect((r.json as { detail?: string }).detail, what).toBeTruthy();
  }
}

async function ok<T>(reply: Promise<Reply<T>>, what: string): Promise<Reply<T>> {
  const r = await reply;
  expectHandled(r, what);
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(400);
  return r;
}

const post = <T = Record<string, unknown>>(path: string, json: unknown) => call<T>(stack.url, 'POST', path, { json });

const finished = (jobId: string) => jobEnded(stack.url, jobId, 120_000);

const columnsOf = (m: FileMeta) => (m.columns ?? []).map((c) => ({ name: c.name, type: c.type, format: c.format }));

async function upload(name: string): Promise<FileMeta> {
  const up = await ok(uploadDirect<FileMeta>(stack.url, `${name}.csv`, TABLES[name]!), `upload ${name}`);
  expect(up.json.status).toBe('ready');
  return up.json;
}

async function explore(file: FileMeta) {
  const id = file.file_id;
  const names = (file.columns ?? []).map((c) => c.name);
  const page = await ok(call<Page>(stack.url, 'GET', `/files/${id}/data?limit=5`), 'data');
  // Every column is a key of every row: `__proto__` and `constructor` included.
  for (const row of page.json.rows) expect(Object.keys(row)).toEqual(names);
  await ok(call(stack.url, 'GET', `/files/${id}/data?limit=5&format=csv`), 'data csv');
  const sdv = await ok(call<{ columns: Record<string, unknown> }>(stack.url, 'GET', `/files/${id}/schema?format=sdv`), 'sdv schema');
  expect(Object.keys(sdv.json.columns)).toEqual(names);
  const requests: [string, Record<string, unknown>][] = [
    ['/eda/summary', {}],
    ['/eda/describe', {}],
    ...(['auto', 'pearson', 'spearman', 'kendall'] as const).map((method): [string, Record<string, unknown>] => ['/eda/correlation', { method }]),
    ['/eda/distributions', { columns: names.slice(0, 12) }],
    ['/eda/distributions', { columns: names.slice(0, 3), bins: 5 }],
    ...(['iqr', 'zscore', 'mad', 'isolation_forest'] as const).map((method): [string, Record<string, unknown>] => ['/eda/outliers', { method }]),
  ];
  for (const [path, body] of requests) await ok(post(path, { file_id: id, ...body }), `${path} ${JSON.stringify(body)}`);
  await ok(post('/eda/drift', { reference_file_id: id, current_file_id: id }), 'drift against itself');
  // A file of another shape: a compared (non-id) column again, as words, and a column of its own.
  const shared = (file.columns ?? []).find((c) => c.type !== 'id')?.name ?? names[0]!;
  const quoted = `"${shared.replaceAll('"', '""')}"`;
  const other = (await uploadDirect<FileMeta>(stack.url, 'other.csv', `${quoted},b\nx,1\ny,2\nx,3\n`)).json;
  await ok(post('/eda/drift', { reference_file_id: id, current_file_id: other.file_id }), 'drift against a table of another shape');
  await ok(post('/eda/drift', { reference_file_id: other.file_id, current_file_id: id }), 'drift from a table of another shape');
}

async function generate(file: FileMeta, generator: string, params: Record<string, unknown> = {}) {
  const started = await ok(post<Started>('/synth/generate', { file_id: file.file_id, generator, seed: 1, rows: 20, params }), `generate ${generator}`);
  const job = await finished(started.json.job_id);
  return { job, id: started.json.generated_file_id };
}

/** A generated file keeps the source's columns, order, types and formats, downloads in every format, and scores. */
async function checkGenerated(source: FileMeta, id: string, what: string) {
  const gen = (await ok(call<FileMeta>(stack.url, 'GET', `/files/${id}`), what)).json;
  expect(columnsOf(gen), what).toEqual(columnsOf(source));
  const names = (source.columns ?? []).map((c) => c.name);
  const json = await ok(call<Record<string, unknown>[]>(stack.url, 'GET', `/synth/${id}/download?format=json`), `${what} json`);
  expect(json.json).toHaveLength(20);
  for (const row of json.json) expect(Object.keys(row)).toEqual(names);
  for (const format of ['csv', 'parquet']) expect((await ok(call(stack.url, 'GET', `/synth/${id}/download?format=${format}`), `${what} ${format}`)).status).toBe(302);
  const pair = { real_file_id: source.file_id, synthetic_file_id: id };
  for (const path of ['/validation/quality', '/validation/diagnostic', '/validation/privacy']) await ok(post(path, pair), `${what} ${path}`);
  await ok(post('/validation/drift', { reference_file_id: source.file_id, current_file_id: id }), `${what} drift`);
  return json.json;
}

describe('odd tables through the whole API', () => {
  it.each(Object.keys(TABLES))('%s: upload, EDA, statistical generators, downloads, validation, delete', async (name) => {
    const file = await upload(name);
    await explore(file);
    const runs = await Promise.all(['gaussian_copula', 'privbayes'].map((g) => generate(file, g)));
    for (const [i, run] of runs.entries()) {
      expect(run.job.status, JSON.stringify(run.job.error)).toBe('succeeded');
      await checkGenerated(file, run.id, `${name} ${['gaussian_copula', 'privbayes'][i]}`);
    }
    expect((await call(stack.url, 'DELETE', `/files/${file.file_id}`)).status).toBe(204);
    expect((await call(stack.url, 'GET', `/files/${file.file_id}`)).status).toBe(404);
  }, 180_000);

  it('refuses a header without rows with a 422 that says so', async () => {
    const r = await uploadDirect(stack.url, 'header-only.csv', 'a,b,c\n');
    expectHandled(r, 'header only');
    expect(r.status).toBe(422);
    expect(r.json.detail).toMatch(/no data rows/);
  });

  it('keeps numbers of any magnitude: 1e-300 is not 0, in the data and in synthesis', async () => {
    const file = await upload('magnitudes');
    const page = await call<Page>(stack.url, 'GET', `/files/${file.file_id}/data?limit=3`);
    expect(page.json.rows.map((r) => r.tiny)).toEqual([1e-300, 2e-300, 3e-300]);
    expect(page.json.rows.map((r) => r.huge)).toEqual([1e300, 2e300, 3e300]);
    const { job, id } = await generate(file, 'gaussian_copula');
    expect(job.status).toBe('succeeded');
    const rows = await checkGenerated(file, id, 'magnitudes copula');
    for (const r of rows) {
      expect(r.tiny as number).toBeGreaterThan(0);
      expect(r.tiny as number).toBeLessThanOrEqual(3e-299);
    }
  });

  it('answers EDA on values near ±1.7e308 with finite numbers: r, KDE, moments', async () => {
    const csv = 'a,c,note\n' + lines(30, (i) => `${[1e308, -1e308, 1.5e308][i % 3]},${(i % 3) * 1e307 - 1.7e308},"x😀 ${i} ${'y'.repeat(i)}"`);
    const file = (await ok(uploadDirect<FileMeta>(stack.url, 'extremes.csv', csv), 'upload extremes')).json;
    await explore(file);
    // JSON has no Infinity or NaN: a statistic that overflowed would arrive as null.
    const corr = await ok(post<{ matrix: (number | null)[][] }>('/eda/correlation', { file_id: file.file_id, method: 'pearson' }), 'pearson');
    expect(corr.json.matrix[0]![1]).toBeCloseTo(0.5 / Math.sqrt(7), 12);
    const dist = await ok(post<{ distributions: { kde: { x: number | null; density: number | null }[] }[] }>('/eda/distributions', { file_id: file.file_id, columns: ['a', 'c'] }), 'distributions');
    for (const d of dist.json.distributions) {
      expect(d.kde).toHaveLength(100);
      for (const p of d.kde) expect([typeof p.x, typeof p.density]).toEqual(['number', 'number']);
    }
    const desc = await ok(post<{ columns: { mean?: number | null; std?: number | null }[] }>('/eda/describe', { file_id: file.file_id, columns: ['a'] }), 'describe');
    expect(typeof desc.json.columns[0]!.std).toBe('number');
  });

  it('reads numbers with a decimal comma in a semicolon file as floats', async () => {
    const file = await upload('decimal_comma');
    expect(file.dialect?.delimiter).toBe(';');
    expect(columnsOf(file).map((c) => c.type)).toEqual(['float', 'categorical', 'float']);
    expect(file.columns![0]!.reason).toContain('decimal comma');
    const page = await call<Page>(stack.url, 'GET', `/files/${file.file_id}/data?limit=6`);
    expect(page.json.rows.map((r) => r.price)).toEqual([0, 1.7, 2.14, 3.21, 1234.5, 5.35]);
    expect(page.json.rows.map((r) => r.ratio)).toEqual([0, 0.15, 0.25, 3, 0.45, 0.55]);
  });

  it("reads R's unnamed row names as a first column, and a space-separated file by its spaces", async () => {
    const r = await upload('r_row_names');
    expect(r.dialect?.row_names).toBe(true);
    expect(columnsOf(r).map((c) => [c.name, c.type])).toEqual([['column_1', 'integer'], ['weight', 'float'], ['feed', 'float']]);
    const spaced = await upload('space_separated');
    expect(spaced.dialect?.delimiter).toBe(' ');
    expect(columnsOf(spaced).map((c) => c.name)).toEqual(['obs', 'gpa', 'grade']);
    expect(columnsOf(spaced)[1]!.type).toBe('float');
  });

  it('refuses an answer too big for a reply with a 422 that says how to ask for less', async () => {
    // 450 columns: 101 025 pairs, whose scores weigh more than the 6 MB a Lambda reply holds.
    const r = lcg(3);
    const csv = Array.from({ length: 450 }, (_, j) => `c${j}`).join(',') + '\n' + lines(12, () => Array.from({ length: 450 }, () => (r() * 10).toFixed(1)).join(','));
    const file = (await ok(uploadDirect<FileMeta>(stack.url, 'very-wide.csv', csv), 'upload very wide')).json;
    const body = { real_file_id: file.file_id, synthetic_file_id: file.file_id };
    const tooBig = await post<{ detail: string; reply_bytes: number; max_reply_bytes: number }>('/validation/quality', body);
    expectHandled(tooBig, 'quality of 450 columns');
    expect(tooBig.status).toBe(422);
    expect(tooBig.json.reply_bytes).toBeGreaterThan(tooBig.json.max_reply_bytes);
    expect(tooBig.json.detail).toContain('"pair_details": "none"');
    // Asked without each pair's score, the scores are the same ones (a file against itself: 1).
    const scores = await ok(post<{ overall: number; column_pair_trends: { score: number; details: unknown[] } }>('/validation/quality', { ...body, pair_details: 'none' }), 'quality scores');
    expect(scores.json.column_pair_trends).toEqual({ score: 1, details: [] });
    expect(scores.json.overall).toBe(1);
    // The correlations of some columns only, in the order asked.
    const some = await ok(post<{ columns: string[]; matrix: (number | null)[][] }>('/eda/correlation', { file_id: file.file_id, method: 'pearson', columns: ['c7', 'c2', 'c449'] }), 'correlation of three');
    expect(some.json.columns).toEqual(['c7', 'c2', 'c449']);
    expect(some.json.matrix.map((row) => row.length)).toEqual([3, 3, 3]);
    expect((await post('/eda/correlation', { file_id: file.file_id, columns: ['c1', 'nope'] })).status).toBe(422);
    // The whole report likewise: the reply leaves each pair's score out when asked, the HTML keeps them.
    const report = await post<{ detail: string }>('/validation/report', body);
    expect(report.status).toBe(422);
    expect(report.json.detail).toContain('"pair_details": "none"');
    const lean = await ok(post<{ quality: { column_pair_trends: { score: number; details: unknown[] } }; html_url: string }>('/validation/report', { ...body, pair_details: 'none' }), 'lean report');
    expect(lean.json.quality.column_pair_trends).toEqual({ score: 1, details: [] });
    expect(lean.json.html_url).toMatch(/^http/);
  });

  it('holds a page of text to the same limit, and names the columns a correlation cannot take', async () => {
    // 10 000 rows × 64 columns of 10 characters: a CSV page of 7 MB.
    const row = Array.from({ length: 64 }, (_, j) => (1_000_000 + j + 0.25).toFixed(2)).join(',');
    const csv = Array.from({ length: 64 }, (_, j) => `n${j}`).join(',') + '\n' + lines(10_000, (i) => row.replace('1000000.25', String(1_000_000 + i + 0.25)));
    const big = (await ok(uploadDirect<FileMeta>(stack.url, 'long-page.csv', csv), 'upload long page')).json;
    const page = await call<{ detail: string; reply_bytes: number }>(stack.url, 'GET', `/files/${big.file_id}/data?limit=10000&format=csv`);
    expectHandled(page, 'csv page of 7 MB');
    expect(page.status).toBe(422);
    expect(page.json.detail).toContain('"limit"');
    expect((await call(stack.url, 'GET', `/files/${big.file_id}/data?limit=1000&format=csv`)).status).toBe(200);
    // Free text and identifiers have no correlation: named, they are refused, not dropped.
    const texts = (await ok(uploadDirect<FileMeta>(stack.url, 'texts.csv', 'id,note,x,y\n' + lines(40, (i) => `user-${i}-${(i * 7919).toString(36)},"free text ${i} ${'z'.repeat(i % 7)}",${i},${(i * 13) % 17}`)), 'upload texts')).json;
    const refused = await post<{ detail: string }>('/eda/correlation', { file_id: texts.file_id, columns: ['note', 'x'] });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('note');
    expect((await post('/eda/correlation', { file_id: texts.file_id, columns: ['x', 'y'] })).status).toBe(200);
  });

  it('keeps integers near 2^53 exact', async () => {
    const file = await upload('near_2_53');
    const page = await call<Page>(stack.url, 'GET', `/files/${file.file_id}/data?limit=2&format=csv`);
    expect(page.text).toContain('9007199254740003');
  });
});

describe('odd tables through the neural generators (tiny epochs)', () => {
  const deep: [string, Record<string, unknown>][] = [
    ['ctgan', { epochs: 1, batch_size: 10, pac: 1 }],
    ['tvae', { epochs: 1, batch_size: 10 }],
    ['copulagan', { epochs: 1, batch_size: 10, pac: 1 }],
    ['autoregressive', { epochs: 1 }],
  ];

  it.each(['two_rows', 'odd_names', 'dates_blanks'])('%s: every neural generator succeeds and keeps the schema', async (name) => {
    const file = await upload(name);
    for (const [generator, params] of deep) {
      const { job, id } = await generate(file, generator, params);
      expect(job.status, `${generator}: ${JSON.stringify(job.error)}`).toBe('succeeded');
      const gen = (await call<FileMeta>(stack.url, 'GET', `/files/${id}`)).json;
      expect(columnsOf(gen), generator).toEqual(columnsOf(file));
    }
  }, 120_000);

  it('magnitudes: every neural generator models 1e300 and 1e-300 (each column scaled by a power of two) and keeps them', async () => {
    const file = await upload('magnitudes');
    for (const [generator, params] of deep) {
      const { job, id } = await generate(file, generator, params);
      expect(job.status, `${generator} ${JSON.stringify(job.error)}`).toBe('succeeded');
      for (const r of await checkGenerated(file, id, `magnitudes ${generator}`)) {
        expect(r.huge as number, generator).toBeGreaterThanOrEqual(1e300);
        expect(r.huge as number, generator).toBeLessThanOrEqual(3e301);
        expect(r.tiny as number, generator).toBeGreaterThan(0);
        expect(r.tiny as number, generator).toBeLessThanOrEqual(3e-299);
      }
    }
  }, 120_000);
});
