/**
 * SDMetrics' diagnostic checks: is the synthetic table valid (values in range, known categories,
 * unique keys) and shaped like the real one (same columns, same types)?
 */
import { columnLabels, type Column, type Table } from '../table/model.js';
import { rowKeys } from './rows.js';

type Check = { column: string; metric: 'BoundaryAdherence' | 'CategoryAdherence' | 'KeyUniqueness'; score: number };

/**
 * Share of synthetic values inside the real [min, max]. As in SDMetrics, a missing synthetic value
 * is out of bounds when the real column has no missing values, and is left out when it has some.
 */
export function boundaryAdherence(real: Float64Array, synthetic: Float64Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  let realMissing = false;
  for (const v of real) {
    if (Number.isNaN(v)) realMissing = true;
    else (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  }
  let n = 0;
  let inside = 0;
  for (const v of synthetic) {
    if (Number.isNaN(v) && realMissing) continue;
    n++;
    if (v >= lo && v <= hi) inside++;
  }
  return n ? inside / n : 1;
}

export function categoryAdherence(real: readonly (string | null)[], synthetic: readonly (string | null)[]): number {
  const known = new Set(real);
  return synthetic.length ? synthetic.filter((v) => known.has(v)).length / synthetic.length : 1;
}

export function keyUniqueness(values: readonly (string | null)[]): number {
  const present = values.filter((v) => v !== null);
  return present.length ? new Set(present).size / present.length : 1;
}

const labels = (c: Column): (string | null)[] => (c.type === 'categorical' || c.type === 'boolean' || c.type === 'text' || c.type === 'id' ? columnLabels(c) : []);

export function diagnosticReport(real: Table, synthetic: Table) {
  const validity: Check[] = [];
  for (const r of real.columns) {
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s) continue;
    if ((r.type === 'integer' || r.type === 'float' || r.type === 'datetime') && 'values' in s && s.values instanceof Float64Array) {
      validity.push({ column: r.name, metric: 'BoundaryAdherence', score: boundaryAdherence(r.values, s.values) });
    } else if (r.type === 'categorical' || r.type === 'boolean') {
      validity.push({ column: r.name, metric: 'CategoryAdherence', score: categoryAdherence(labels(r), labels(s)) });
    } else if (r.type === 'id') {
      validity.push({ column: r.name, metric: 'KeyUniqueness', score: keyUniqueness(labels(s)) });
    }
  }
  const realNames = real.columns.map((c) => c.name);
  const synNames = new Map(synthetic.columns.map((c) => [c.name, c.type]));
  const sameColumns = realNames.filter((n) => synNames.has(n)).length;
  const sameTypes = real.columns.filter((c) => synNames.get(c.name) === c.type).length;
  const structure = {
    columns_match: realNames.length ? sameColumns / Math.max(realNames.length, synthetic.columns.length) : 1,
    types_match: realNames.length ? sameTypes / realNames.length : 1,
  };
  const realKeys = new Set(rowKeys(real));
  const copies = rowKeys(synthetic).filter((k) => realKeys.has(k)).length;
  const validityScore = validity.length ? validity.reduce((a, c) => a + c.score, 0) / validity.length : 1;
  const structureScore = (structure.columns_match + structure.types_match) / 2;
  return {
    overall: (validityScore + structureScore) / 2,
    data_validity: { score: validityScore, details: validity },
    data_structure: { score: structureScore, ...structure },
    exact_copies: { count: copies, rate: synthetic.rowCount ? copies / synthetic.rowCount : 0 },
  };
}
