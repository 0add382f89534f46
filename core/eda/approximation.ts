/**
 * Which path computed an EDA result, and how far a sketched result can be from the exact one.
 * Files up to EXACT_MAX_CELLS cells are read whole and every figure is exact; larger files stream
 * chunk by chunk, where moments, counts, correlations and contingency tables stay exact (they merge)
 * and quantiles, distinct counts and text top values come from sketches with the bounds below.
 */
import { z } from 'zod';
import { kllRankError } from '../stats/kll.js';
import { DISTINCT_EXACT_MAX, HLL_RELATIVE_ERROR } from '../stats/distinct.js';
import { HLL_PRECISION } from '../stats/hyperloglog.js';
import { QUANTILE_SKETCH_K } from './chunked/column-sketch.js';

/**
 * 1 M rows × 20 columns (bench/eda.ts): 160 MB of numbers in memory (strings take more), about 300 MB
 * at peak and 2–3 s for summary, describe and correlation on one core, well inside the EDA functions'
 * 2 GB and 29 s. `TABMIMIC_EDA_EXACT_MAX_CELLS` overrides it, read per request (0 streams every file).
 */
export const EXACT_MAX_CELLS = 20_000_000;

export function exactMaxCells(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TABMIMIC_EDA_EXACT_MAX_CELLS;
  const parsed = z.coerce.number().int().nonnegative().safeParse(raw);
  return raw !== undefined && raw !== '' && parsed.success ? parsed.data : EXACT_MAX_CELLS;
}

export const QuantileBound = z
  .object({
    sketch: z.literal('KLL'),
    k: z.number().int(),
    rank_error: z.number().describe('Normalised rank error at 99 % confidence: a quantile reported for p has a true rank within p ± rank_error'),
    histogram_rank_error: z.number().describe('The same bound holding for every quantile at once (histogram bin edges, ranks)'),
  })
  .meta({ id: 'EdaQuantileBound' });

export const DistinctBound = z
  .object({
    sketch: z.literal('HyperLogLog'),
    precision: z.number().int(),
    exact_up_to: z.number().int().describe('Counts up to this are exact'),
    relative_error: z.number().describe('Relative standard error of larger counts (three of it cover 99.7 % of estimates)'),
  })
  .meta({ id: 'EdaDistinctBound' });

export const TopValuesBound = z
  .object({
    sketch: z.literal('Misra-Gries'),
    capacity: z.number().int(),
    count_error: z.number().describe('A reported count is at most this below the true one (never above)'),
  })
  .meta({ id: 'EdaTopValuesBound' });

export const FieldBound = z
  .object({
    field: z.string().describe('An estimated field, as named in `estimated`'),
    column: z.string(),
    max_error: z.number().describe('The estimate is within this of the exact figure (at the quantile sketch’s 99 % confidence)'),
  })
  .meta({ id: 'EdaFieldBound' });
export type FieldBound = z.infer<typeof FieldBound>;

export const Approximation = z
  .object({
    chunks: z.number().int().describe('Columnar chunks read one at a time'),
    estimated: z.array(z.string()).describe('Fields that are estimates; every other field is exact'),
    quantiles: QuantileBound.optional(),
    distinct: DistinctBound.optional(),
    top_values: TopValuesBound.optional(),
    bounds: z.array(FieldBound).optional().describe('Per-column bounds of estimated figures, where a figure has one in its own units'),
    note: z.string().optional(),
  })
  .meta({ id: 'EdaApproximation' });
export type Approximation = z.infer<typeof Approximation>;

/** Fields every EDA result carries: `approximate` says whether any figure is an estimate. */
export const Computation = z
  .object({
    approximate: z.boolean(),
    computation: z.enum(['in_memory', 'chunked']).describe(`in_memory: the whole file was read and every figure is exact; chunked: files over the cell threshold (${EXACT_MAX_CELLS} by default) stream chunk by chunk`),
    approximation: Approximation.optional(),
  })
  .meta({ id: 'EdaComputation' });
export type Computation = z.infer<typeof Computation>;

export const quantileBound = (): z.infer<typeof QuantileBound> => ({
  sketch: 'KLL',
  k: QUANTILE_SKETCH_K,
  rank_error: kllRankError(QUANTILE_SKETCH_K),
  histogram_rank_error: kllRankError(QUANTILE_SKETCH_K, true),
});

export const distinctBound = (): z.infer<typeof DistinctBound> => ({
  sketch: 'HyperLogLog',
  precision: HLL_PRECISION,
  exact_up_to: DISTINCT_EXACT_MAX,
  relative_error: HLL_RELATIVE_ERROR,
});

export const IN_MEMORY: Computation = { approximate: false, computation: 'in_memory' };

/** The computation fields of a chunked result: approximate only when something was estimated. */
export function chunkedComputation(approximation: Approximation): Computation {
  return approximation.estimated.length
    ? { approximate: true, computation: 'chunked', approximation: Approximation.parse(approximation) }
    : { approximate: false, computation: 'chunked' };
}
