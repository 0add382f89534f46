/**
 * The replies of the EDA routes (core/api/routes.ts): each analysis' result, documented beside the
 * code computing it, with the fields saying how it was computed (approximation.ts). Drift, shared
 * with /validation/drift, is in validation/drift-reply.ts.
 */
import { z } from 'zod';
import { Computation } from './approximation.js';
import { SummaryResult } from './summary.js';
import { DescribeResult } from './describe.js';
import { CorrelationResult } from './correlation.js';
import { DistributionsResult } from './distributions.js';
import { IsolationOutliers, UnivariateOutliers } from './outliers.js';

const computed = <S extends z.ZodRawShape>(result: z.ZodObject<S>) => result.extend(Computation.shape);

export const SummaryReply = computed(SummaryResult).meta({ id: 'EdaSummaryResult' });
export const DescribeReply = computed(DescribeResult).meta({ id: 'EdaDescribeResult' });
export const CorrelationReply = computed(CorrelationResult).meta({ id: 'EdaCorrelationResult' });
export const DistributionsReply = computed(DistributionsResult).meta({ id: 'EdaDistributionsResult' });
export const OutliersReply = z.discriminatedUnion('method', [computed(UnivariateOutliers), computed(IsolationOutliers)]).meta({ id: 'EdaOutliersResult' });

export type SummaryReply = z.infer<typeof SummaryReply>;
export type DescribeReply = z.infer<typeof DescribeReply>;
export type CorrelationReply = z.infer<typeof CorrelationReply>;
export type DistributionsReply = z.infer<typeof DistributionsReply>;
export type OutliersReply = z.infer<typeof OutliersReply>;
