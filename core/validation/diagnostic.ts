/**
 * SDMetrics' diagnostic checks: is the synthetic table valid (values in range, known categories,
 * unique keys) and shaped like the real one (same columns, same types)?
 */
import { columnLabels, isMissing, type Column, type Table } from '../table/model.js';
import { exactCopies } from './rows.js';
import { alignedTo, type Aligned } from '../metrics/align.js';
import { categoryPairs } from './category-pairs.js';

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

/**
 * Validity reads each synthetic column as its real one's type (metrics/align.ts: a value that does
 * not read so is out of bounds or an unknown category), structure compares the types as given, and
 * names the columns that differ: this check reports a missing column, where the scores refuse it.
 */
/**
 * A value written in the synthetic file that does not read as the real type (`w181` for a number)
 * is no missing value, which a real column with gaps would excuse: it is out of bounds.
 */
function unreadableOutside(read: Float64Array, given: Column): Float64Array {
  if (given.type === 'integer' || given.type === 'float' || given.type === 'datetime') return read;
  return Float64Array.from(read, (v, i) => (Number.isNaN(v) && !isMissing(given, i) ? Infinity : v));
}

/**
 * `leftOut`: columns whose synthetic values are not drawn from the real ones (a fake name), which exact
 * copies skip (rows.ts), or which the output leaves out (dropped as PII), which the structure does not miss.
 */
export function diagnosticReport(real: Table, input: Table | Aligned, leftOut: ReadonlySet<string> = new Set()) {
  const validity: Check[] = [];
  const { given: synthetic, table: aligned } = alignedTo(real, input);
  for (const r of real.columns) {
    const s = aligned.columns.find((c) => c.name === r.name);
    if (!s) continue;
    if ((r.type === 'integer' || r.type === 'float' || r.type === 'datetime') && 'values' in s && s.values instanceof Float64Array) {
      validity.push({ column: r.name, metric: 'BoundaryAdherence', score: boundaryAdherence(r.values, unreadableOutside(s.values, synthetic.columns.find((c) => c.name === r.name)!)) });
    } else if (r.type === 'categorical' || r.type === 'boolean') {
      validity.push({ column: r.name, metric: 'CategoryAdherence', score: categoryAdherence(labels(r), labels(s)) });
    } else if (r.type === 'id') {
      validity.push({ column: r.name, metric: 'KeyUniqueness', score: keyUniqueness(labels(s)) });
    }
  }
  const synNames = new Map(synthetic.columns.map((c) => [c.name, c.type]));
  // A column left out of the output on purpose (dropped as PII) is no fault of its structure.
  const expected = real.columns.filter((c) => synNames.has(c.name) || !leftOut.has(c.name));
  const realNames = expected.map((c) => c.name);
  const sameColumns = realNames.filter((n) => synNames.has(n)).length;
  const sameTypes = expected.filter((c) => synNames.get(c.name) === c.type).length;
  const structure = {
    columns_match: realNames.length ? sameColumns / Math.max(realNames.length, synthetic.columns.length) : 1,
    types_match: realNames.length ? sameTypes / realNames.length : 1,
    missing_columns: realNames.filter((n) => !synNames.has(n)),
    // Named, as privacy's left_out_columns names them: else a dropped column vanishes from the reply without a word.
    left_out_columns: real.columns.filter((c) => !synNames.has(c.name) && leftOut.has(c.name)).map((c) => c.name),
    extra_columns: synthetic.columns.map((c) => c.name).filter((n) => !real.columns.some((c) => c.name === n)),
    type_differences: expected.flatMap((c) => {
      const type = synNames.get(c.name);
      return type !== undefined && type !== c.type ? [{ column: c.name, real_type: c.type, synthetic_type: type }] : [];
    }),
  };
  // As privacy.ts counts them: on the values read as the real types, so one report gives one count.
  const copies = exactCopies(real, aligned, leftOut);
  const validityScore = validity.length ? validity.reduce((a, c) => a + c.score, 0) / validity.length : 1;
  const structureScore = (structure.columns_match + structure.types_match) / 2;
  return {
    overall: (validityScore + structureScore) / 2,
    data_validity: { score: validityScore, details: validity },
    data_structure: { score: structureScore, ...structure },
    exact_copies:
      copies === null
        ? { count: null, rate: null, not_measured: `Every column is left out (${[...leftOut].filter((n) => real.columns.some((c) => c.name === n)).join(', ')}): their synthetic values are not drawn from the real ones, so no copy can be counted.` }
        : { count: copies, rate: synthetic.rowCount ? copies / synthetic.rowCount : 0 },
    // Not in `overall`: SDMetrics' diagnostic score stays comparable with its own.
    category_pairs: categoryPairs(real, aligned),
  };
}
