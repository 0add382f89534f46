import { z } from 'zod';
import { FileId } from '../files/model.js';
import { CATEGORY_PAIRS_DESCRIPTION } from './category-pairs.js';
import { DriftReadFields } from '../eda/drift-read.js';
import { distinctColumnNames } from '../records.js';
// Thresholds the descriptions quote, interpolated so the docs can't drift from the code.
import { NEAR_REVIEW, NEAR_SAFE } from './near-real.js';
import { COPY_ALPHA } from './copy-baseline.js';
import { MAX_EXACT } from './sensitive-bins.js';
import { seedNumber } from '../seed.js';

export const PairAggregate = z
  .enum(['all', 'strong_only'])
  .describe(
    '`all`: Column Pair Trends is the mean over every pair (SDMetrics < 0.27 and the peer figures in this repo). ' +
      '`strong_only`: only pairs whose real association is strong (|ρ| > 0.5 or Cramér’s V > 0.3), as SDMetrics ≥ 0.27 reports.',
  );

const PairDetails = z
  .enum(['all', 'none'])
  .default('all')
  .describe('`none` leaves out the score of each pair (the scores stay over all of them): a wide table has tens of thousands of pairs');

/** The synthetic file of a scored pair: what the scores need of its columns. */
const SyntheticFileId = FileId.describe(
  'Must have every column of the real file, or the scores would quietly cover only the shared ones: a 422 names those missing. ' +
    "A column the real file's schema leaves out of the model (PII dropped or faked, the primary key), or the model that generated the file left out, may be absent. " +
    'A column typed otherwise than in the real file is read as the real type (a value that does not read so counts as missing).',
);

export const QualityRequest = z
  .object({
    real_file_id: FileId,
    synthetic_file_id: SyntheticFileId,
    pair_aggregate: PairAggregate.default('all'),
    pair_details: PairDetails,
  })
  .meta({ id: 'QualityRequest' });
export type QualityRequest = z.infer<typeof QualityRequest>;

const Score = z.number().min(0).max(1);

const Conditions = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** generation/condition-rows.ts ComparedWith, as a reply shows it. */
const ComparedWith = z
  .object({
    rows: z.number().int().describe('Real rows compared with'),
    conditions: Conditions.optional().describe("The synthetic file's conditions, when only the real rows meeting them were compared with"),
    whole_source: z
      .object({ reason: z.string(), conditions: Conditions, matching_rows: z.number().int().optional() })
      .optional()
      .describe('The synthetic file has conditions, but the whole real file was compared with: why'),
  })
  .describe(
    "What the scores were measured against. A generated file with conditions (lineage) is compared with the real rows meeting them, as its stored quality summary is; " +
      'else, or when too few rows meet them, with the whole real file.',
  );
const ComparedFields = { compared_with: ComparedWith, holdout_compared_with: ComparedWith.optional().describe('The same for the holdout: restricted with the real file, or neither') };

const TypeDifference = z
  .object({ column: z.string(), real_type: z.string(), synthetic_type: z.string(), unreadable: z.number().int().optional().describe('Synthetic values written but not readable as the real type, scored as missing; only when some are') })
  .describe('A column the two files type differently: its synthetic values are read as the real type, a value that does not read so counting as missing');
/** validation/holdout.ts: the holdout is read in the real types as a synthetic file is (`synthetic_type` is then the holdout's type). */
const HoldoutRetyped = z
  .array(TypeDifference)
  .optional()
  .describe(
    "Only when some holdout column is typed otherwise than the real one: its values are read as the real type (`synthetic_type` is the holdout's type, `unreadable` its values scored as missing). " +
      'A column none of whose values reads as the real type (1/0 where the real file writes male/female) is refused with a 422.',
  );

/** The quality scores as the full report carries them; the quality route adds its pair_aggregate and `compared_with` (QualityResult). */
export const QualityPart = z
  .object({
    overall: Score,
    missing_value_similarity: z.object({ score: Score, details: z.array(z.object({ column: z.string(), score: Score })) }),
    column_shapes: z.object({
      score: Score,
      details: z.array(z.object({ column: z.string(), metric: z.string(), score: Score })),
    }),
    column_pair_trends: z.object({
      score: Score,
      details: z.array(
        z.object({
          columns: z.tuple([z.string(), z.string()]),
          metric: z.string(),
          score: Score,
          real_association: z.number().nullable().optional(),
        }),
      ),
    }),
    retyped_columns: z.array(TypeDifference).optional().describe('Only when some column is typed otherwise in the synthetic file'),
  })
  .catchall(z.unknown())
  .meta({ id: 'QualityPart' });

