/**
 * Synthetic rows a hair from a real row: nearer than the 1st percentile of real rows' own nearest
 * distance (holdout rows against the training rows, or each real row against the others). Real rows
 * plus tiny noise (median DCR 2.8e-6) are no exact copies, yet as good as copies: the DCR verdict had
 * called them safe while NNDR said risk. Strictly below the cut, so on a table of repeated rows (the
 * percentile 0) only exact copies count, and those are exact_copies' to judge.
 */
import { quantileSorted } from '../eda/columns.js';
import { sortedCopy } from '../stats/sort.js';
import { fisherUpperTail } from './fisher.js';
import { COPY_ALPHA } from './copy-baseline.js';
import type { Verdict } from './privacy.js';

/** Up to this share of synthetic rows near a real one is safe whatever the test says; beyond NEAR_REVIEW, a risk. */
export const NEAR_SAFE = 0.05;
export const NEAR_REVIEW = 0.1;

/** 0 for no distances: nothing is below it. */
const quantile = (xs: Float64Array, p: number): number => (xs.length ? quantileSorted(sortedCopy(xs), p) : 0);

const below = (xs: Float64Array, cut: number) => xs.reduce((n, d) => (d < cut ? n + 1 : n), 0);

/**
 * `synToReal`: each synthetic row's nearest real distance; `own`: real rows' own. Judged as exact copies
 * are (copy-baseline.ts), against the share of real rows' own distances below the same cut (about 1 %):
 * safe up to NEAR_SAFE; beyond it, safe unless more than the reference at p < COPY_ALPHA (one-sided
 * Fisher), then review up to NEAR_REVIEW and risk beyond; review when the rows are too few to tell.
 */
export function nearReal(synToReal: Float64Array, own: Float64Array) {
  const distance = quantile(own, 0.01);
  const n = synToReal.length;
  const rows = below(synToReal, distance);
  const share = n ? rows / n : 0;
  const baselineRows = below(own, distance);
  const baseline_share = own.length ? baselineRows / own.length : 0;
  const p_value = fisherUpperTail(rows, n, baselineRows, own.length);
  const decisive = fisherUpperTail(n, n, baselineRows, own.length) < COPY_ALPHA;
  const verdict: Verdict = share <= NEAR_SAFE ? 'safe' : p_value >= COPY_ALPHA ? (decisive ? 'safe' : 'review') : share <= NEAR_REVIEW ? 'review' : 'risk';
  return { distance, rows, share, baseline_share, p_value, verdict };
}
