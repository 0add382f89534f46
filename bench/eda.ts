/**
 * EDA speed: summary + describe + correlation (auto) on a generated table, seeded.
 * `npm run bench -- eda [rows]` (default 1 000 000 rows × 20 mixed columns).
 * The total is the in-memory (exact) path, the one files up to EXACT_MAX_CELLS take; the chunked
 * path (sketches over 100 000-row chunks, as larger files are read) is timed after it, apart, and
 * then the other endpoints on the chunked path: distributions of every column, outliers (IQR, MAD,
 * isolation forest) and drift of the table against a copy with one column shifted.
 */
import { Rng } from '../core/random.js';
import type { Column, Table } from '../core/table/model.js';
import { summary } from '../core/eda/summary.js';
import { describe } from '../core/eda/describe.js';
import { correlation } from '../core/eda/correlation.js';
import { chunkedSummary } from '../core/eda/chunked/summary.js';
import { chunkedDescribe } from '../core/eda/chunked/describe.js';
import { chunkedCorrelation } from '../core/eda/chunked/correlation.js';
import { chunkedDistributions } from '../core/eda/chunked/distributions.js';
import { chunkedOutliers } from '../core/eda/chunked/outliers.js';
import { chunkedIsolationOutliers } from '../core/eda/chunked/isolation.js';
import { chunkedDrift } from '../core/eda/chunked/drift.js';
import { tableChunks } from '../core/eda/chunked/source.js';
import { withPeakRss, writeResult } from './machine.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const rng = Rng.seeded(1);
const columns: Column[] = [];
const base = Float64Array.from({ length: rows }, () => rng.normal());
for (let i = 0; i < 10; i++) {
  columns.push({ type: 'float', name: `num${i}`, values: Float64Array.from(base, (b) => (rng.uniform() < 0.02 ? NaN : b * (i / 10) + rng.normal())) });
}
for (let i = 0; i < 6; i++) {
  const k = 3 + i * 2;
  columns.push({ type: 'categorical', name: `cat${i}`, codes: Int32Array.from(base, (b) => Math.min(k - 1, Math.max(0, Math.floor((b + 2) * (k / 4) + rng.normal())))), categories: Array.from({ length: k }, (_, j) => `c${j}`) });
}
for (let i = 0; i < 2; i++) columns.push({ type: 'boolean', name: `flag${i}`, codes: Int32Array.from({ length: rows }, () => (rng.uniform() < 0.3 ? 1 : 0)), categories: ['no', 'yes'] });
for (let i = 0; i < 2; i++) columns.push({ type: 'datetime', name: `day${i}`, format: 'YYYY-MM-DD', values: Float64Array.from({ length: rows }, () => Date.UTC(2020, 0, 1) + rng.int(0, 1500) * 86_400_000) });
const table: Table = { rowCount: rows, columns };

const timings: Record<string, number> = {};
const { peakRssMib } = await withPeakRss(async () => {
  for (const [name, run] of [
    ['summary', () => summary(table)],
    ['describe', () => describe(table)],
    ['correlation_auto', () => correlation(table, 'auto', 10)],
  ] as const) {
    const t = performance.now();
    run();
    timings[name] = (performance.now() - t) / 1000;
    console.log(`${name}: ${timings[name]!.toFixed(2)} s`);
  }
});
const total = Object.values(timings).reduce((a, b) => a + b, 0);
console.log(`total ${total.toFixed(2)} s for ${rows} rows × ${columns.length} columns, peak RSS ${peakRssMib} MiB`);

const chunked: Record<string, number> = {};
const source = tableChunks(table, 100_000);
for (const [name, run] of [
  ['summary', () => chunkedSummary(source)],
  ['describe', () => chunkedDescribe(source)],
  ['correlation_auto', () => chunkedCorrelation(source, 'auto', 10)],
] as const) {
  const t = performance.now();
  await run();
  chunked[name] = (performance.now() - t) / 1000;
  console.log(`chunked ${name}: ${chunked[name]!.toFixed(2)} s`);
}
const chunkedTotal = Object.values(chunked).reduce((a, b) => a + b, 0);
console.log(`chunked total ${chunkedTotal.toFixed(2)} s`);

const shifted: Table = { rowCount: rows, columns: columns.map((c, i) => (i === 0 && c.type === 'float' ? { ...c, values: Float64Array.from(c.values, (v) => v + 0.1) } : c)) };
const page = { offset: 0, limit: 100 };
const more: Record<string, number> = {};
for (const [name, run] of [
  ['distributions', () => chunkedDistributions(source, columns.map((c) => c.name))],
  ['outliers_iqr', () => chunkedOutliers(source, 'iqr', undefined, page)],
  ['outliers_mad', () => chunkedOutliers(source, 'mad', undefined, page)],
  ['outliers_isolation_forest', () => chunkedIsolationOutliers(source, undefined, page, 0)],
  ['drift', () => chunkedDrift(source, tableChunks(shifted, 100_000))],
] as const) {
  const t = performance.now();
  await run();
  more[name] = (performance.now() - t) / 1000;
  console.log(`chunked ${name}: ${more[name]!.toFixed(2)} s`);
}
console.log(
  await writeResult('eda', {
    rows,
    columns: columns.length,
    seconds: timings,
    total_seconds: total,
    peak_rss_mib: peakRssMib,
    target_seconds: 3,
    chunked: { chunk_rows: 100_000, seconds: chunked, total_seconds: chunkedTotal, other_endpoints_seconds: more },
  }),
);
