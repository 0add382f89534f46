/**
 * zod's issues as a person can act on them. A union that matched no branch ("Invalid input") is
 * replaced by the issues of the branch the value came closest to — the one whose issues reach
 * deepest into it, then the one with fewest — with their paths made whole; when no branch got past
 * the value itself (`"AUTO"` for `"auto" | "off" | { column }`), by what each branch expected.
 * zod's own wording of a value left out ("expected string, received undefined") or of a number that
 * is none ("received NaN", from a query's `?limit=abc`) is put in plain words.
 */
import type { z } from 'zod';

export interface PlainIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The issues, plainly worded. `input` is the value parsed, before any coercion: with it, a number
 * that is none is quoted as given (`must be a number, got "abc"`).
 */
export function specificIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): PlainIssue[] {
  return closestIssues(withoutSafeIntegerBounds(issues)).map((i) => ({ path: i.path, message: plainMessage(i.message, i.path, input) }));
}

/** The bound zod's `.int()` adds of its own: a number must be a safe integer. */
const isSafeIntegerBound = (i: z.core.$ZodIssue): boolean =>
  (i.code === 'too_big' && Number(i.maximum) === Number.MAX_SAFE_INTEGER) || (i.code === 'too_small' && Number(i.minimum) === Number.MIN_SAFE_INTEGER);

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Without `.int()`'s own bound where the schema bounds the same value itself: a seed of 1e20 breaks
 * both, and "expected int to be <=9007199254740991" beside "<=2147483647" says nothing more.
 */
function withoutSafeIntegerBounds(issues: readonly z.core.$ZodIssue[]): readonly z.core.$ZodIssue[] {
  const bounded = (i: z.core.$ZodIssue) => (i.code === 'too_big' || i.code === 'too_small') && !isSafeIntegerBound(i);
  return issues.filter((i) => !isSafeIntegerBound(i) || !issues.some((o) => bounded(o) && samePath(o.path, i.path)));
}

function closestIssues(issues: readonly z.core.$ZodIssue[]): PlainIssue[] {
  return issues.flatMap((issue): PlainIssue[] => {
    if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
    const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
    const closest = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]!;
    if (depth(closest) === 0 && issue.errors.length > 1) {
      return [{ path: [...issue.path], message: issue.errors.map((branch) => branch.map((i) => i.message).join(', ')).join('; or ') }];
    }
    return closestIssues(closest).map((i) => ({ path: [...issue.path, ...i.path], message: i.message }));
  });
}

/** zod's default messages this rewords: a value of some type expected, and none given or NaN. */
const MISSING = /^Invalid input: expected [\w ]+, received undefined$/;
const NOT_A_NUMBER = /^Invalid input: expected number, received NaN$/;
/** A literal (or one of some) expected: zod names no received value, so a left-out one needs `input` to tell. */
const EXPECTED_VALUE = /^Invalid input: expected (.+)$/;

function plainMessage(message: string, path: readonly PropertyKey[], input: unknown): string {
  if (MISSING.test(message)) return 'is required';
  const given = valueAt(input, path);
  if (NOT_A_NUMBER.test(message)) return typeof given.value === 'string' ? `must be a number, got ${JSON.stringify(given.value)}` : 'must be a number';
  const expected = EXPECTED_VALUE.exec(message);
  if (expected && given.known && given.value === undefined && !message.includes(', received ')) return `is required (expected ${expected[1]})`;
  return message;
}

/** The value at `path` in `input`; `known` is false when there is no input to look in. */
function valueAt(input: unknown, path: readonly PropertyKey[]): { known: boolean; value: unknown } {
  if (input === undefined) return { known: false, value: undefined };
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return { known: true, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { known: true, value };
}

/** The issues as one line: `path: message; …`. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[], input?: unknown): string =>
  specificIssues(issues, input)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