export const QualityResult = QualityPart.extend({ pair_aggregate: PairAggregate, compared_with: ComparedWith }).meta({ id: 'QualityResult' });
export type QualityResult = z.infer<typeof QualityResult>;

export const PairRequest = z
  .object({ real_file_id: FileId, synthetic_file_id: FileId })
  .meta({ id: 'ValidationPairRequest' });
export type PairRequest = z.infer<typeof PairRequest>;

/** The columns of attribute disclosure, each named once (records.ts): a repeat would be counted twice. */
const DisclosureRequestFields = {
  quasi_identifiers: distinctColumnNames()
    .default([])
    .describe('Columns an attacker may know (for k-anonymity and CAP), matched exactly: bin a numeric one in the data if an attacker would know it only roughly'),
  sensitive: distinctColumnNames()
    .default([])
    .describe(`Columns an attacker wants to learn (for CAP and l-diversity); only with quasi_identifiers, and none of them. A numeric one of more than ${MAX_EXACT} distinct values is compared by the real column's deciles`),
};

/** 422 rather than a reply that leaves CAP out unasked (sensitive without quasi-identifiers) or one that guesses a column from itself. */
function disclosureColumnsChecked(req: { quasi_identifiers: string[]; sensitive: string[] }, ctx: z.RefinementCtx) {
  if (req.sensitive.length && !req.quasi_identifiers.length)
    ctx.addIssue({ code: 'custom', path: ['sensitive'], message: 'sensitive columns need quasi_identifiers: CAP guesses them from the quasi-identifiers' });
  const both = req.sensitive.filter((s) => req.quasi_identifiers.includes(s));
  if (both.length) ctx.addIssue({ code: 'custom', path: ['sensitive'], message: `${both.join(', ')} both quasi-identifier and sensitive: an attacker who knows a value has nothing to learn` });
}

export const PrivacyRequest = z
  .object({
    real_file_id: FileId.describe('The table the generator was fitted on'),
    synthetic_file_id: SyntheticFileId,
    holdout_file_id: FileId.optional().describe('Real rows the generator never saw: enables DCR share and the membership attack'),
    seed: seedNumber().default(0).describe('Seed of the row subsample'),
    ...DisclosureRequestFields,
  })
  .superRefine(disclosureColumnsChecked)
  .meta({ id: 'PrivacyRequest' });

export const UtilityRequest = z
  .object({
    real_file_id: FileId.describe('The rows the generator was fitted on'),
    synthetic_file_id: SyntheticFileId,
    holdout_file_id: FileId.describe('Real rows never shown to the generator, to test on'),
    target: z
      .string()
      .min(1)
      .describe(
        'The column to predict: categorical, boolean, integer or float (more than 10 distinct numbers: regression, else classification). Datetime, text and id columns are refused (422).',
      ),
    seed: seedNumber().default(0),
  })
  .meta({ id: 'UtilityRequest' });
export type UtilityRequest = z.infer<typeof UtilityRequest>;

/** A score that overflows (r² of values near 1e300) is NaN, which a JSON reply writes as null. */
const Figure = z.preprocess((v) => (Number.isNaN(v) ? null : v), z.number().nullable());

/** rows.ts holdoutOverlap(): shared by the utility and privacy replies. */
const HoldoutOverlap = z
  .object({
    rows: z.number().int().describe('Holdout rows identical to a real (training) row on every column'),
    of: z.number().int().describe('Holdout rows'),
    share: Score.describe('rows / of'),
    expected_share: Score.describe(
      'Training rows identical to another training row (leave-one-out): the share of holdout rows a split disjoint by row matches by chance (a table of few distinct rows, titanic without names, repeats most rows by itself)',
    ),
    p_value: Score.describe('One-sided Fisher exact test: the chance of `rows` or more holdout rows equal to a training row were they no more often so than training rows equal each other'),
    overlapping: z
      .boolean()
      .describe('The holdout shares training rows beyond natural duplicates: p_value < 0.01 (share clearly above expected_share), or any row shared when no training row has a twin (expected_share 0), or every holdout row shared when under half the training rows have a twin (too few rows for the test). Only then is the overlap acted on or warned of'),
  })
  .strict();

