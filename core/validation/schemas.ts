import { z } from 'zod';
import { FileId } from '../files/model.js';

export const PairAggregate = z
  .enum(['all', 'strong_only'])
  .describe(
    '`all`: Column Pair Trends is the mean over every pair (SDMetrics < 0.27 and the peer figures in this repo). ' +
      '`strong_only`: only pairs whose real association is strong (|ρ| > 0.5 or Cramér’s V > 0.3), as SDMetrics ≥ 0.27 reports.',
  );

export const QualityRequest = z
  .object({
    real_file_id: FileId,
    synthetic_file_id: FileId,
    pair_aggregate: PairAggregate.default('all'),
  })
  .meta({ id: 'QualityRequest' });
export type QualityRequest = z.infer<typeof QualityRequest>;

const Score = z.number().min(0).max(1);

export const QualityResult = z
  .object({
    overall: Score,
    pair_aggregate: PairAggregate,
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
  })
  .catchall(z.unknown())
  .meta({ id: 'QualityResult' });
export type QualityResult = z.infer<typeof QualityResult>;
