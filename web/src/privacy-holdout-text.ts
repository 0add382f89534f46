/**
 * The privacy measures only a holdout allows (core/validation/privacy.ts): the DCR share, SDMetrics'
 * overfitting protection and the membership attack, as rows of the privacy table, and the line said
 * while no holdout has been measured with.
 */
import type { Privacy } from './api.js';

/** What each holdout measure means and what a good value is, shown under its name as PRIVACY_HELP is. */
export const HOLDOUT_PRIVACY_HELP = {
  'DCR share (closer to training than holdout)':
    'Of the synthetic rows, the share nearer a training row (the source) than a holdout row (real rows the generator never saw), against as many of each. Near 0.5: the generator learned the population, not its own rows; well above: it hugs the rows it was fitted on. Good: 0.55 or below.',
  'DCR overfitting protection':
    'SDMetrics’ form of the DCR share: 1 while synthetic rows sit no nearer the training rows than the holdout rows, falling towards 0 as they do. Good: near 1.',
  'Membership inference attack':
    'An attacker guesses whether a real row was in the training rows from how near its closest synthetic row is; the AUC is how well that tells training rows from holdout rows. 0.5: no better than a coin toss. Good: 0.55 or below.',
} as const;

export type HoldoutMeasure = keyof typeof HOLDOUT_PRIVACY_HELP;

export interface HoldoutRow {
  label: HoldoutMeasure;
  value: string;
  /** The reply's verdict; '—' for a measure it gives none. */
  verdict: string;
  threshold: string;
}

/** The holdout measures the reply holds, as table rows with its own verdicts and thresholds; none without a holdout. */
export function holdoutPrivacyRows(p: Pick<Privacy, 'dcr_share' | 'dcr_overfitting_protection' | 'membership_inference'>): HoldoutRow[] {
  const rows: HoldoutRow[] = [];
  const share = p.dcr_share;
  if (share) rows.push({ label: 'DCR share (closer to training than holdout)', value: `${share.closer_to_training.toFixed(3)} (ideal ${share.ideal})`, verdict: share.verdict, threshold: share.threshold });
  const protection = p.dcr_overfitting_protection;
  if (protection) rows.push({ label: 'DCR overfitting protection', value: protection.score.toFixed(3), verdict: '—', threshold: protection.threshold });
  const attack = p.membership_inference;
  if (attack) rows.push({ label: 'Membership inference attack', value: `AUC ${attack.auc.toFixed(3)}`, verdict: attack.verdict, threshold: attack.threshold });
  return rows;
}

/** Said while the table shows no holdout measure: what they need and, when no file can be a holdout, that none can yet. */
export function noHoldoutText(haveCandidates: boolean): string {
  const need = 'The DCR share, DCR overfitting protection and membership attack need a holdout: real rows the generator never saw.';
  return haveCandidates
    ? `${need} Choose one and measure with it.`
    : `${need} No file can be one yet: upload such rows with the same columns (see Machine-learning utility below).`;
}
