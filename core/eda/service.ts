/**
 * EDA over a stored file. Results are cached beside the file (derived/eda/…), keyed by the
 * request, the version of each file's columnar copy (a type edit writes a new one) and the path
 * that computed them, so a repeated call is a single read and a retyped file is never described
 * by its old types; deleting the file deletes the cache with it.
 *
 * Every endpoint reads a file of at most `exactMaxCells()` cells whole and is exact; a larger file
 * streams chunk by chunk through mergeable statistics and sketches (see ./approximation.ts), and
 * the result says which with `approximate` and `computation`. Drift holds both files in memory, so
 * it takes their cells together. The in-memory path reads the chunks through the metadata already
 * read for the plan rather than reading it again.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getReadyFile, type StoreDeps } from '../files/service.js';
import { FileId, fileKeys, type FileMeta } from '../files/model.js';
import { putDerived } from '../files/derived.js';
import { unprocessable } from '../errors.js';
import { distinctColumnNames } from '../records.js';
import { summary } from './summary.js';
import { describe } from './describe.js';
import { correlatable, correlation } from './correlation.js';
import { checkCorrelationWidth, MAX_CORRELATION_COLUMNS } from './correlation-budget.js';
import { distributions } from './distributions.js';
import { FEW_VALUES } from './columns.js';
import { isolationOutliers, outliers } from './outliers.js';
import { drift } from './drift.js';
import { readCurrent } from './drift-read.js';
import { classifierDrift } from './classifier-drift.js';
import { selectColumns, type Table } from '../table/model.js';
import type { ColumnInfo } from '../files/model.js';
import { exactMaxCells, IN_MEMORY } from './approximation.js';
import { fileChunks, wholeTable } from './chunked/source.js';
import { chunkedSummary } from './chunked/summary.js';
import { chunkedDescribe } from './chunked/describe.js';
import { chunkedCorrelation } from './chunked/correlation.js';
import { chunkedDistributions } from './chunked/distributions.js';
import { chunkedOutliers } from './chunked/outliers.js';
import { chunkedIsolationOutliers } from './chunked/isolation.js';
import { chunkedDrift } from './chunked/drift.js';
import { chunkedDriftBasis, driftSides } from '../validation/drift-basis.js';
import { comparedNames, driftLeftOut, type DriftRoute } from '../validation/drift-left-out.js';
import type { DriftResult } from '../validation/drift-reply.js';
import type { CorrelationReply, DescribeReply, DistributionsReply, OutliersReply, SummaryReply } from './replies.js';
import { seedNumber } from '../seed.js';

export const EdaFileRequest = z.object({ file_id: FileId }).meta({ id: 'EdaFileRequest' });

/**
 * The `columns` of every EDA request: each once, in this order, every column when left out. An empty
 * list asks for nothing, so it is a 422 on every route alike (describe and outliers had answered it
 * with nothing); a correlation needs two.
 */
const AskedColumns = (least: 1 | 2, what: string) =>
  distinctColumnNames()
    .min(least, least === 1 ? 'name at least one column, or leave columns out for all' : `name at least ${least} columns, or leave columns out for all`)
    .optional()
    .describe(`Columns to ${what}, each once, in this order; every column when left out`);

export const DescribeRequest = z.object({ file_id: FileId, columns: AskedColumns(1, 'describe') }).meta({ id: 'DescribeRequest' });
export const CorrelationRequest = z
  .object({
    file_id: FileId,
    method: z.enum(['pearson', 'spearman', 'kendall', 'auto']).default('auto'),
    top_n: z.number().int().min(1).max(1000).default(10),
    columns: AskedColumns(2, 'correlate').describe(
      `Columns to correlate, each once, in this order; every column but free text and identifiers when left out. At most ${MAX_CORRELATION_COLUMNS} (the matrix must fit a reply): a wider request is a 422 naming its columns and pairs`,
    ),
  })
  .meta({ id: 'CorrelationRequest' });
