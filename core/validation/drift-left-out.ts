/**
 * Columns drift does not compare between a generated file and real data: those whose synthetic
 * values are not drawn from the real ones (left-out.ts: PII faked or dropped, the primary key). A
 * faked name differs from every real one by design, which PSI reads as drift (titanic: name
 * "drift, PSI 3.93", the one column of five drifting). Privacy leaves them out the same way.
 */
import type { StoreDeps } from '../files/service.js';
import type { FileMeta } from '../files/model.js';
import { selectColumns, type Table } from '../table/model.js';
import { drift } from '../eda/drift.js';
import { leftOutColumns } from './left-out.js';
import { readModelRecordJson } from './model-record.js';
import type { LeftOutColumn } from './privacy.js';

/** `/validation/drift` compares a real file (reference) with a synthetic one (current); `/eda/drift` any two files. */
export type DriftRoute = 'eda' | 'validation';

const generated = (m: FileMeta) => m.lineage.operation === 'synthesize';

/**
 * The real side and the synthetic one: a generated file against a file that is not; else, on the
 * validation route, reference and current as the route defines them. Two real files (or two
 * generated ones) on the EDA route have no side whose values were faked from the other's.
 */
function sides(reference: FileMeta, current: FileMeta, route: DriftRoute): { real: FileMeta; synthetic: FileMeta } | undefined {
  if (generated(current) && !generated(reference)) return { real: reference, synthetic: current };
  if (generated(reference) && !generated(current)) return { real: current, synthetic: reference };
  return route === 'validation' ? { real: reference, synthetic: current } : undefined;
}

/** The columns to leave out, with why, in the real file's order (left-out.ts). */
export async function driftLeftOut(deps: StoreDeps, reference: FileMeta, current: FileMeta, route: DriftRoute): Promise<LeftOutColumn[]> {
  const pair = sides(reference, current, route);
  if (!pair) return [];
  // A model's record may name a column the real file no longer has: nothing to leave out there.
  const present = new Set((pair.real.columns ?? []).map((c) => c.name));
  return leftOutColumns(pair.real, await readModelRecordJson(deps, pair.synthetic)).filter((c) => present.has(c.column));
}

/** The names of a file's columns drift compares, for reading its chunks; undefined (every column) when none is left out. */
export function comparedNames(meta: FileMeta, leftOut: readonly LeftOutColumn[]): string[] | undefined {
  if (!leftOut.length) return undefined;
  const left = new Set(leftOut.map((c) => c.column));
  return (meta.columns ?? []).map((c) => c.name).filter((n) => !left.has(n));
}

/** The table without the left-out columns. */
export function withoutLeftOut(t: Table, leftOut: readonly LeftOutColumn[]): Table {
  if (!leftOut.length) return t;
  const left = new Set(leftOut.map((c) => c.column));
  return selectColumns(t, t.columns.map((c) => c.name).filter((n) => !left.has(n)));
}

/**
 * The full report's drift part (report.ts): real against synthetic without the left-out columns, which
 * it lists with why, then those with too few values to judge. `synthetic` as given: drift reads it in
 * the real types itself, and names the columns it read so.
 */
export function reportDrift(real: Table, synthetic: Table, leftOut: readonly LeftOutColumn[] = []) {
  const left_out_columns = leftOut.filter((c) => real.columns.some((x) => x.name === c.column));
  const { left_out_columns: tooFew, ...figures } = drift(withoutLeftOut(real, left_out_columns), withoutLeftOut(synthetic, left_out_columns));
  return { ...figures, left_out_columns: [...left_out_columns, ...tooFew] };
}
