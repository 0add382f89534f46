import { readTable, type StoreDeps } from '../files/service.js';
import { qualityReport } from '../metrics/quality.js';
import type { PairRequest, PrivacyRequest, QualityRequest, ReportRequest, UtilityRequest } from './schemas.js';
import { buildReport, reportCharts, reportHtml } from './report.js';
import { createHash } from 'node:crypto';
import { fileKeys } from '../files/model.js';
import { putDerived } from '../files/derived.js';
import { utilityReport } from './utility.js';
import { diagnosticReport } from './diagnostic.js';
import { privacyReport } from './privacy.js';
import type { Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import type { FileMeta } from '../files/model.js';
import { leftOutColumns } from './left-out.js';
import { comparisonBasis, type Basis } from './basis.js';
import { differentialPrivacy } from './differential-privacy.js';
import { readModelRecordJson } from './model-record.js';
import { alignHoldout, checkHoldoutColumns, checkHoldoutNotGenerated, holdoutRetyped } from './holdout.js';
import type { Aligned } from '../metrics/align.js';

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

/**
 * Every real column must be in the synthetic file, or the scores quietly cover only the shared ones
 * (a file without body_mass_g scored 1.0). Columns left out on purpose are no fault: `leftOut`.
 */
export function checkColumnsPresent(real: Table, synthetic: Table, leftOut: ReadonlySet<string> = new Set()): void {
  const have = new Set(names(synthetic));
  const missing = names(real).filter((n) => !have.has(n) && !leftOut.has(n));
  if (!missing.length) return;
  const which = missing.length === 1 ? `column ${missing[0]}` : `columns ${missing.join(', ')}`;
  throw unprocessable(
    `The synthetic file lacks the real file's ${which}, so no score would cover ${missing.length === 1 ? 'it' : 'them'}. ` +
      "Compare files with the same columns (a column the real file's schema leaves out of the model, PII dropped or faked or the primary key, may be absent).",
    { missing, real_columns: names(real), synthetic_columns: names(synthetic) },
  );
}

/**
 * checkComparable, then checkColumnsPresent with the columns left out on purpose (left-out.ts: a
 * generated file lacks the dropped ones; another tool's output may lack any of them). Returns the
 * synthetic file's model record (readModelRecordJson), read once, and those columns, for the privacy reply.
 */
async function checkPair(deps: StoreDeps, real: { table: Table; meta: FileMeta }, synthetic: { table: Table; meta: FileMeta }) {
  checkComparable(real.table, synthetic.table);
  const modelRecord: unknown = await readModelRecordJson(deps, synthetic.meta);
  const leftOut = leftOutColumns(real.meta, modelRecord);
  checkColumnsPresent(real.table, synthetic.table, new Set(leftOut.map((c) => c.column)));
  return { modelRecord, leftOut };
}

/** A holdout checked (holdout.ts): not a generated file, the real file's columns, read in its types. */
function readyHoldout(real: Table, holdout: { table: Table; meta: FileMeta }, ids: { real: string; synthetic: string }): Aligned {
  checkHoldoutNotGenerated(holdout.meta, ids);
  checkHoldoutColumns(real, holdout.table);
  return alignHoldout(real, holdout.table);
}

/** 422 unless every table given has the target column (the utility model learns and is tested on it). */
function checkTarget(target: string | undefined, tables: Readonly<Record<string, Table | undefined>>): void {
  if (target === undefined) return;
  const lacking = Object.entries(tables).filter(([, t]) => t && !t.columns.some((c) => c.name === target)).map(([role]) => role);
  if (lacking.length) throw unprocessable(`The target column ${target} is not in the ${lacking.length > 1 ? `${lacking.slice(0, -1).join(', ')} or ${lacking.at(-1)}` : lacking[0]} file.`, { target, lacking });
}

export async function quality(deps: StoreDeps, req: QualityRequest) {
  const [realFile, synFile] = await Promise.all([readTable(deps, req.real_file_id), readTable(deps, req.synthetic_file_id)]);
  await checkPair(deps, realFile, synFile);
  const basis = comparisonBasis(realFile, synFile.meta);
  const report = { ...qualityReport(basis.real, synFile.table, { pairAggregate: req.pair_aggregate }), pair_aggregate: req.pair_aggregate, compared_with: basis.compared_with };
  return req.pair_details === 'all' ? report : withoutPairDetails(report);
}

export async function diagnostic(deps: StoreDeps, req: PairRequest) {
  const [{ table: real, meta }, { table: synthetic, meta: synMeta }] = await Promise.all([readTable(deps, req.real_file_id), readTable(deps, req.synthetic_file_id)]);
  checkComparable(real, synthetic);
  // Missing columns are part of this reply, not a 422 (checkPair); only the copies skip the left-out ones.
  const leftOut = leftOutColumns(meta, await readModelRecordJson(deps, synMeta));
  return diagnosticReport(real, synthetic, new Set(leftOut.map((c) => c.column)));
}

export async function privacy(deps: StoreDeps, req: PrivacyRequest) {
  const [realFile, synFile, holdout] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    req.holdout_file_id ? readTable(deps, req.holdout_file_id) : Promise.resolve(undefined),
  ]);
  const [{ table: real, meta }, synthetic] = [realFile, synFile.table];
  const { modelRecord, leftOut } = await checkPair(deps, realFile, synFile);
  const alignedHoldout = holdout && readyHoldout(real, holdout, { real: req.real_file_id, synthetic: req.synthetic_file_id });
  const piiColumns = (meta.columns ?? []).filter((c) => c.pii).map((c) => c.name);
  // Distances to the rows a conditioned file is like; copies, PII and re-identification against every real row (privacy.ts).
  const basis = comparisonBasis(realFile, synFile.meta, alignedHoldout?.table);
  const result = privacyReport(basis.real, synthetic, basis.holdout, req.seed, { quasiIdentifiers: req.quasi_identifiers, sensitive: req.sensitive, piiColumns, everyRealRow: real, leftOut });
  const dp = differentialPrivacy(synFile.meta, modelRecord);
  return { ...result, ...comparedWith(basis), ...holdoutRetyped(alignedHoldout), ...(dp === undefined ? {} : { differential_privacy: dp }) };
}

