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
export const queryInt = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, { error: (iss) => (Number.isNaN(Number(iss.input)) ? 'must be a number' : 'must be a whole number in decimal digits') + `, got ${JSON.stringify(iss.input)}` })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(dflt);
