import { readTable, type StoreDeps } from '../files/service.js';
import { qualityReport } from '../metrics/quality.js';
import type { PairRequest, PrivacyRequest, QualityRequest, UtilityRequest } from './schemas.js';
import { utilityReport } from './utility.js';
import { diagnosticReport } from './diagnostic.js';
import { privacyReport } from './privacy.js';

export async function quality(deps: StoreDeps, req: QualityRequest) {
  const [{ table: real }, { table: synthetic }] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
  ]);
  return { ...qualityReport(real, synthetic, { pairAggregate: req.pair_aggregate }), pair_aggregate: req.pair_aggregate };
}

export async function diagnostic(deps: StoreDeps, req: PairRequest) {
  const [{ table: real }, { table: synthetic }] = await Promise.all([readTable(deps, req.real_file_id), readTable(deps, req.synthetic_file_id)]);
  return diagnosticReport(real, synthetic);
}

export async function privacy(deps: StoreDeps, req: PrivacyRequest) {
  const [{ table: real, meta }, { table: synthetic }, holdout] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    req.holdout_file_id ? readTable(deps, req.holdout_file_id) : Promise.resolve(undefined),
  ]);
  const piiColumns = (meta.columns ?? []).filter((c) => c.pii).map((c) => c.name);
  return privacyReport(real, synthetic, holdout?.table, req.seed, { quasiIdentifiers: req.quasi_identifiers, sensitive: req.sensitive, piiColumns });
}

export async function utility(deps: StoreDeps, req: UtilityRequest) {
  const [{ table: real }, { table: synthetic }, { table: holdout }] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    readTable(deps, req.holdout_file_id),
  ]);
  return utilityReport(real, synthetic, holdout, req.target, req.seed);
}