export async function utility(deps: StoreDeps, req: UtilityRequest) {
  const [realFile, synFile, holdoutFile] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    readTable(deps, req.holdout_file_id),
  ]);
  const [real, synthetic] = [realFile.table, synFile.table];
  checkComparable(real, synthetic);
  const alignedHoldout = readyHoldout(real, holdoutFile, { real: req.real_file_id, synthetic: req.synthetic_file_id });
  const holdout = alignedHoldout.table;
  checkTarget(req.target, { real, synthetic, holdout });
  // After the target's check: its message says more than a list of missing columns.
  await checkPair(deps, realFile, synFile);
  const basis = comparisonBasis(realFile, synFile.meta, holdout);
  checkTargetNotFixed(req.target, basis);
  return { ...utilityReport(basis.real, synthetic, basis.holdout ?? holdout, req.target, req.seed), ...comparedWith(basis), ...holdoutRetyped(alignedHoldout) };
}

/** The full report; its HTML page is stored beside the synthetic file and linked by a presigned URL. */
export async function report(deps: StoreDeps, req: ReportRequest, vegaScripts: string) {
  checkTargetHasHoldout(req);
  const [realFile, synFile, holdout] = await Promise.all([
    readTable(deps, req.real_file_id),
    readTable(deps, req.synthetic_file_id),
    req.holdout_file_id ? readTable(deps, req.holdout_file_id) : Promise.resolve(undefined),
  ]);
  const [{ table: real, meta }, { table: synthetic, meta: synMeta }] = [realFile, synFile];
  checkComparable(real, synthetic);
  const alignedHoldout = holdout && readyHoldout(real, holdout, { real: req.real_file_id, synthetic: req.synthetic_file_id });
  const holdoutTable = alignedHoldout?.table;
  checkTarget(req.target, { real, synthetic, holdout: holdoutTable });
  const { leftOut } = await checkPair(deps, realFile, synFile);
  const basis = comparisonBasis(realFile, synMeta, holdoutTable);
  if (req.target !== undefined && holdoutTable) checkTargetNotFixed(req.target, basis);
  const doc = buildReport({
    real: basis.real,
    synthetic,
    holdout: basis.holdout,
    basis: { everyRealRow: real, comparedWith: basis.compared_with, holdoutComparedWith: basis.holdout_compared_with },
    target: req.target,
    seed: req.seed,
    pairAggregate: req.pair_aggregate,
    disclosure: { quasiIdentifiers: req.quasi_identifiers, sensitive: req.sensitive, piiColumns: (meta.columns ?? []).filter((c) => c.pii).map((c) => c.name), leftOut },
    ...(alignedHoldout ? { holdoutRetyped: alignedHoldout.retyped } : {}),
  });
  const html = reportHtml(`tabmimic report: ${synMeta.filename} vs ${meta.filename}`, doc, reportCharts(basis.real, synthetic, doc), vegaScripts, real);
  const key = fileKeys.derived(req.synthetic_file_id, `report/${createHash('sha256').update(JSON.stringify(req)).digest('hex').slice(0, 24)}.html`);
  // Written only while the file is there (files/derived.ts): a delete meanwhile leaves no report behind.
  await putDerived(deps, synMeta, key, () => deps.blobs.put(key, html, 'text/html; charset=utf-8'));
  const html_url = await deps.blobs.presignGet(key, `${synMeta.filename.replace(/\.[^.]*$/, '')}.report.html`, 3600, 'inline');
  return { ...doc, ...(req.pair_details === 'all' ? {} : { quality: withoutPairDetails(doc.quality) }), html_url };
}

/**
 * 422 for a target without a holdout: utility is tested on held-out real rows, as /validation/utility
 * requires them; the report left its utility section out without a word.
 */
function checkTargetHasHoldout(req: Pick<ReportRequest, 'target' | 'holdout_file_id'>): void {
  if (req.target === undefined || req.holdout_file_id !== undefined) return;
  throw unprocessable(`A target (${req.target}) needs a holdout: utility trains on the synthetic rows and tests on real rows the generator never saw. Give holdout_file_id, or leave target out.`, {
    target: req.target,
    missing: ['holdout_file_id'],
  });
}

/** What a reply says it compared with: the real rows, and the holdout's when there is one. */
function comparedWith(basis: Basis) {
  return { compared_with: basis.compared_with, ...(basis.holdout_compared_with ? { holdout_compared_with: basis.holdout_compared_with } : {}) };
}

/**
 * 422 when the target is a column the conditions fix, and the real rows were restricted to them:
 * every row then has the one value, and nothing is left to predict.
 */
function checkTargetNotFixed(target: string, basis: Basis): void {
  const fixed = 'conditions' in basis.compared_with ? basis.compared_with.conditions : undefined;
  if (!fixed || !Object.hasOwn(fixed, target)) return;
  throw unprocessable(`Every row of the synthetic file has ${target} = ${String(fixed[target])} by condition, as have the real rows it is compared with: there is nothing to predict. Choose another target.`, {
    target,
    conditions: fixed,
  });
}

/** A quality report without each pair's score: its scores stay, over all the pairs. */
function withoutPairDetails<Q extends { column_pair_trends: { details: readonly unknown[] } }>(quality: Q): Q {
  return { ...quality, column_pair_trends: { ...quality.column_pair_trends, details: [] } };
}
