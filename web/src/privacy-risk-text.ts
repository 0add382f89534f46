/**
 * Words for the privacy measures beyond distances (core/validation/privacy.ts and disclosure.ts):
 * NNDR, real PII reappearing, the exact-copy baseline, k-anonymity and attribute disclosure (CAP,
 * l-diversity). The API gives a figure and a verdict; these say what the figure means for a person.
 */
import type { Privacy } from './api.js';
import { formatCount, plural } from './dom.js';

type Verdict = 'safe' | 'review' | 'risk';

const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** "a, b and c". */
export function listText(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * How often real data repeats itself on the compared columns, beside the copy count: many copies of
 * rows that real rows share with each other anyway (titanic without its names) give nobody away.
 * Undefined when the reply has no baseline.
 */
export function copiesBaselineText(copies: Privacy['exact_copies']): string | undefined {
  if (copies.baseline_share === undefined) return undefined;
  const base = percent(copies.baseline_share);
  const who = copies.baseline_basis === 'holdout' ? `Real rows the generator never saw equal a training row ${base} of the time` : `Real rows repeat each other ${base} of the time`;
  // The verdict's own test (core/validation/privacy.ts): more copies than the baseline only count when chance cannot explain them.
  const p = copies.p_value;
  // No copies leave nothing to explain: "the copies are rows real data repeats" would speak of rows there are none of.
  const judged =
    p === undefined || copies.count === 0
      ? ''
      : p < 0.01
        ? ` The synthetic rows copy more often than that (p = ${p.toPrecision(2)}).`
        : copies.rate <= copies.baseline_share
          ? ' The synthetic rows copy no more often than that: the copies are rows real data repeats anyway.'
          : ` The synthetic rows copy a little more often, by no more than chance explains (p = ${p.toPrecision(2)}).`;
  return `Exact copies ${formatCount(copies.count)} (${percent(copies.rate)}) — ${who.charAt(0).toLowerCase()}${who.slice(1)} on these columns.${judged}`;
}

/**
 * Real data's own distances beside the DCR and NNDR figures: on a table of few distinct rows real
 * rows sit at distance 0 from a twin (titanic without its names), so faithful synthetic rows do too.
 * Undefined when the reply has no reference figures (an older API).
 */
export function distanceBaselineText(p: Pick<Privacy, 'dcr_baseline_protection' | 'nndr'>): string | undefined {
  const score = p.dcr_baseline_protection.real_score ?? p.dcr_baseline_protection.holdout_score;
  const nndr = p.nndr.real_median ?? p.nndr.holdout_median;
  if (score === undefined || nndr === undefined) return undefined;
  const who =
    p.dcr_baseline_protection.baseline_basis === 'holdout'
      ? 'Real rows the generator never saw, measured against the training rows,'
      : 'Real rows, each measured against the other real rows,';
  const repeats = score === 0 ? ' — at least half of them equal another real row, so synthetic rows at distance 0 give nobody away by that alone' : '';
  return `${who} score ${score.toFixed(3)} on DCR baseline protection and ${nndr.toFixed(3)} on NNDR${repeats}. Synthetic rows are safe at half of these or more.`;
}

/** The PII row's value: how many real values reappear, per column; says so when no column is PII. */
export function piiVerbatimValue(pii: Privacy['pii_verbatim']): string {
  if (!pii.columns.length) return 'no column marked as personal data';
  const total = pii.columns.reduce((n, c) => n + c.leaked_values, 0);
  const leaking = pii.columns.filter((c) => c.leaked_values > 0);
  const where = leaking.length ? ` (${leaking.map((c) => `${c.column}: ${formatCount(c.leaked_values)}`).join(', ')})` : ` in ${listText(pii.columns.map((c) => c.column))}`;
  return `${plural(total, 'value')}${where}`;
}

const K_VERDICT: Record<Verdict, string> = {
  safe: 'Safe: every combination of these values is shared by at least 5 real rows.',
  review: 'Review: some combinations are shared by only 2 to 4 real rows, so someone who knows them narrows a person down to a handful of rows.',
  risk: 'Risk: some real rows are the only one with their combination, so someone who knows those values about a person can pick out that person’s row.',
};

/** k-anonymity in words: the smallest group, how many are single rows, and what the verdict means. */
export function kAnonymityText(k: NonNullable<Privacy['k_anonymity']>): string {
  const on = listText(k.quasi_identifiers);
  return (
    `k = ${formatCount(k.k)}: the smallest group of real rows sharing the same ${on} holds ${plural(k.k, 'row')}; ` +
    `${formatCount(k.singletons)} of ${plural(k.groups, 'group')} ${k.singletons === 1 ? 'is' : 'are'} a single row. ${K_VERDICT[k.verdict]} ` +
    'This measures the real data: how exposed a person would be if rows could be linked to them.'
  );
}

const CAP_VERDICT: Record<Verdict, string> = {
  safe: 'Safe: no better than a coin toss (at most 50 %).',
  review: 'Review: right more often than not (50–80 %).',
  risk: 'Risk: right more than 80 % of the time — the synthetic rows give this value away.',
};

/** Attribute disclosure for one sensitive column: CAP and l-diversity in words. */
export function attributeDisclosureText(a: NonNullable<Privacy['attribute_disclosure']>[number], quasi: readonly string[]): string {
  const on = listText(quasi);
  // A numeric column of many values is compared by the real deciles: a guess in the right tenth counts.
  const what = a.binned ? `${a.sensitive} (to the right tenth of the real values)` : a.sensitive;
  const cap =
    a.cap === null
      ? `${a.note ?? `No synthetic row matches a real row on ${on}: an attacker has nothing to guess ${a.sensitive} from.`} Safe.`
      : `Someone who knows a person’s ${on} and guesses their ${what} from the matching synthetic rows is right ${percent(a.cap)} of the time (CAP). ${CAP_VERDICT[a.verdict]}`;
  const values = a.binned ? 'tenths' : 'values';
  // Null: the column is missing in every real row, which the note before says (core/validation/privacy.ts); "l-diversity 1" would read as the worst case.
  const l =
    a.l_diversity === null
      ? ''
      : a.l_diversity <= 1
        ? ` l-diversity 1: in some group of real rows sharing ${on} everyone has the same ${what}, so knowing those values is knowing it.`
        : ` l-diversity ${formatCount(a.l_diversity)}: every group of real rows sharing ${on} holds at least ${formatCount(a.l_diversity)} different ${values} of ${a.sensitive}.`;
  return cap + l;
}

const MEASURE_NAMES: Readonly<Record<string, string>> = {
  pearson: 'Pearson r',
  spearman: 'Spearman ρ',
  kendall: 'Kendall τ',
  cramers_v: 'Cramér’s V',
  correlation_ratio: 'correlation ratio η',
};

/** "Pearson r" for the API's `pearson`; an unknown measure as it is. */
export const measureName = (measure: string) => MEASURE_NAMES[measure] ?? measure;

/** A pair of the strongest associations: "Amount – Price: 0.87 (Pearson r)", a minus sign for negatives. */
export function associationText(pair: { columns: readonly [string, string]; measure: string; value: number }): string {
  return `${pair.columns[0]} – ${pair.columns[1]}: ${associationValue(pair.value)} (${measureName(pair.measure)})`;
}

/** A value as the matrix table shows it: two decimals, a true minus sign; a dash when not defined. */
export const associationValue = (v: number | null) => (v === null ? '—' : v.toFixed(2).replace('-', '−'));
