/**
 * Overall drift: can a classifier tell the two tables apart? AUC 0.5 = no, 1 = completely. The
 * classifier is the validation detection test (core/validation/utility.ts): seed 0, at most
 * DETECTION_ROWS rows a side, drawn as `detectionSampleIndices` draws them — which the chunked path
 * uses to gather the same rows without holding either file.
 */
import { detection } from '../validation/utility.js';
import { Rng } from '../random.js';
import type { Table } from '../table/model.js';
import type { Verdict } from './drift.js';
import { MIN_DRIFT_VALUES } from './drift-read.js';

/** The detection test's rows per side; a larger table is subsampled. */
export const DETECTION_ROWS = 5000;
const DETECTION_SEED = 0;

export function classifierDrift(reference: Table, current: Table): { auc: number; verdict: Verdict; note: string } {
  const { auc } = detection(reference, current, DETECTION_SEED);
  const note = `3-fold logistic regression, real rows vs current rows, at most ${DETECTION_ROWS} each`;
  // Three folds of a few rows give an AUC of noise (0.94 for 9 rows drawn like 200): not taken as drift.
  const few = Math.min(reference.rowCount, current.rowCount);
  if (few < MIN_DRIFT_VALUES) return { auc, verdict: 'stable', note: `${note}; too few rows to judge (${few}, under ${MIN_DRIFT_VALUES} a side), so not called drift` };
  return { auc, verdict: auc < 0.6 ? 'stable' : auc < 0.75 ? 'warn' : 'drift', note };
}

/**
 * The rows `detection` keeps of tables of these sizes (undefined: every row), in its order of
 * draws: the reference's from a fresh Rng.seeded(seed), then the current's from the same stream.
 */
export function detectionSampleIndices(referenceRows: number, currentRows: number): [number[] | undefined, number[] | undefined] {
  const rng = Rng.seeded(DETECTION_SEED);
  const draw = (n: number) => (n <= DETECTION_ROWS ? undefined : rng.sampleIndices(n, DETECTION_ROWS).sort((a, b) => a - b));
  const reference = draw(referenceRows);
  return [reference, draw(currentRows)];
}
