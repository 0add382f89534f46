/**
 * zod's issues as a person can act on them. A union that matched no branch ("Invalid input") is
 * replaced by the issues of the branch the value came closest to — the one whose issues reach
 * deepest into it, then the one with fewest — with their paths made whole; when no branch got past
 * the value itself (`"AUTO"` for `"auto" | "off" | { column }`), by what each branch expected.
 */
import type { z } from 'zod';

export interface PlainIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

export function specificIssues(issues: readonly z.core.$ZodIssue[]): PlainIssue[] {
  return issues.flatMap((issue): PlainIssue[] => {
    if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
    const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
    const closest = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]!;
    if (depth(closest) === 0 && issue.errors.length > 1) {
      return [{ path: [...issue.path], message: issue.errors.map((branch) => branch.map((i) => i.message).join(', ')).join('; or ') }];
    }
    return specificIssues(closest).map((i) => ({ path: [...issue.path, ...i.path], message: i.message }));
  });
}

/** The issues as one line: `path: message; …`. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  specificIssues(issues)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
