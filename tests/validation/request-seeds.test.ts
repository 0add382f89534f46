/**
 * Every request's seed stops at SEED_MAX, as generation's always has: Rng.seeded mixes 32 bits, so
 * seeds 1, 2^32 + 1 and 2^33 + 1 of a validation request had drawn the same subsample (review s27).
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SEED_MAX } from '../../core/seed.js';
import { PrivacyRequest, ReportRequest, UtilityRequest } from '../../core/validation/schemas.js';
import { OutliersRequest } from '../../core/eda/service.js';
import { ApplyRequest } from '../../core/features/service.js';
import { GenerateRequest } from '../../core/generation/model.js';

const ids = { real_file_id: 'f_0123456789a', synthetic_file_id: 'f_0123456789b', holdout_file_id: 'f_0123456789c', file_id: 'f_0123456789a', target: 't', generator: 'copula' };
const requests: [string, z.ZodType][] = [
  ['privacy', PrivacyRequest],
  ['utility', UtilityRequest],
  ['report', ReportRequest],
  ['outliers', OutliersRequest],
  ['generate', GenerateRequest],
  ['features apply', ApplyRequest],
];

describe('request seeds', () => {
  it.each(requests)('%s takes 0 to SEED_MAX and refuses a seed past it', (_, schema) => {
    // Only the seed is judged: whatever else the request lacks is beside the point here.
    const at = (seed: number) => !schema.safeParse({ ...ids, seed }).error?.issues.some((i) => i.path[0] === 'seed');
    expect(at(0)).toBe(true);
    expect(at(SEED_MAX)).toBe(true);
    expect(at(2 ** 32 + 1)).toBe(false);
  });
});
