import { readTable, type StoreDeps } from '../files/service.js';
import { qualityReport } from '../metrics/quality.js';
import type { QualityRequest } from './schemas.js';

export async function quality(deps: StoreDeps, req: QualityRequest) {
  const [{ table: real }, { table: synthetic }] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
  ]);
  return { ...qualityReport(real, synthetic, { pairAggregate: req.pair_aggregate }), pair_aggregate: req.pair_aggregate };
}