/** Utility as the full report carries it; the utility route adds what it compared with (UtilityResult). */
export const UtilityPart = z
  .object({
    target: z.string(),
    task: z.enum(['classification', 'regression']),
    model: z.string(),
    train_real: z.record(z.string(), Figure),
    train_synthetic: z.record(z.string(), Figure),
    relative_utility: z.number().nullable(),
    detection: z.object({ auc: z.number(), score: z.number() }),
    holdout_overlap: HoldoutOverlap.describe(
      'Holdout rows that are also training rows: when `overlapping` (more than natural duplicates explain), the scores overstate what the synthetic data teaches (the holdout should be rows the generator never saw)',
    ),
    note: z.string(),
  })
  .meta({ id: 'UtilityPart' });

export const UtilityResult = UtilityPart.extend({ ...ComparedFields, holdout_retyped_columns: HoldoutRetyped }).meta({ id: 'UtilityResult' });
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

const Verdict = z.enum(['safe', 'review', 'risk']);
const BaselineBasis = z
  .enum(['holdout', 'real'])
  .describe("Whose figure the measure is judged against: the holdout's rows against the training rows, or real rows against the other real rows");
/** Whose figure a privacy measure is judged against (exact copies, DCR, NNDR). */
export type BaselineBasis = z.infer<typeof BaselineBasis>;
const Spread = z.object({ median: z.number(), p5: z.number() });

export const DiagnosticResult = z
  .object({
    overall: Score,
    data_validity: z.object({ score: Score, details: z.array(z.object({ column: z.string(), metric: z.string(), score: Score })) }),
    data_structure: z.object({
      score: Score,
      columns_match: Score,
      types_match: Score,
      missing_columns: z.array(z.string()).describe('Real columns the synthetic file lacks (the other routes refuse such a pair with a 422)'),
      left_out_columns: z
        .array(z.string())
        .describe("Real columns the synthetic file lacks because the real file's schema or the model leaves them out (PII dropped): no structure fault, so not in missing_columns nor the scores"),
      extra_columns: z.array(z.string()).describe('Synthetic columns the real file lacks'),
      type_differences: z.array(TypeDifference),
    }),
    exact_copies: z
      .object({
        count: z.number().int().nullable(),
        rate: Score.nullable(),
        not_measured: z.string().optional().describe('Why count and rate are null: every real column is left out (PII faked or dropped, the primary key), so nothing was compared'),
      })
      .describe('Synthetic rows equal to a real row on the columns not left out, read as the real types (as privacy counts them)'),
    category_pairs: z
      .object({
        rows: z.number().int().describe('Synthetic rows holding at least one pair of categories absent from the real rows'),
        of: z.number().int().describe('Synthetic rows'),
        rate: Score,
        columns_checked: z.array(z.string()),
        pairs_checked: z.number().int().describe('Pairs of columns checked'),
        top: z
          .array(z.object({ columns: z.tuple([z.string(), z.string()]), values: z.tuple([z.string(), z.string()]), rows: z.number().int() }))
          .describe('The unseen pairs held by most synthetic rows, most first (at most 5)'),
        description: z.string(),
      })
      .describe(CATEGORY_PAIRS_DESCRIPTION),
  })
  .meta({ id: 'DiagnosticResult' });

const LeftOutColumns = z.array(z.object({ column: z.string(), reason: z.string() }));

