import { z } from 'zod';

/** RFC 7807 problem document. */
export const Problem = z
  .object({
    type: z.string().default('about:blank'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

export const problemResponses = {
  400: { description: 'Malformed request', schema: Problem, contentType: 'application/problem+json' },
  404: { description: 'No such resource', schema: Problem, contentType: 'application/problem+json' },
  422: { description: 'Request understood but not processable', schema: Problem, contentType: 'application/problem+json' },
} as const;

/**
 * Query values arrive as strings; these read and bound them. Decimal digits only: Number() would
 * also read `0x10` as 16, `1e2` as 100 and ` 5` as 5.
 */
const DIGITS = /^[0-9]+$/;

export const queryInt = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(DIGITS, { error: (iss) => (Number.isNaN(Number(iss.input)) ? 'must be a number' : 'must be a whole number in decimal digits') + `, got ${JSON.stringify(iss.input)}` })
    .transform((digits, ctx) => {
      if (!DIGITS.test(digits)) return z.NEVER; // refused by the regex above
      // Bounded as written, one issue: past 2^53 a Number rounds, and zod's int check told a second "too big".
      const n = BigInt(digits);
      if (n < BigInt(min) || n > BigInt(max)) {
        ctx.issues.push({ code: 'custom', input: digits, message: n < BigInt(min) ? `Too small: expected number to be >=${min}` : `Too big: expected number to be <=${max}` });
        return z.NEVER;
      }
      return Number(n);
    })
    .default(dflt);
