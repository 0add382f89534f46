import { readTable, type StoreDeps } from '../files/service.js';
import { qualityReport } from '../metrics/quality.js';
import type { PairRequest, PrivacyRequest, QualityRequest, ReportRequest, UtilityRequest } from './schemas.js';
import { buildReport, reportCharts, reportHtml } from './report.js';
import { createHash } from 'node:crypto';
import { fileKeys } from '../files/model.js';
import { utilityReport } from './utility.js';
import { diagnosticReport } from './diagnostic.js';
import { privacyReport } from './privacy.js';
import type { Table } from '../table/model.js';
import { unprocessable } from '../errors.js';

const names = (t: Table) => t.columns.map((c) => c.name);

/** A synthetic table sharing no column with the real one is not a copy of it: every score would be a meaningless 0. */
export function checkComparable(real: Table, synthetic: Table): void {
  const realNames = new Set(names(real));
  if (!names(synthetic).some((n) => realNames.has(n))) {
    throw unprocessable(`The synthetic file shares no column with the real one (real: ${names(real).join(', ')}; synthetic: ${names(synthetic).join(', ')}).`, {
      real_columns: names(real),
      synthetic_columns: names(synthetic),
    });
  }
}

/** A holdout is more rows of the real table: the same columns, or the scores compare different things. */
export function checkHoldout(real: Table, holdout: Table): void {
  const realNames = new Set(names(real));
  const holdoutNames = new Set(names(holdout));
  const missing = names(real).filter((n) => !holdoutNames.has(n));
  const extra = names(holdout).filter((n) => !realNames.has(n));
  if (!missing.length && !extra.length) return;
  const parts = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(extra.length ? [`extra ${extra.join(', ')}`] : [])];
  throw unprocessable(`The holdout file must have the real file's columns: ${parts.join('; ')}.`, { missing, extra });
}

/** 422 unless every table given has the target column (the utility model learns and is tested on it). */
function checkTarget(target: string | undefined, tables: Readonly<Record<string, Table | undefined>>): void {
  if (target === undefined) return;
  const lacking = Object.entries(tables).filter(([, t]) => t && !t.columns.some((c) => c.name === target)).map(([role]) => role);
  if (lacking.length) throw unprocessable(`The target column ${target} is not in the ${lacking.join(' and ')} file.`, { target, lacking });
}

export async function quality(deps: StoreDeps, req: QualityRequest) {
  const [{ table: real }, { table: synthetic }] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
  ]);
  checkComparable(real, synthetic);
  const report = { ...qualityReport(real, synthetic, { pairAggregate: req.pair_aggregate }), pair_aggregate: req.pair_aggregate };
  return req.pair_details === 'all' ? report : withoutPairDetails(report);
}

export async function diagnostic(deps: StoreDeps, req: PairRequest) {
  const [{ table: real }, { table: synthetic }] = await Promise.all([readTable(deps, req.real_file_id), readTable(deps, req.synthetic_file_id)]);
  checkComparable(real, synthetic);
  return diagnosticReport(real, synthetic);
}

export async function privacy(deps: StoreDeps, req: PrivacyRequest) {
  const [{ table: real, meta }, { table: synthetic }, holdout] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    req.holdout_file_id ? readTable(deps, req.holdout_file_id) : Promise.resolve(undefined),
  ]);
  checkComparable(real, synthetic);
  if (holdout) checkHoldout(real, holdout.table);
  const piiColumns = (meta.columns ?? []).filter((c) => c.pii).map((c) => c.name);
  return privacyReport(real, synthetic, holdout?.table, req.seed, { quasiIdentifiers: req.quasi_identifiers, sensitive: req.sensitive, piiColumns });
}

export async function utility(deps: StoreDeps, req: UtilityRequest) {
  const [{ table: real }, { table: synthetic }, { table: holdout }] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    readTable(deps, req.holdout_file_id),
  ]);
  checkComparable(real, synthetic);
  checkHoldout(real, holdout);
  checkTarget(req.target, { real, synthetic, holdout });
  return utilityReport(real, synthetic, holdout, req.target, req.seed);
}

/** The full report; its HTML page is stored beside the synthetic file and linked by a presigned URL. */
export async function report(deps: StoreDeps, req: ReportRequest, vegaScripts: string) {
  const [{ table: real, meta }, { table: synthetic, meta: synMeta }, holdout] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    req.holdout_file_id ? readTable(deps, req.holdout_file_id) : Promise.resolve(undefined),
  ]);
  checkComparable(real, synthetic);
  if (holdout) checkHoldout(real, holdout.table);
  checkTarget(req.target, { real, synthetic, holdout: holdout?.table });
  const doc = buildReport({
    real,
    synthetic,
    holdout: holdout?.table,
    target: req.target,
    seed: req.seed,
    pairAggregate: req.pair_aggregate,
    disclosure: { quasiIdentifiers: req.quasi_identifiers, sensitive: req.sensitive, piiColumns: (meta.columns ?? []).filter((c) => c.pii).map((c) => c.name) },
  });
  const html = reportHtml(`tabmimic report: ${synMeta.filename} vs ${meta.filename}`, doc, reportCharts(real, synthetic, doc), vegaScripts);
  const key = fileKeys.derived(req.synthetic_file_id, `report/${createHash('sha256').update(JSON.stringify(req)).digest('hex').slice(0, 24)}.html`);
  await deps.blobs.put(key, html, 'text/html; charset=utf-8');
  const html_url = await deps.blobs.presignGet(key, `${synMeta.filename.replace(/\.[^.]*$/, '')}.report.html`, 3600, 'inline');
  return { ...doc, ...(req.pair_details === 'all' ? {} : { quality: withoutPairDetails(doc.quality) }), html_url };
}

/** A quality report without each pair's score: its scores stay, over all the pairs. */
function withoutPairDetails<Q extends { column_pair_trends: { details: readonly unknown[] } }>(quality: Q): Q {
  return { ...quality, column_pair_trends: { ...quality.column_pair_trends, details: [] } };
}