/** privacy.ts disclosure(): checks over every column, so they run even when all are left out of the distances. */
const DisclosureFields = {
  pii_verbatim: z.object({
    columns: z.array(z.object({ column: z.string(), leaked_values: z.number().int() })),
    verdict: Verdict,
    threshold: z.string(),
  }),
  k_anonymity: z
    .object({ quasi_identifiers: z.array(z.string()), k: z.number().int(), groups: z.number().int(), singletons: z.number().int(), verdict: Verdict, threshold: z.string() })
    .optional()
    .describe('Only with quasi_identifiers'),
  attribute_disclosure: z
    .array(
      z.object({
        sensitive: z.string(),
        cap: Score.nullable().describe('Null when no real row with a value of the column matches a synthetic row with one on the quasi-identifiers (then `note` says why; verdict safe)'),
        l_diversity: z
          .number()
          .int()
          .nullable()
          .describe(
            'The fewest distinct values of the column in a group of real rows sharing the quasi-identifiers (1: someone in a group is given away by it); rows with the value missing are skipped. Null when the column is missing in every real row (then cap is null too and `note` says why)',
          ),
        binned: z
          .object({ bins: z.number().int(), note: z.string() })
          .optional()
          .describe(`Only for an integer, float or datetime column of more than ${MAX_EXACT} distinct real values: CAP and l-diversity compare the real column's deciles, not exact values (a near-copy is still a correct guess)`),
        note: z.string().optional().describe('Only when cap is null: no matching row, or the column missing in every real row (then l_diversity is null too)'),
        verdict: Verdict,
        threshold: z.string(),
      }),
    )
    .optional()
    .describe(
      'Only with quasi_identifiers and sensitive columns. Quasi-identifiers match exactly (as SDMetrics\' key fields); rows whose sensitive value is missing are skipped (nothing disclosed, no guess)',
    ),
};

