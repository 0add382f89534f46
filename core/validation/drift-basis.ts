/**
 * Drift between a conditioned generated file and a real one is measured on the real rows meeting
 * its conditions, as the validation routes score it (basis.ts): against the whole source, a file
 * conditioned on island = Biscoe "drifts" in island by request (PSI 4.2) and in every column that
 * differs by island. Either side may be the generated file: the page makes the file it shows the
 * reference. Two generated files, or two real ones, are compared whole.
 */
import type { FileMeta } from '../files/model.js';
import type { ComparedWith } from '../generation/condition-rows.js';
import type { Table } from '../table/model.js';
import { comparisonBasis, generatedConditions } from './basis.js';
import { withoutLeftOut } from './drift-left-out.js';
import type { LeftOutColumn } from './privacy.js';

interface Side {
  readonly table: Table;
  readonly meta: FileMeta;
}

/** Which side a conditioned generated file is: the other is the real side, restricted to its conditions. */
function conditionedSide(reference: FileMeta, current: FileMeta): 'reference' | 'current' | undefined {
  const [ref, cur] = [generatedConditions(reference), generatedConditions(current)];
  if (cur && !ref) return 'current';
  if (ref && !cur) return 'reference';
  return undefined;
}

/**
 * The two tables to measure drift between, without the columns `leftOut` (drift-left-out.ts), and,
 * when one side was restricted, what it was compared with (the API's `compared_with`).
 */
export function driftSides(reference: Side, current: Side, leftOut: readonly LeftOutColumn[] = []): { reference: Table; current: Table; compared_with?: ComparedWith } {
  const sides = rowSides(reference, current);
  return { ...sides, reference: withoutLeftOut(sides.reference, leftOut), current: withoutLeftOut(sides.current, leftOut) };
}

function rowSides(reference: Side, current: Side): { reference: Table; current: Table; compared_with?: ComparedWith } {
  const generated = conditionedSide(reference.meta, current.meta);
  if (generated === 'current') {
    const basis = comparisonBasis(reference, current.meta);
    return { reference: basis.real, current: current.table, compared_with: basis.compared_with };
  }
  if (generated === 'reference') {
    const basis = comparisonBasis(current, reference.meta);
    return { reference: reference.table, current: basis.real, compared_with: basis.compared_with };
  }
  return { reference: reference.table, current: current.table };
}

/**
 * Files too large to hold are read chunk by chunk, where the matching rows are not picked out:
 * the whole real file is compared with, and the reply says so rather than passing for restricted.
 */
export function chunkedDriftBasis(reference: FileMeta & { rows: number }, current: FileMeta & { rows: number }): { compared_with?: ComparedWith } {
  const generated = conditionedSide(reference, current);
  if (!generated) return {};
  const [real, synthetic] = generated === 'current' ? [reference, current] : [current, reference];
  const conditions = generatedConditions(synthetic)!;
  return { compared_with: { rows: real.rows, whole_source: { reason: 'the files are too large to pick out the real rows meeting the conditions', conditions } } };
}
