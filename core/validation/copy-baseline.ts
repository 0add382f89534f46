/**
 * Exact copies judged against what real data does by itself. On a table of few distinct rows (titanic
 * without its names: survived, sex, age, class…) most real rows already equal another real row, so
 * a faithful generator "copies" as often (86 % there) without having memorised anyone. The reference
 * is the holdout's share of rows equal to a training row when there is a holdout (real rows the
 * generator never saw: SDMetrics, synthcity, Platzer & Reutterer), else the share of real rows equal
 * to another real row. A holdout holding training rows too is no such reference (each equals a training
 * row, inflating the share): privacy.ts then passes none, and the real rows' own share stands in.
 */
import type { Table } from '../table/model.js';
import { exactCopies, repeatedRows } from './rows.js';
import { fisherUpperTail } from './fisher.js';
import type { BaselineBasis } from './schemas.js';
import type { Verdict } from './privacy.js';

/** One-sided level of the test below: a false "review" on about 1 file in 100 that copies no more than real rows do. */
export const COPY_ALPHA = 0.01;
/** Copies beyond the baseline by more than this share are a risk, up to it a review (the old cut, against 0). */
export const COPY_RISK_EXCESS = 0.01;

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The exact-copies measure over the compared columns: `exposed` the real rows a copy would expose,
 * `holdout` real rows never shown to the generator (when given, and holding rows).
 */
export function judgedCopies(exposed: Table, synthetic: Table, holdout: Table | undefined) {
  // Never null: called only with some column compared.
  const count = exactCopies(exposed, synthetic) ?? 0;
  const n = synthetic.rowCount;
  const rate = n ? count / n : 0;
  const base = holdout?.rowCount
    ? { basis: 'holdout' as BaselineBasis, rows: holdout.rowCount, count: exactCopies(exposed, holdout) ?? 0 }
    : { basis: 'real' as BaselineBasis, rows: exposed.rowCount, count: repeatedRows(exposed) };
  const { basis, rows: baseline_rows, count: baselineCount } = base;
  const baseline_share = baseline_rows ? baselineCount / baseline_rows : 0;
  // Were synthetic rows copies no more often than the baseline's rows, how likely this many or more?
  const p_value = fisherUpperTail(count, n, baselineCount, baseline_rows);
  const excess = rate - baseline_share;
  // Too few rows for the test to tell even a wholesale copy from chance (3 rows copied of 3): not evidence of safety.
  const decisive = fisherUpperTail(n, n, baselineCount, baseline_rows) < COPY_ALPHA;
  const verdict: Verdict =
    excess <= 0 ? 'safe' : p_value >= COPY_ALPHA ? (decisive ? 'safe' : 'review') : excess <= COPY_RISK_EXCESS ? 'review' : 'risk';
  return {
    count,
    rate,
    baseline_share,
    baseline_basis: basis,
    baseline_rows,
    p_value,
    verdict,
    threshold:
      `${basis === 'holdout' ? 'holdout rows equal to a training row' : 'real rows equal to another real row'}: ${percent(baseline_share)} (baseline_share); ` +
      `safe unless the copies exceed that share at p < ${COPY_ALPHA} (one-sided Fisher exact test), then review up to ${COPY_RISK_EXCESS * 100} percentage point above it, risk beyond; ` +
      'review too when more copies than that share on too few rows for the test to tell',
  };
}