/** Privacy as the full report carries it when some column is compared (privacy.ts privacyPart); the privacy route adds what it compared with (PrivacyResult). */
export const PrivacyPart = z
  .object({
    sample: z.object({ real_rows: z.number().int(), synthetic_rows: z.number().int(), subsampled: z.boolean(), seed: z.number().int(), note: z.string() }).catchall(z.unknown()),
    dcr: z
      .object({
        synthetic_to_real: Spread,
        random_to_real: Spread,
        near: z
          .object({
            distance: z.number().describe("The 1st percentile of real rows' own nearest distance (as NNDR's baseline_basis: holdout rows against the training rows, or leave-one-out)"),
            rows: z.number().int(),
            share: Score.describe('Synthetic rows strictly nearer a real row than that (rows of the subsample): about baseline_share for a faithful generator, near 1 for real rows plus tiny noise'),
            baseline_share: Score.describe("Real rows' own distances below that distance: about 0.01"),
            p_value: Score.describe('One-sided Fisher exact test of share against baseline_share'),
            verdict: Verdict,
          })
          .optional()
          .describe('Absent with a single real row (no reference)'),
        verdict: Verdict,
        threshold: z.string(),
      })
      .catchall(z.unknown())
      .describe(
        `The worse of: with at least 5 % of synthetic rows at distance 0, exact_copies' verdict; near's: safe at share ≤ ${NEAR_SAFE}, beyond it safe unless above baseline_share at p < ${COPY_ALPHA}, then review ≤ ${NEAR_REVIEW}, risk beyond (review when too few rows to tell)`,
      ),
    nndr: Spread.extend({
      real_median: z.number().optional().describe("Without a holdout (or with one overlapping the training rows): real rows' own median NNDR, each real row among the other real rows (leave-one-out)"),
      holdout_median: z.number().optional().describe('With a holdout: the median NNDR of its rows against the training rows'),
      baseline_basis: BaselineBasis,
      verdict: Verdict,
      threshold: z.string(),
    }).describe("Synthetic rows' median NNDR judged against real rows' own (real_median or holdout_median): safe ≥ 0.5 of it, review ≥ 0.2, risk below"),
    exact_copies: z
      .object({
        count: z.number().int(),
        rate: Score,
        baseline_share: Score.describe('What real data does by itself: the share of holdout rows equal to a training row, or without a holdout of real rows equal to another real row'),
        baseline_basis: BaselineBasis.describe('Which of the two baseline_share is: `real` with a holdout too when it overlaps the training rows (holdout_overlap)'),
        baseline_rows: z.number().int().describe('Rows baseline_share is measured over'),
        p_value: Score.describe('One-sided Fisher exact test of the copy count against the baseline rows: the chance of this many copies or more were synthetic rows copies no more often'),
        verdict: Verdict,
        threshold: z.string(),
      })
      .describe('Synthetic rows equal to a real row on the compared columns, judged against baseline_share: safe unless p_value < 0.01, then review up to 1 percentage point above it, risk beyond; review too when the rows are too few for the test to tell even a wholesale copy'),
    left_out_columns: LeftOutColumns.describe(
      'Columns the distances (DCR, NNDR, the DCR share, the membership attack) and exact copies leave out, with why: their synthetic values are not drawn from the real ones ' +
        '(PII replaced by fakes or dropped, the primary key), so counting them would make copied rows look distinct. PII found verbatim still checks them. ' +
        'When every column is left out the request fails with 422: there is nothing to measure (the full report marks its privacy part `not_measured` instead).',
    ),
    dcr_baseline_protection: z
      .object({
        score: Score,
        real_score: Score.optional().describe(
          "Without a holdout (or with one overlapping the training rows): the same ratio for real rows' own distance to the nearest OTHER real row (leave-one-out): 0 when at least half the real rows equal another real row",
        ),
        holdout_score: Score.optional().describe('With a holdout: the same ratio for the holdout rows: the score of real rows the generator never saw'),
        baseline_basis: BaselineBasis,
        verdict: Verdict,
        threshold: z.string(),
      })
      .describe('Judged against real rows\' own score (real_score or holdout_score): safe ≥ 0.5 of it, review ≥ 0.2, risk below; a copy of a table of unique rows scores 0 against a reference above 0'),
    holdout_overlap: HoldoutOverlap.optional().describe(
      'Only with a holdout: its rows identical to a training row on every column (as utility counts them). When `overlapping`, the holdout no longer shows real rows never seen, ' +
        "so exact copies, NNDR and DCR baseline protection are judged against real rows' own figures instead (baseline_basis `real`), and the DCR share and the membership attack " +
        'compare only the holdout rows unseen in training (holdout_measures)',
    ),
    holdout_measures: z
      .object({
        basis: z
          .enum(['holdout', 'unseen_holdout', 'none'])
          .describe(
            '`holdout`: every holdout row (no overlap beyond natural duplicates); `unseen_holdout`: the holdout overlaps the training rows, so only its rows equal to no training row; ' +
              '`none`: every holdout row is a training row, so no dcr_share, dcr_overfitting_protection or membership_inference, as without a holdout',
          ),
        rows: z.number().int().describe('Holdout rows compared (before the seeded subsample of at most 2000)'),
        note: z.string(),
      })
      .strict()
      .optional()
      .describe('Only with a holdout: which of its rows the DCR share and the membership attack compare with the training rows'),
    dcr_share: z
      .object({ closer_to_training: Score, ideal: z.number(), verdict: Verdict, threshold: z.string() })
      .strict()
      .optional()
      .describe('Only with holdout rows to compare (holdout_measures): the share of synthetic rows strictly nearer a training row than a holdout row, against equally many of each; 0.5 ideal'),
    dcr_overfitting_protection: z
      .object({ score: Score, threshold: z.string() })
      .strict()
      .optional()
      .describe('With dcr_share: SDMetrics\' DCROverfittingProtection, min(1, 2 × (1 − closer_to_training))'),
    membership_inference: z
      .object({ auc: Score, verdict: Verdict, threshold: z.string() })
      .strict()
      .optional()
      .describe('With dcr_share: AUC of telling training rows from holdout rows by their distance to the nearest synthetic row; 0.5 ideal'),
    ...DisclosureFields,
  })
  .catchall(z.unknown())
  .meta({ id: 'PrivacyPart' });

export const PrivacyResult = PrivacyPart.extend({
  differential_privacy: z
    .object({
      epsilon: z.number(),
      delta: z.number().optional(),
      mechanism: z.string().optional(),
      public_metadata: z
        .array(z.string())
        .optional()
        .describe("What the accounting assumes public, taken from the data without noise (for PrivBayes: column names, category lists, bin edges incl. each number column's exact min and max, which columns have missing values)"),
    })
    .nullable()
    .optional()
    .describe(
      "The differential privacy guarantee the synthetic file was generated under, from its model's record (or, the model gone, the epsilon its generation asked for). " +
        '`null`: generated here without differential privacy (no guarantee); absent: not generated here, so unknown.',
    ),
  ...ComparedFields,
  holdout_retyped_columns: HoldoutRetyped,
  compared_with: ComparedWith.describe(
    "The real rows the distances (DCR, NNDR, the DCR share, the membership attack) are measured against: a conditioned file's matching rows, the holdout's too. " +
      'Exact copies, PII found verbatim, k-anonymity and CAP look at every real row: a record is exposed whichever rows the file was meant to resemble.',
  ),
}).meta({ id: 'PrivacyResult' });

