/**
 * EDA over a stored file. Results are cached beside the file (derived/eda/…), keyed by the
 * request and the version of each file's columnar copy (a type edit writes a new one), so a
 * repeated call is a single read and a retyped file is never described by its old types;
 * deleting the file deletes the cache with it.
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

async function cached<T>(deps: StoreDeps, fileIds: string[], request: unknown, compute: () => Promise<T>): Promise<T> {
  const metas = await Promise.all(fileIds.map((id) => getReadyFile(deps, id)));
  const version = createHash('sha256').update(JSON.stringify([request, metas.map((m) => [m.version ?? '', m.updated_at])])).digest('hex').slice(0, 32);
  const key = fileKeys.derived(fileIds[0]!, `eda/${version}.json`);
  if ((await deps.blobs.size(key)) !== undefined) return JSON.parse(Buffer.from(await deps.blobs.getBytes(key)).toString('utf8')) as T;
  const result = await compute();
  await deps.blobs.put(key, JSON.stringify(result), 'application/json');
  return result;
}

function checkColumns(known: readonly { name: string }[] | undefined, asked: readonly string[] | undefined): void {
  const names = new Set((known ?? []).map((c) => c.name));
  const unknown = (asked ?? []).filter((n) => !names.has(n));
  if (unknown.length) throw unprocessable(`Unknown column(s): ${unknown.join(', ')}.`, { unknown });
}

export const edaSummary = (deps: StoreDeps, req: z.infer<typeof EdaFileRequest>) =>
  cached(deps, [req.file_id], ['summary', req], async () => {
    const { meta, table } = await readTable(deps, req.file_id);
    return summary(table, meta.columns);
  });

export const edaDescribe = (deps: StoreDeps, req: z.infer<typeof DescribeRequest>) =>
  cached(deps, [req.file_id], ['describe', req], async () => {
    const { meta, table } = await readTable(deps, req.file_id);
    checkColumns(meta.columns, req.columns);
    return describe(table, req.columns);
  });

export const edaCorrelation = (deps: StoreDeps, req: z.infer<typeof CorrelationRequest>) =>
  cached(deps, [req.file_id], ['correlation', req], async () => correlation((await readTable(deps, req.file_id)).table, req.method, req.top_n));

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
