/** zod's wording made plain (core/zod-issues.ts): a left-out value is required, a NaN quoted as given. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, specificIssues } from '../../core/zod-issues.js';

const Query = z.object({ limit: z.coerce.number().int().min(1).default(50), file_id: z.string(), version: z.literal('V1').optional(), kind: z.literal('K') });
const issuesOf = (value: unknown, input: unknown = value) => specificIssues(Query.safeParse(value).error!.issues, input);

describe('plain zod issues', () => {
  it('says a left-out field is required, never "received undefined"', () => {
    expect(issuesOf({ kind: 'K' })).toEqual([{ path: ['file_id'], message: 'is required' }]);
    expect(describeIssues(Query.safeParse({ kind: 'K' }).error!.issues)).toBe('file_id: is required');
  });

  it('quotes a number that is none as given, never "received NaN"', () => {
    expect(issuesOf({ limit: 'abc', file_id: 'f', kind: 'K' })).toEqual([{ path: ['limit'], message: 'must be a number, got "abc"' }]);
    // Without the input, the value cannot be quoted, but the words stay plain.
    expect(describeIssues(Query.safeParse({ limit: 'abc', file_id: 'f', kind: 'K' }).error!.issues)).toBe('limit: must be a number');
  });

  it('says a left-out literal is required, and keeps what it expects', () => {
    expect(issuesOf({ file_id: 'f' })).toEqual([{ path: ['kind'], message: 'is required (expected "K")' }]);
    expect(issuesOf({ file_id: 'f', kind: 'X' })).toEqual([{ path: ['kind'], message: 'Invalid input: expected "K"' }]);
  });

  it("says a bound once: not .int()'s safe-integer bound beside the schema's own", () => {
    const Seed = z.object({ seed: z.number().int().min(0).max(2 ** 31 - 1), big: z.number().int() });
    expect(specificIssues(Seed.safeParse({ seed: 1e20, big: 1 }).error!.issues)).toEqual([{ path: ['seed'], message: 'Too big: expected number to be <=2147483647' }]);
    expect(specificIssues(Seed.safeParse({ seed: -1e20, big: 1 }).error!.issues)).toEqual([{ path: ['seed'], message: 'Too small: expected number to be >=0' }]);
    // Alone, it is the bound there is.
    expect(specificIssues(Seed.safeParse({ seed: 1, big: 1e20 }).error!.issues)).toHaveLength(1);
  });
});
