/**
 * EDA over a stored file. Results are cached beside the file (derived/eda/…), keyed by the
 * request, the version of each file's columnar copy (a type edit writes a new one) and the path
 * that computed them, so a repeated call is a single read and a retyped file is never described
 * by its old types; deleting the file deletes the cache with it.
 *
 * Summary, describe and correlation read a file of at most `exactMaxCells()` cells whole and are
 * exact; a larger file streams chunk by chunk through mergeable statistics and sketches (see
 * ./approximation.ts), and the result says which with `approximate` and `computation`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getReadyFile, readTable, type StoreDeps } from '../files/service.js';
import { FileId, fileKeys } from '../files/model.js';
import { unprocessable } from '../errors.js';
import { summary } from './summary.js';
import { describe } from './describe.js';
import { correlation } from './correlation.js';
import { distributions } from './distributions.js';
import { isolationOutliers, outliers } from './outliers.js';
import { drift } from './drift.js';
import { detection } from '../validation/utility.js';
import type { Table } from '../table/model.js';
import { exactMaxCells, IN_MEMORY } from './approximation.js';
import { fileChunks } from './chunked/source.js';
import { chunkedSummary } from './chunked/summary.js';
import { chunkedDescribe } from './chunked/describe.js';
import { chunkedCorrelation } from './chunked/correlation.js';

export const EdaFileRequest = z.object({ file_id: FileId }).meta({ id: 'EdaFileRequest' });
export const DescribeRequest = z.object({ file_id: FileId, columns: z.array(z.string()).optional() }).meta({ id: 'DescribeRequest' });
export const CorrelationRequest = z
  .object({ file_id: FileId, method: z.enum(['pearson', 'spearman', 'kendall', 'auto']).default('auto'), top_n: z.number().int().min(1).max(1000).default(10) })
  .meta({ id: 'CorrelationRequest' });
export const DistributionsRequest = z
  .object({ file_id: FileId, columns: z.array(z.string()).min(1), bins: z.number().int().min(1).max(200).optional() })
  .meta({ id: 'DistributionsRequest' });
export const OutliersRequest = z
  .object({
    file_id: FileId,
    columns: z.array(z.string()).optional(),
    method: z.enum(['iqr', 'zscore', 'mad', 'isolation_forest']).default('iqr'),
    seed: z.number().int().min(0).default(0).describe('Seed of the isolation forest'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(100),
  })
  .meta({ id: 'OutliersRequest' });
export const DriftRequest = z.object({ reference_file_id: FileId, current_file_id: FileId }).meta({ id: 'DriftRequest' });

type ReadyFile = Awaited<ReturnType<typeof getReadyFile>>;

async function cached<T>(deps: StoreDeps, fileIds: string[], request: unknown, compute: () => Promise<T>, known: ReadyFile[] = []): Promise<T> {
  const metas = await Promise.all(fileIds.map((id) => known.find((m) => m.file_id === id) ?? getReadyFile(deps, id)));
  const version = createHash('sha256').update(JSON.stringify([request, metas.map((m) => [m.version ?? '', m.updated_at])])).digest('hex').slice(0, 32);
  const key = fileKeys.derived(fileIds[0]!, `eda/${version}.json`);
  if ((await deps.blobs.size(key)) !== undefined) return JSON.parse(Buffer.from(await deps.blobs.getBytes(key)).toString('utf8')) as T;
  const result = await compute();
  await deps.blobs.put(key, JSON.stringify(result), 'application/json');
  return result;
}

/** Whole in memory (exact), or chunk by chunk: decided by the file's cells, read at request time. */
function fitsInMemory(meta: ReadyFile): boolean {
  return meta.rows * (meta.columns?.length ?? 0) <= exactMaxCells();
}

