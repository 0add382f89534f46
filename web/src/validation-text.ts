/**
 * Words for validation results the page shows: metric names as people write them, and the
 * sentences of the warnings on the utility holdout, differential privacy and category pairs.
 */
import type { CategoryPairs, HoldoutOverlap, Privacy } from './api.js';
import { formatCount, plural } from './dom.js';

const METRIC_LABELS: Readonly<Record<string, string>> = { macro_f1: 'Macro F1', r2: 'R²', accuracy: 'Accuracy' };

/** "Macro F1" for the API's `macro_f1`; an unknown key as it is. */
export const metricLabel = (key: string) => METRIC_LABELS[key] ?? key;

/** Detection's score, named for what it measures: 1 is good, which "detection score" read backwards. */
export const indistinguishabilityText = (score: number) => `Indistinguishability ${score.toFixed(3)} (1 = a classifier cannot tell synthetic from real, 0 = it always can).`;

/** What an overlapping holdout does to the utility scores (the default) or to the privacy judgements. */
const OVERLAP_EFFECT = {
  utility: 'the scores overstate what the synthetic data teaches',
  privacy: 'copies and distances are judged against how real rows repeat each other instead of against the holdout',
} as const;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * The warning when the holdout shares training rows beyond the table's own duplicates (`overlapping`,
 * a one-sided Fisher test); undefined otherwise: a table of few distinct rows (titanic without names)
 * repeats rows across any split, which is no overlap to act on.
 */
export function holdoutOverlapText(overlap: HoldoutOverlap | undefined, part: keyof typeof OVERLAP_EFFECT = 'utility'): string | undefined {
  if (!overlap?.rows || !overlap.overlapping) return undefined;
  return `${formatCount(overlap.rows)} of ${formatCount(overlap.of)} holdout rows are also in the training rows: ${OVERLAP_EFFECT[part]}. Choose real rows the generator never saw.`;
}

/** A quiet note for holdout rows equal to training rows no more often than training rows equal each other; undefined else. */
export function holdoutTwinsNote(overlap: HoldoutOverlap | undefined): string | undefined {
  if (!overlap?.rows || overlap.overlapping) return undefined;
  return (
    `${formatCount(overlap.rows)} of ${formatCount(overlap.of)} holdout rows (${percent(overlap.share)}) equal a training row, ` +
    `not clearly more often than training rows equal each other (${percent(overlap.expected_share)}): rows this table repeats by itself, not an overlap.`
  );
}

/** Holdout rows the DCR share and membership attack compare (core/validation/privacy.ts); why none do, or undefined when every holdout row does. */
export function holdoutMeasuresText(measures: Privacy['holdout_measures']): string | undefined {
  if (!measures || measures.basis === 'holdout') return undefined;
  if (measures.basis === 'unseen_holdout')
    return `DCR share and membership attack use the ${plural(measures.rows, 'holdout row')} not in the training rows: the others were seen in training, so they cannot stand for unseen rows.`;
  return 'No DCR share or membership attack: every holdout row is also a training row, so there are no unseen real rows to compare with.';
}

/** The differential privacy row's value and note; undefined when the file was not generated here (nothing known). */
export function differentialPrivacyText(dp: Privacy['differential_privacy']): { value: string; note: string } | undefined {
  if (dp === undefined) return undefined;
  if (dp === null) return { value: 'not applied', note: 'generated without epsilon: no guarantee bounds what the rows give away' };
  const delta = dp.delta === undefined ? '' : `, δ = ${dp.delta}`;
  return { value: `ε = ${dp.epsilon}${delta}`, note: dp.mechanism ?? 'the epsilon the generation asked for' };
}

/** "Left out of copies and distances: name (replaced by fakes as PII), id (…)"; undefined when none is. */
export function leftOutText(columns: Privacy['left_out_columns']): string | undefined {
  if (!columns?.length) return undefined;
  return `Left out of copies and distances: ${columns.map((c) => `${c.column} (${c.reason})`).join(', ')}`;
}

/** More than this share of rows with unseen pairs is worth a warning. */
export const CATEGORY_PAIRS_WARN = 0.01;

/** "species = Gentoo with island = Dream: 137 rows", per pair. */
export const unseenPairTexts = (pairs: CategoryPairs) => pairs.top.map((p) => `${p.columns[0]} = ${p.values[0]} with ${p.columns[1]} = ${p.values[1]}: ${plural(p.rows, 'row')}`);

/** The warning when more than CATEGORY_PAIRS_WARN of the rows hold pairs absent from the real rows; undefined else. */
export function categoryPairsWarning(pairs: CategoryPairs | undefined): string | undefined {
  if (!pairs || pairs.rate <= CATEGORY_PAIRS_WARN) return undefined;
  return `${formatCount(pairs.rows)} of ${formatCount(pairs.of)} synthetic rows (${(pairs.rate * 100).toFixed(1)} %) combine categories in pairs absent from the real rows: ${unseenPairTexts(pairs).join('; ')}.`;
}

const PSI_HELP =
  'PSI (population stability index) measures how far the share of values in each range or category moved between the two files: below 0.1 is stable, 0.1–0.2 a shift worth a look, 0.2 or more drift.';
const KS_HELP =
  'KS (Kolmogorov–Smirnov) is the largest gap between the two files’ cumulative distributions, from 0 (same) to 1 (no overlap); p is the chance of a gap that large between samples of one distribution: a tiny p with KS ≥ 0.1 is a warning even when PSI is low.';

/** The drift legend: the statistics the reasons shown name, PSI always (every verdict rests on it), KS only when a reason cites it. */
export const driftLegend = (reasons: readonly string[]) => (reasons.some((r) => r.startsWith('KS ')) ? `${PSI_HELP} ${KS_HELP}` : PSI_HELP);
