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
});
