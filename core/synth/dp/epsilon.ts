/**
 * The `epsilon` param of the differentially private generators, with a floor. A positive ε as
 * small as 5e-324 had passed, and PrivBayes' Laplace scale 2d / (n·ε₂) overflowed to ∞: tables of
 * NaN that every sample then failed to read. At MIN_EPSILON that scale is already over
 * 2.8·10⁶·d/n — more than the whole of a table's probability mass for any source under millions of
 * rows, i.e. pure noise — and DP-SGD cannot reach it at all (its noise search stops at 10⁴ times
 * the clipping norm). A smaller ε would buy no more privacy, only overflow: it is a 422.
 */
import { z } from 'zod';

export const MIN_EPSILON = 1e-6;

export const epsilonParam = (max: number, description: string) =>
  z
    .number()
    .min(MIN_EPSILON, { message: `epsilon must be at least ${MIN_EPSILON}: below it the noise already drowns every count, and would overflow` })
    .max(max)
    .optional()
    .describe(`${description}; at least ${MIN_EPSILON}`);
