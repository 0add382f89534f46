/**
 * Privacy of a synthetic table against the real one it came from (and, when given, a holdout of
 * real rows never shown to the generator). Each measure has a verdict with the threshold used.
 * Nearest-neighbour distances are brute force over a seeded subsample (at most MAX_ROWS rows a side).
 */
import { columnLength, getColumn, selectColumns, takeRows, type Table } from '../table/model.js';
import { missingCount } from '../eda/columns.js';
import { Rng } from '../random.js';
import { distancePlan, encodeRows, nearest, nearestOthers, type RowEncoder } from './distance.js';
import { COPY_ALPHA, judgedCopies } from './copy-baseline.js';
import { NEAR_REVIEW, NEAR_SAFE, nearReal } from './near-real.js';
import { holdoutMatches, holdoutOverlap } from './rows.js';
import type { BaselineBasis } from './schemas.js';
import { unprocessable } from '../errors.js';
import { alignedTo, type Aligned } from '../metrics/align.js';
import { categoricalCap, kAnonymity, lDiversity, piiVerbatim } from './disclosure.js';
import { sensitiveLabels } from './sensitive-bins.js';

export type Verdict = 'safe' | 'review' | 'risk';
const MAX_ROWS = 2000;

const quantile = (xs: Float64Array, p: number) => {
  const s = Float64Array.from(xs).sort();
  if (!s.length) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
};

const summary = (xs: Float64Array) => ({ median: quantile(xs, 0.5), p5: quantile(xs, 0.05) });

function rowsOf(n: number, rng: Rng): number[] {
  return n <= MAX_ROWS ? Array.from({ length: n }, (_, i) => i) : rng.sampleIndices(n, MAX_ROWS).sort((a, b) => a - b);
}

/** Rows drawn uniformly over the real ranges and categories: what "no information" looks like. */
function randomRows(like: RowEncoder, n: number, rng: Rng, categories: number[]): RowEncoder {
  return {
    columns: like.columns,
    numeric: like.numeric.map(() => Float64Array.from({ length: n }, () => rng.uniform())),
    categorical: categories.map((k) => Int32Array.from({ length: n }, () => (k > 0 ? rng.int(0, k - 1) : -1))),
  };
}