/** The full report's privacy part when every column is left out (privacyPart): the privacy route answers 422 instead. */
export const PrivacyNotMeasured = z
  .object({
    left_out_columns: LeftOutColumns.describe('Every real column, with why its synthetic values are not drawn from the real ones'),
    not_measured: z.string().describe('Why no distance (DCR, NNDR, the DCR share, the membership attack) or exact copy was measured'),
    ...DisclosureFields,
  })
  .meta({ id: 'PrivacyNotMeasured' });

/** eda/drift.ts drift(): the report's drift part (the drift routes add how the files were read). */
const DriftVerdict = z.enum(['stable', 'warn', 'drift']);
const DriftMeasured = {
  numeric: z.object({
    column: z.string(),
    kind: z.literal('numeric'),
    ks_statistic: z.number(),
    ks_p_value: z.number(),
    psi: z.number(),
    wasserstein: z.number(),
    jensen_shannon: z.number(),
    verdict: DriftVerdict,
    reason: z.string(),
  }),
  categorical: z.object({
    column: z.string(),
    kind: z.literal('categorical'),
    chi2: z.number(),
    chi2_p_value: z.number(),
    psi: z.number(),
    jensen_shannon: z.number(),
    verdict: DriftVerdict,
    reason: z.string(),
  }),
};
/** Absent from the current file (no kind), or missing throughout in one of them: no statistic, only why. */
const DriftUnmeasured = z.object({ column: z.string(), kind: z.enum(['numeric', 'categorical']).optional(), verdict: DriftVerdict, reason: z.string() }).strict();

export const DriftReport = z
  .object({
    columns: z.array(z.union([DriftMeasured.numeric, DriftMeasured.categorical, DriftUnmeasured])).describe('Every column but identifiers, in the reference order'),
    summary: z.object({ stable: z.number().int(), warn: z.number().int(), drift: z.number().int() }).describe('Columns per verdict'),
    thresholds: z.object({ psi_warn: z.number(), psi_alert: z.number(), ks_p: z.number(), min_values: z.number().int().describe('Fewest values each side needs for a column to be judged') }),
    left_out_columns: LeftOutColumns.describe(
      'Real columns not compared, with why, in no verdict: their synthetic values are not drawn from the real ones (PII faked or dropped, the primary key); then columns with too few values to judge',
    ),
    // eda/drift-read.ts: the synthetic file is read in the real types, as the drift routes read the current file.
    ...DriftReadFields,
  })
  .meta({ id: 'DriftReport' });

export const ReportRequest = z
  .object({
    real_file_id: FileId,
    synthetic_file_id: SyntheticFileId,
    holdout_file_id: FileId.optional(),
    target: z.string().optional().describe('With a holdout: the column the utility report predicts'),
    seed: seedNumber().default(0),
    pair_aggregate: PairAggregate.default('all'),
    pair_details: PairDetails.describe('`none` leaves each pair\'s score out of the reply (the HTML report keeps them): a wide table has tens of thousands of pairs'),
    ...DisclosureRequestFields,
  })
  .superRefine(disclosureColumnsChecked)
  .meta({ id: 'ReportRequest' });
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportResult = z
  .object({
    quality: QualityPart,
    diagnostic: DiagnosticResult,
    privacy: z
      .union([PrivacyPart, PrivacyNotMeasured])
      .describe(
        'As the privacy route replies (PrivacyResult), but when every column is left out: then, rather than a 422, only `left_out_columns`, the disclosure checks ' +
          '(PII found verbatim, k-anonymity, CAP) and `not_measured`, why no distance or exact copy was measured (PrivacyNotMeasured).',
      ),
    drift: DriftReport,
    utility: UtilityPart.optional().describe('Only with a holdout and a target'),
    ...ComparedFields,
    holdout_retyped_columns: HoldoutRetyped,
    html_url: z.string().describe('Presigned link to the self-contained HTML report'),
  })
  .meta({ id: 'ReportResult' });