/** The file's metadata, and the computation path its size calls for (part of the cache key). */
async function plan(deps: StoreDeps, fileId: string): Promise<{ meta: ReadyFile; path: 'in_memory' | 'chunked' }> {
  const meta = await getReadyFile(deps, fileId);
  return { meta, path: fitsInMemory(meta) ? 'in_memory' : 'chunked' };
}

function checkColumns(known: readonly { name: string }[] | undefined, asked: readonly string[] | undefined): void {
  const names = new Set((known ?? []).map((c) => c.name));
  const unknown = (asked ?? []).filter((n) => !names.has(n));
  if (unknown.length) throw unprocessable(`Unknown column(s): ${unknown.join(', ')}.`, { unknown });
}

export async function edaSummary(deps: StoreDeps, req: z.infer<typeof EdaFileRequest>) {
  const { meta, path } = await plan(deps, req.file_id);
  return cached(
    deps,
    [req.file_id],
    ['summary', req, path],
    async () => {
      if (path === 'chunked') return chunkedSummary(fileChunks(deps, meta), meta.columns);
      const { table } = await readTable(deps, req.file_id);
      return { ...summary(table, meta.columns), ...IN_MEMORY };
    },
    [meta],
  );
}

export async function edaDescribe(deps: StoreDeps, req: z.infer<typeof DescribeRequest>) {
  const { meta, path } = await plan(deps, req.file_id);
  checkColumns(meta.columns, req.columns);
  return cached(
    deps,
    [req.file_id],
    ['describe', req, path],
    async () => {
      if (path === 'chunked') return chunkedDescribe(fileChunks(deps, meta, req.columns), req.columns);
      const { table } = await readTable(deps, req.file_id);
      return { ...describe(table, req.columns), ...IN_MEMORY };
    },
    [meta],
  );
}

export async function edaCorrelation(deps: StoreDeps, req: z.infer<typeof CorrelationRequest>) {
  const { meta, path } = await plan(deps, req.file_id);
  return cached(
    deps,
    [req.file_id],
    ['correlation', req, path],
    async () => {
      if (path === 'chunked') return chunkedCorrelation(fileChunks(deps, meta), req.method, req.top_n);
      return { ...correlation((await readTable(deps, req.file_id)).table, req.method, req.top_n), ...IN_MEMORY };
    },
    [meta],
  );
}

export const edaDistributions = (deps: StoreDeps, req: z.infer<typeof DistributionsRequest>) =>
  cached(deps, [req.file_id], ['distributions', req], async () => {
    const { meta, table } = await readTable(deps, req.file_id);
    checkColumns(meta.columns, req.columns);
    return { distributions: distributions(table, req.columns, req.bins) };
  });

export const edaOutliers = (deps: StoreDeps, req: z.infer<typeof OutliersRequest>) =>
  cached(deps, [req.file_id], ['outliers', req], async () => {
    const { meta, table } = await readTable(deps, req.file_id);
    checkColumns(meta.columns, req.columns);
    const page = { offset: req.offset, limit: req.limit };
    return req.method === 'isolation_forest' ? isolationOutliers(table, req.columns, page, req.seed) : outliers(table, req.method, req.columns, page);
  });

export const edaDrift = (deps: StoreDeps, req: z.infer<typeof DriftRequest>) =>
  cached(deps, [req.reference_file_id, req.current_file_id], ['drift', req], async () => {
    const [ref, cur] = await Promise.all([readTable(deps, req.reference_file_id), readTable(deps, req.current_file_id)]);
    return { ...drift(ref.table, cur.table), classifier: classifierDrift(ref.table, cur.table) };
  });

/** Overall drift: can a classifier tell the two tables apart? AUC 0.5 = no, 1 = completely. */
function classifierDrift(reference: Table, current: Table) {
  const { auc } = detection(reference, current, 0);
  return { auc, verdict: auc < 0.6 ? 'stable' : auc < 0.75 ? 'warn' : 'drift', note: '3-fold logistic regression, real rows vs current rows, at most 5000 each' };
}
