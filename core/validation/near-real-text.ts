/**
 * Near-copies (near-real.ts) in words for a person, shared by the HTML report (report.ts) and the web
 * privacy table: the DCR verdict counts them, and "dcr.near.share 0.9" says nothing to most readers.
 */
import { COPY_ALPHA } from './copy-baseline.js';
import { NEAR_REVIEW, NEAR_SAFE } from './near-real.js';

/** The fields of privacy's `dcr.near` the words use. */
export interface NearCopies {
  readonly rows: number;
  readonly share: number;
  readonly baseline_share: number;
}

export const NEAR_COPIES_LABEL = 'Synthetic rows nearly copying a real row';

/** What it is. */
export const NEAR_COPIES_MEANING =
  'Synthetic rows closer to a real row than 99 % of real rows are to their own closest real neighbour: a real record with a little noise added gives that record away as a copy does.';

/** What it is and what a good value is. */
export const NEAR_COPIES_HELP = `${NEAR_COPIES_MEANING} Good: about what real rows show among themselves (about 1 %); up to ${NEAR_SAFE * 100} % is safe.`;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** "2.0 % (40 rows; real rows among themselves: 1.0 %)". */
export function nearCopiesValue(near: NearCopies): string {
  return `${pct(near.share)} (${near.rows} ${near.rows === 1 ? 'row' : 'rows'}; real rows among themselves: ${pct(near.baseline_share)})`;
}

/** How the verdict is judged, in words (near-real.ts nearReal). */
export const NEAR_COPIES_THRESHOLD =
  `safe up to ${NEAR_SAFE * 100} %; beyond it safe unless clearly more than real rows among themselves (p < ${COPY_ALPHA}), ` +
  `then review up to ${NEAR_REVIEW * 100} % and risk beyond; review when too few rows to tell. Counts in the DCR verdict.`;