/** Area under the ROC curve of `positive` scored above `negative` (ties count half). */
export function auc(positive: Float64Array, negative: Float64Array): number {
  const all = [...Array.from(positive, (s) => ({ s, p: 1 })), ...Array.from(negative, (s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.p) rankSum += rank;
    i = j + 1;
  }
  const np = positive.length;
  const nn = negative.length;
  return np && nn ? (rankSum - (np * (np + 1)) / 2) / (np * nn) : 0.5;
}

/** Counts of distances in 20 bins over [0, 1] (distances are range-normalised means). */
function dcrHistogram(d: Float64Array): { edges: number[]; counts: number[] } {
  const counts = new Array<number>(20).fill(0);
  for (const v of d) counts[Math.min(19, Math.floor(Math.max(0, v) * 20))]!++;
  return { edges: Array.from({ length: 21 }, (_, i) => i / 20), counts };
}

const grade = (value: number, safeAtMost: number, reviewAtMost: number): Verdict => (value <= safeAtMost ? 'safe' : value <= reviewAtMost ? 'review' : 'risk');

/**
 * Fewest holdout rows whose DCR share and membership attack are graded. The attack compares as many
 * training rows as holdout rows, m a side; with no membership signal its AUC has standard error
 * √((2m + 1) / (12m²)) (Mann–Whitney), 0.075 at m = 30, so "risk" (above 0.65) is two standard
 * errors from chance. With fewer, chance alone reaches any verdict: one holdout row gave an AUC of
 * 0 or 1 and a DCR share of 0.004 to 0.66 by the seed. Below it both read `review`, saying why.
 */
export const HOLDOUT_GRADED_ROWS = 30;
const VERDICTS: readonly Verdict[] = ['safe', 'review', 'risk'];
const worse = (a: Verdict, b: Verdict): Verdict => (VERDICTS.indexOf(a) >= VERDICTS.indexOf(b) ? a : b);

export interface DisclosureOptions {
  readonly quasiIdentifiers?: readonly string[];
  readonly sensitive?: readonly string[];
  readonly piiColumns?: readonly string[];
  /**
   * Columns whose synthetic values are not drawn from the real ones (PII faked or dropped, the
   * primary key), with why. Row distances and exact copies leave them out: a fake name differs from
   * every real one, so a copied row would look 1/n of the way from its source (titanic: 0.2).
   */
  readonly leftOut?: readonly LeftOutColumn[];
}

export interface LeftOutColumn {
  readonly column: string;
  readonly reason: string;
}

/** The table without the left-out columns: what row-level measures compare. */
function comparedPart(t: Table, leftOut: ReadonlySet<string>): Table {
  return selectColumns(t, t.columns.map((c) => c.name).filter((n) => !leftOut.has(n)));
}

/**
 * CAP and l-diversity of one sensitive column, with how its values are compared (`binned`) and, without a CAP, why (`note`).
 * Both skip missing values: with none in any real row, both are null (the note says so).
 */
function attributeDisclosure(real: Table, synthetic: Table, quasi: readonly string[], sensitive: string) {
  const cap = categoricalCap(real, synthetic, quasi, sensitive);
  // categoricalCap has refused a column the real table lacks.
  const column = getColumn(real, sensitive)!;
  const { binned } = sensitiveLabels(column);
  const valued = columnLength(column) - missingCount(column);
  const note = valued
    ? `No real row with a value of ${sensitive} shares its ${quasi.join(', ')} with a synthetic row holding one: an attacker has nothing to guess from.`
    : `${sensitive} is missing in every real row: there is no value to disclose (no CAP, no l-diversity).`;
  return {
    sensitive,
    cap,
    l_diversity: lDiversity(real, quasi, sensitive),
    ...(binned ? { binned } : {}),
    ...(cap === null ? { note } : {}),
    verdict: (cap === null ? 'safe' : grade(cap, 0.5, 0.8)) as Verdict,
    threshold: 'CAP (share of correct guesses from matching synthetic rows; rows with the value missing skipped): safe ≤ 0.5, review ≤ 0.8',
  };
}

function disclosure(real: Table, synthetic: Table, options: DisclosureOptions) {
  const quasi = options.quasiIdentifiers ?? [];
  const sensitive = options.sensitive ?? [];
  const leaks = piiVerbatim(real, synthetic, options.piiColumns ?? []);
  const leaked = leaks.reduce((n, l) => n + l.leaked_values, 0);
  return {
    pii_verbatim: { columns: leaks, verdict: (leaked === 0 ? 'safe' : 'risk') as Verdict, threshold: 'safe only when no real PII value appears in the synthetic data beyond what chance draws would match' },
    ...(quasi.length
      ? {
          k_anonymity: (() => {
            const k = kAnonymity(real, quasi);
            return { quasi_identifiers: quasi, ...k, verdict: (k.k >= 5 ? 'safe' : k.k >= 2 ? 'review' : 'risk') as Verdict, threshold: 'of the real data: safe at k ≥ 5, review at k ≥ 2' };
          })(),
          ...(sensitive.length
            ? {
                attribute_disclosure: sensitive.map((s) => attributeDisclosure(real, synthetic, quasi, s)),
              }
            : {}),
        }
      : {}),
  };
}

export interface PrivacyOptions extends DisclosureOptions {
  /**
   * Every real row, when `real` is only those a conditioned synthetic file is like (basis.ts): the
   * distances are measured against `real`, but a copied row, a leaked PII value or a re-identifiable
   * group exposes a real record whichever rows the file was meant to resemble.
   */
  readonly everyRealRow?: Table;
}

/**
 * The privacy reply; 422 when every column is left out (privacyPart): this route has nothing else to
 * report, and "0 copies" from nothing compared would read as safe.
 */
export function privacyReport(real: Table, given: Table | Aligned, givenHoldout: Table | Aligned | undefined, seed: number, options: PrivacyOptions = {}) {
  const part = privacyPart(real, given, givenHoldout, seed, options);
  if ('not_measured' in part) throw unprocessable(part.not_measured, { left_out_columns: part.left_out_columns });
  return part;
}

/**
 * Privacy as a part of the full report (report.ts): when every column is left out, the disclosure
 * checks with `not_measured` saying why there is no distance or copy, so quality and drift still arrive.
 */
export function privacyPart(real: Table, given: Table | Aligned, givenHoldout: Table | Aligned | undefined, seed: number, options: PrivacyOptions = {}) {
  const leftOut = options.leftOut ?? [];
  const left = new Set(leftOut.map((c) => c.column));
  const left_out_columns = leftOut.filter((c) => real.columns.some((x) => x.name === c.column));
  // Distances and copies compare values as the real file types them (a re-typed column, metrics/align.ts).
  const wholeSynthetic = alignedTo(real, given).table;
  // PII found verbatim, k-anonymity and CAP look at every column, the faked ones above all.
  const disclosed = disclosure(options.everyRealRow ?? real, wholeSynthetic, options);
  const compared = comparedPart(real, left);
  if (!compared.columns.length) {
    // Nothing the generator drew from real values: no distance or copy to measure.
    const not_measured = `Every column is left out of the privacy comparison (${left_out_columns.map((c) => `${c.column}: ${c.reason}`).join('; ')}): their synthetic values are not drawn from the real ones, so no distance or exact copy can be measured.`;
    return { left_out_columns, not_measured, ...disclosed };
  }
  const wholeHoldout = givenHoldout && alignedTo(real, givenHoldout).table;
  // On every column, as utility counts it: a left-out name or key tells a training row from a real row that merely looks alike.
  const training = options.everyRealRow ?? real;
  const holdout_overlap = wholeHoldout && holdoutOverlap(training, wholeHoldout);
  const used = wholeHoldout && holdoutUsed(training, wholeHoldout, holdout_overlap!.overlapping);
  const holdout = used?.table && comparedPart(used.table, left);
  const measures = rowMeasures(compared, comparedPart(wholeSynthetic, left), holdout, seed, comparedPart(training, left), holdout_overlap?.overlapping ?? false);
  // Undefined without a holdout: the reply leaves them out.
  return { left_out_columns, holdout_overlap, holdout_measures: used && { basis: used.basis, rows: used.rows, note: used.note }, ...measures, ...disclosed };
}

export type HoldoutMeasuresBasis = 'holdout' | 'unseen_holdout' | 'none';

/**
 * The holdout rows the DCR share and the membership attack compare. A holdout row that is also a
 * training row is nearest to itself on both sides (a synthetic row near it is as near the training
 * set as the holdout, a "member" is as near the synthetic rows as a "non-member"): with an overlap
 * those rows go, and only the holdout rows unseen in training are compared. Without one (a disjoint
 * split, natural duplicates aside) every row stays: dropping a natural twin would leave common rows
 * to the training side alone and push the share up. No unseen row left: neither measure, as without a holdout.
 */
function holdoutUsed(training: Table, holdout: Table, overlapping: boolean): { basis: HoldoutMeasuresBasis; rows: number; table?: Table; note: string } {
  if (!overlapping) return { basis: 'holdout', rows: holdout.rowCount, table: holdout, note: 'The DCR share and the membership attack compare every holdout row.' };
  const matches = holdoutMatches(training, holdout);
  const unseen = matches.flatMap((m, i) => (m ? [] : [i]));
  const shared = `${holdout.rowCount - unseen.length} of ${holdout.rowCount} holdout rows are also training rows (holdout_overlap)`;
  return unseen.length
    ? { basis: 'unseen_holdout', rows: unseen.length, table: takeRows(holdout, unseen), note: `${shared}: the DCR share and the membership attack compare only the ${unseen.length} others.` }
    : { basis: 'none', rows: 0, note: `${shared}: with no holdout row unseen in training, there is no DCR share or membership attack, as without a holdout.` };
}

/**
 * The reference when real rows' own cannot be measured (one real row): the fixed thresholds used
 * before references, i.e. DCR baseline protection safe ≥ 0.05, review ≥ 0.02; NNDR safe ≥ 0.5, review ≥ 0.2.
 */
const UNMEASURED_REFERENCE = { score: 0.1, nndr: 1 };

/** Safe at or above half the reference (real data's own figure), review at or above a fifth, risk below. */
const againstReference = (value: number, reference: number): Verdict => (value >= 0.5 * reference ? 'safe' : value >= 0.2 * reference ? 'review' : 'risk');

/** Nearest over second-nearest distance per row; 0 on a row with twins, 1 where there is no second row to compare with (it says nothing). */
const nndrOf = ({ d1, d2 }: { d1: Float64Array; d2: Float64Array }): Float64Array =>
  Float64Array.from(d1, (d, i) => (!Number.isFinite(d2[i]!) ? 1 : d2[i]! > 0 ? d / d2[i]! : d === 0 ? 0 : 1));

const OVERLAP_NOTE = ' — the holdout overlaps the training rows (holdout_overlap), so real rows\' own figures stand in for it';

/** What a measure judged against real data's own figure compares, that figure included. */
function referenceThreshold(what: string, field: string, value: number, basis: BaselineBasis, overlapping: boolean): string {
  const whose = basis === 'holdout' ? "the holdout rows' own (real rows never seen, against the training rows" : "real rows' own (each real row against the other real rows";
  return `${what}, over ${whose}, measured the same way: ${field} ${value.toFixed(3)}); safe ≥ 0.5 of it, review ≥ 0.2${overlapping ? OVERLAP_NOTE : ''}`;
}

/**
 * The distance and copy measures over the compared columns; the disclosure checks over every column.
 * `overlapping`: the holdout shares training rows beyond natural duplicates (rows.ts holdoutOverlap), so it no longer shows what real
 * rows never seen look like (they would sit at distance 0 and inflate every baseline): the baselines
 * fall back to the real rows' own, as without a holdout. `holdout` is then only its rows unseen in training (holdoutUsed),
 * which still serve the DCR share and the membership attack.
 */
function rowMeasures(real: Table, synthetic: Table, holdout: Table | undefined, seed: number, exposed: Table, overlapping: boolean) {
  const rng = Rng.seeded(seed);
  const plan = distancePlan(real);
  const r = encodeRows(real, plan);
  const s = encodeRows(synthetic, plan);
  const realRows = rowsOf(real.rowCount, rng);
  const synRows = rowsOf(synthetic.rowCount, rng);
  const synToReal = nearest(s, synRows, r, realRows);

  const randomCount = Math.min(MAX_ROWS, Math.max(synRows.length, 1));
  const random = randomRows(r, randomCount, rng, plan.categorical.map((c) => c.index.size));
  const randomToReal = nearest(random, Array.from({ length: randomCount }, (_, i) => i), r, realRows);
  const randomMedian = Math.max(1e-12, summary(randomToReal.d1).median);
  const baselineScore = Math.min(1, summary(synToReal.d1).median / randomMedian);
  const nndr = summary(nndrOf(synToReal));

  // The holdout's rows are drawn where they always were (after the random rows): seeded figures stay put.
  const h = holdout && encodeRows(holdout, plan);
  const holdRows = holdout ? rowsOf(holdout.rowCount, rng) : [];
  const holdToReal = h && nearest(h, holdRows, r, realRows);
  // Real rows' own figures, the reference a faithful generator is judged by (as exact copies are, copy-baseline.ts): with a holdout
  // not overlapping the training rows, its rows against the training rows; else each real row against the OTHER real rows
  // (leave-one-out). On a table of few distinct rows (titanic without names) real rows sit at distance 0 from a twin, so a
  // faithful generator's do too; on a table of unique rows, real rows sit apart, and a copy at 0 is flagged.
  const basis: BaselineBasis = holdToReal && holdRows.length && !overlapping ? 'holdout' : 'real';
  // A lone real row has no other to be measured against: no reference, so the fixed thresholds the reference replaced.
  const measured = basis === 'holdout' || realRows.length > 1;
  const own = basis === 'holdout' ? holdToReal! : nearestOthers(r, realRows, realRows);
  const reference = measured ? { score: Math.min(1, summary(own.d1).median / randomMedian), nndr: summary(nndrOf(own)).median } : UNMEASURED_REFERENCE;
  const threshold = (what: string, field: string, value: number) =>
    measured ? referenceThreshold(what, `${basis}_${field}`, value, basis, overlapping) : `${what}; with no other real row to compare with, fixed: safe ≥ ${+(0.5 * value).toFixed(3)}, review ≥ ${+(0.2 * value).toFixed(3)}`;

  const copies = judgedCopies(exposed, synthetic, basis === 'holdout' ? holdout : undefined);
  const near = measured ? nearReal(synToReal.d1, own.d1) : undefined;

  const report = {
    sample: {
      real_rows: realRows.length,
      synthetic_rows: synRows.length,
      subsampled: realRows.length < real.rowCount || synRows.length < synthetic.rowCount,
      seed,
      note: `Distances use at most ${MAX_ROWS} rows of each table, drawn with the seed.`,
    },
    dcr: {
      synthetic_to_real: summary(synToReal.d1),
      random_to_real: summary(randomToReal.d1),
      histogram: dcrHistogram(synToReal.d1),
      near,
      // Distance 0 is an exact copy on the compared columns: on a table whose real rows repeat each other, faithful rows sit
      // there as often (titanic: 85 %), so the copies' judgement against that baseline decides. Rows a hair from a real
      // one (real + tiny noise) are copies too: nearer than 99 % of real rows are to their own nearest (`near`).
      verdict: worse(summary(synToReal.d1).p5 > 0 ? 'safe' : copies.verdict, near?.verdict ?? 'safe'),
      threshold:
        `at least 5 % of synthetic rows at distance 0 from a real row take the verdict of exact_copies (copies beyond what real rows do by themselves); ` +
        `and near.share, synthetic rows nearer a real row than the 1st percentile of real rows' own nearest distance (near.distance, ${basis === 'holdout' ? 'holdout rows against the training rows' : 'each real row against the other real rows'}): ` +
        `safe ≤ ${NEAR_SAFE * 100} %, beyond it safe unless above real rows' own share below that distance (near.baseline_share) at p < ${COPY_ALPHA} (one-sided Fisher exact test), then review ≤ ${NEAR_REVIEW * 100} %, risk beyond, review when too few rows to tell; the worse of the two`,
    },
    nndr: {
      ...nndr,
      // One of the two, by basis (undefined leaves the reply).
      real_median: basis === 'real' && measured ? reference.nndr : undefined,
      holdout_median: basis === 'holdout' ? reference.nndr : undefined,
      baseline_basis: basis,
      verdict: againstReference(nndr.median, reference.nndr),
      threshold: threshold('median ratio of nearest to second-nearest real row (near 0: rows hug single real records)', 'median', reference.nndr),
    },
    exact_copies: overlapping ? { ...copies, threshold: copies.threshold + OVERLAP_NOTE } : copies,
    dcr_baseline_protection: {
      score: baselineScore,
      real_score: basis === 'real' && measured ? reference.score : undefined,
      holdout_score: basis === 'holdout' ? reference.score : undefined,
      baseline_basis: basis,
      // Compared, not divided: real rows may sit at distance 0 from each other (a table of few distinct rows), and then so may faithful ones.
      verdict: againstReference(baselineScore, reference.score),
      threshold: threshold('median DCR of synthetic rows over that of uniformly random rows (SDMetrics)', 'score', reference.score),
    },
  };
  if (!holdout || !h || !holdToReal) return report;

  const synToHold = nearest(s, synRows, h, holdRows);
  // Equal-sized reference sets: a larger one is nearer by chance alone.
  const trainRows = rng.sampleIndices(real.rowCount, Math.min(real.rowCount, holdRows.length)).sort((a, b) => a - b);
  const synToTrain = nearest(s, synRows, r, trainRows);
  let closerToTrain = 0;
  for (let i = 0; i < synRows.length; i++) if (synToTrain.d1[i]! < synToHold.d1[i]!) closerToTrain++;
  const share = synRows.length ? closerToTrain / synRows.length : 0;
  // Membership inference: real training rows should be no closer to the synthetic data than holdout rows.
  const trainToSyn = nearest(r, trainRows, s, synRows);
  const holdToSyn = nearest(h, holdRows, s, synRows);
  const attackAuc = auc(Float64Array.from(trainToSyn.d1, (d) => -d), Float64Array.from(holdToSyn.d1, (d) => -d));
  const graded = holdRows.length >= HOLDOUT_GRADED_ROWS;
  const tooFew = graded ? '' : `; review: ${holdRows.length} holdout ${holdRows.length === 1 ? 'row' : 'rows'}, fewer than the ${HOLDOUT_GRADED_ROWS} that tell a verdict from chance`;
  return {
    ...report,
    sample: { ...report.sample, holdout_rows: holdRows.length },
    dcr: { ...report.dcr, holdout_to_real: summary(holdToReal.d1) },
    dcr_share: { closer_to_training: share, ideal: 0.5, verdict: graded ? grade(share, 0.55, 0.65) : 'review', threshold: `safe ≤ 0.55, review ≤ 0.65${tooFew}` },
    dcr_overfitting_protection: { score: Math.min(1, (1 - share) * 2), threshold: 'SDMetrics: min(1, 2 × (1 − share closer to training))' },
    membership_inference: { auc: attackAuc, verdict: graded ? grade(attackAuc, 0.55, 0.65) : 'review', threshold: `distance attack AUC; safe ≤ 0.55, review ≤ 0.65${tooFew}` },
  };
}