export const DistributionsRequest = z
  .object({
    file_id: FileId,
    columns: AskedColumns(1, 'describe'),
    bins: z.number().int().min(1).max(200).optional().describe('Histogram bins of number columns; Freedman–Diaconis when left out'),
  })
  .meta({
    id: 'DistributionsRequest',
    description:
      `Answered with \`distributions[]\`, one per column: \`kind\` "numeric" has \`histogram\` {edges, counts} and \`kde\` [{x, density}], and, for an integer column of at most ${FEW_VALUES} distinct values, \`values\` [{value, count}] — the count of each value, ascending, which its \`vega_lite\` then draws as one bar per value; "datetime" has \`period\` (the calendar bin: hour … year, never finer than the data's own step) and \`counts\` [{period, count}]; "categorical" has \`counts\` [{value, count}].`,
  });
export const OutliersRequest = z
  .object({
    file_id: FileId,
    columns: AskedColumns(1, 'search for outliers'),
    method: z.enum(['iqr', 'zscore', 'mad', 'isolation_forest']).default('iqr'),
    seed: seedNumber().default(0).describe('Seed of the isolation forest'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(100),
  })
  .meta({ id: 'OutliersRequest' });
export const DriftRequest = z.object({ reference_file_id: FileId, current_file_id: FileId }).meta({ id: 'DriftRequest' });

type ReadyFile = Awaited<ReturnType<typeof getReadyFile>>;

/**
 * Part of every cached EDA result's key: bump it whenever an analysis' output changes (a new field, a
 * different binning), or results cached by the old code keep being served for files already analysed.
 */
export const EDA_CACHE_VERSION = 4;

async function cached<T>(deps: StoreDeps, fileIds: string[], request: unknown, compute: () => Promise<T>, known: ReadyFile[] = []): Promise<T> {
  const metas = await Promise.all(fileIds.map((id) => known.find((m) => m.file_id === id) ?? getReadyFile(deps, id)));
  const version = createHash('sha256').update(JSON.stringify([EDA_CACHE_VERSION, request, metas.map((m) => [m.version ?? '', m.updated_at])])).digest('hex').slice(0, 32);
  const key = fileKeys.derived(fileIds[0]!, `eda/${version}.json`);
  if ((await deps.blobs.size(key)) !== undefined) return JSON.parse(Buffer.from(await deps.blobs.getBytes(key)).toString('utf8')) as T;
  const result = await compute();
  // Written only while the file is there (files/derived.ts): a delete meanwhile leaves no result behind.
  await putDerived(deps, metas[0]!, key, () => deps.blobs.put(key, JSON.stringify(result), 'application/json'));
  return result;
}

const cells = (meta: ReadyFile) => meta.rows * (meta.columns?.length ?? 0);

/** Whole in memory (exact), or chunk by chunk: decided by the cells held at once, read at request time. */
const pathFor = (...metas: ReadyFile[]): 'in_memory' | 'chunked' => (metas.reduce((n, m) => n + cells(m), 0) <= exactMaxCells() ? 'in_memory' : 'chunked');

/** The whole file as one table, from metadata already read. */
const readWhole = (deps: StoreDeps, meta: ReadyFile) => wholeTable(fileChunks(deps, meta));

function checkColumns(known: readonly { name: string }[] | undefined, asked: readonly string[] | undefined): void {
  const names = new Set((known ?? []).map((c) => c.name));
  const unknown = (asked ?? []).filter((n) => !names.has(n));
  if (unknown.length) throw unprocessable(`Unknown column(s): ${unknown.join(', ')}.`, { unknown });
}

/**
 * An EDA result on one file: its metadata read once, the asked columns checked, then the path its
 * size calls for (part of the cache key) — chunk by chunk, or the whole table in memory, exact.
 */
async function onOneFile<C, M extends object>(
  deps: StoreDeps,
  name: string,
  req: { readonly file_id: string },
  asked: readonly string[] | undefined,
  run: { chunked: (meta: ReadyFile) => Promise<C>; inMemory: (table: Table, meta: ReadyFile) => M; check?: (meta: ReadyFile) => void },
): Promise<C | (M & typeof IN_MEMORY)> {
  const meta = await getReadyFile(deps, req.file_id);
  checkColumns(meta.columns, asked);
  run.check?.(meta);
  const path = pathFor(meta);
  return cached(
    deps,
    [req.file_id],
    [name, req, path],
    async () => (path === 'chunked' ? run.chunked(meta) : { ...run.inMemory(await readWhole(deps, meta), meta), ...IN_MEMORY }),
    [meta],
  );
}

export const edaSummary = (deps: StoreDeps, req: z.infer<typeof EdaFileRequest>): Promise<SummaryReply> =>
  onOneFile(deps, 'summary', req, undefined, {
    chunked: (meta) => chunkedSummary(fileChunks(deps, meta), meta.columns),
    inMemory: (table, meta) => summary(table, meta.columns),
  });

export const edaDescribe = (deps: StoreDeps, req: z.infer<typeof DescribeRequest>): Promise<DescribeReply> =>
  onOneFile(deps, 'describe', req, req.columns, {
    chunked: (meta) => chunkedDescribe(fileChunks(deps, meta, req.columns), req.columns),
    inMemory: (table) => describe(table, req.columns),
  });

/** Columns named for a correlation must be ones it covers: free text and identifiers have none. */
function checkCorrelated(known: readonly ColumnInfo[] | undefined, asked: readonly string[] | undefined): void {
  const uncovered = (asked ?? []).filter((name) => known?.some((c) => c.name === name && (c.type === 'text' || c.type === 'id')));
  if (uncovered.length) throw unprocessable(`Column(s) ${uncovered.join(', ')} are free text or identifiers, which have no correlation; name numbers, dates, categories or booleans.`, { uncovered });
}

export const edaCorrelation = (deps: StoreDeps, req: z.infer<typeof CorrelationRequest>): Promise<CorrelationReply> =>
  onOneFile(deps, 'correlation', req, req.columns, {
    check: (meta) => {
      checkCorrelated(meta.columns, req.columns);
      // Before reading the file: the matrix grows with columns², so a wide file is refused at once.
      checkCorrelationWidth(req.columns?.length ?? correlatable(meta.columns ?? []).length);
    },
    chunked: (meta) => chunkedCorrelation(fileChunks(deps, meta, req.columns), req.method, req.top_n),
    inMemory: (table) => correlation(req.columns ? selectColumns(table, req.columns) : table, req.method, req.top_n),
  });

export const edaDistributions = (deps: StoreDeps, req: z.infer<typeof DistributionsRequest>): Promise<DistributionsReply> => {
  const columnsOf = (meta: ReadyFile) => req.columns ?? (meta.columns ?? []).map((c) => c.name);
  return onOneFile(deps, 'distributions', req, req.columns, {
    chunked: (meta) => chunkedDistributions(fileChunks(deps, meta, req.columns), columnsOf(meta), req.bins),
    inMemory: (table, meta) => ({ distributions: distributions(table, columnsOf(meta), req.bins) }),
  });
};

/** Outliers are found on numbers only: a named column of another type would otherwise be dropped without a word. */
function checkOutlierColumns(known: readonly ColumnInfo[] | undefined, asked: readonly string[] | undefined): void {
  const unusable = (asked ?? []).filter((name) => known?.some((c) => c.name === name && c.type !== 'integer' && c.type !== 'float'));
  if (unusable.length) throw unprocessable(`Column(s) ${unusable.join(', ')} are not numbers, which outliers are found on; name integer or float columns.`, { unusable });
}

export const edaOutliers = (deps: StoreDeps, req: z.infer<typeof OutliersRequest>): Promise<OutliersReply> => {
  const page = { offset: req.offset, limit: req.limit };
  const { method } = req;
  const check = (meta: ReadyFile) => checkOutlierColumns(meta.columns, req.columns);
  return method === 'isolation_forest'
    ? onOneFile(deps, 'outliers', req, req.columns, {
        check,
        chunked: (meta) => chunkedIsolationOutliers(fileChunks(deps, meta), req.columns, page, req.seed, meta.columns),
        inMemory: (table, meta) => isolationOutliers(table, req.columns, page, req.seed, meta.columns),
      })
    : onOneFile(deps, 'outliers', req, req.columns, {
        check,
        chunked: (meta) => chunkedOutliers(fileChunks(deps, meta), method, req.columns, page, meta.columns),
        inMemory: (table, meta) => outliers(table, method, req.columns, page, meta.columns),
      });
};

/**
 * Files sharing no compared column are different tables, not one table drifted: every column would
 * read "missing from current". (Some columns missing is drift, and reported so.)
 */
function checkDriftComparable(ref: FileMeta, cur: FileMeta): void {
  const compared = (ref.columns ?? []).filter((c) => c.type !== 'id').map((c) => c.name);
  const current = (cur.columns ?? []).map((c) => c.name);
  if (!compared.length || compared.some((name) => current.includes(name))) return;
  throw unprocessable(`The current file shares no column with the reference one, so there is no drift to measure (reference: ${compared.join(', ')}; current: ${current.join(', ')}).`, {
    reference_columns: compared,
    current_columns: current,
  });
}

/** Also `/validation/drift` (reference = real, current = synthetic). */
export async function edaDrift(deps: StoreDeps, req: z.infer<typeof DriftRequest>, route: DriftRoute = 'eda'): Promise<DriftResult> {
  const [ref, cur] = await Promise.all([getReadyFile(deps, req.reference_file_id), getReadyFile(deps, req.current_file_id)]);
  checkDriftComparable(ref, cur);
  const path = pathFor(ref, cur);
  // Columns a generated file does not draw from the real values (a faked name) are not compared (validation/drift-left-out.ts).
  const left_out_columns = await driftLeftOut(deps, ref, cur, route);
  return cached(
    deps,
    [req.reference_file_id, req.current_file_id],
    // 'basis': results cached before a conditioned file's drift was measured on its matching rows are not reused.
    ['drift', req, path, 'basis', left_out_columns],
    async () => {
      if (path === 'chunked') {
        const [refChunks, curChunks] = [fileChunks(deps, ref, comparedNames(ref, left_out_columns)), fileChunks(deps, cur, comparedNames(cur, left_out_columns))];
        // Columns with too few values to judge are left out as well, after those the route leaves out.
        const { left_out_columns: tooFew, ...figures } = await chunkedDrift(refChunks, curChunks);
        return { ...figures, ...chunkedDriftBasis(ref, cur), left_out_columns: [...left_out_columns, ...tooFew] };
      }
      // A file against itself is read once.
      const [wholeRef, wholeCur] = ref.file_id === cur.file_id ? await readWhole(deps, ref).then((t): [Table, Table] => [t, t]) : await Promise.all([readWhole(deps, ref), readWhole(deps, cur)]);
      // A conditioned generated file is compared with the real rows meeting its conditions (validation/drift-basis.ts).
      const { reference, current, compared_with } = driftSides({ table: wholeRef, meta: ref }, { table: wholeCur, meta: cur }, left_out_columns);
      // The current file in the reference's types (drift-read.ts), for the figures and the classifier alike.
      const read = readCurrent(reference, current);
      const { left_out_columns: tooFew, ...figures } = drift(reference, current, read);
      const classifier = classifierDrift(reference, read.table);
      return { ...figures, classifier, ...IN_MEMORY, ...(compared_with ? { compared_with } : {}), left_out_columns: [...left_out_columns, ...tooFew] };
    },
    [ref, cur],
  );
}
