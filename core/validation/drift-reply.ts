/**
 * What POST /eda/drift and POST /validation/drift answer: the per-column figures (eda/drift.ts), the
 * classifier's overall verdict, which columns were left out and which real rows were compared with,
 * and how the files were read (eda/approximation.ts).
 */
import { z } from 'zod';
import { Computation } from '../eda/approximation.js';
import { DriftFigures, DriftVerdict } from '../eda/drift.js';
import { ReportResult } from './schemas.js';

export const ClassifierDrift = z
  .object({
    auc: z.number().min(0).max(1).describe('Cross-validated AUC of a classifier telling the files’ rows apart: 0.5 cannot, 1 always can'),
    verdict: DriftVerdict.describe('stable under AUC 0.6, warn under 0.75, else drift; stable when either file has fewer rows than `thresholds.min_values`, as the note says'),
    note: z.string().describe('How the classifier was trained'),
  })
  .describe('Overall drift: can a classifier tell the two files apart?');

export const DriftResult = DriftFigures.extend({
  classifier: ClassifierDrift,
  left_out_columns: z
    .array(z.object({ column: z.string(), reason: z.string() }))
    .describe(
      'Reference columns not compared, with why, in no verdict: a generated file’s values there are not drawn from the real ones (PII faked or dropped, the primary key); ' +
        'then columns with too few values on a side to judge (under `thresholds.min_values`)',
    ),
  // The report's schema of the same object (generation/condition-rows.ts ComparedWith), told for drift.
  compared_with: ReportResult.shape.compared_with
    .optional()
    .describe('Only when one file was generated with conditions: the real rows it was compared with (those meeting its conditions), or why the whole real file was'),
  ...Computation.shape,
}).meta({ id: 'DriftResult' });
export type DriftResult = z.infer<typeof DriftResult>;
