/** RFC 7807's members (type, title, status, detail, instance) are never replaced by an extension of the same name. */
import { expect, it } from 'vitest';
import { ProblemError, unprocessable, type ProblemExtensions } from '../../core/errors.js';
import { problemResponse } from '../../functions/lib/http.js';

it('an extension named like a member is dropped from the document; the others stay', () => {
  const extensions = { type: 'datetime', title: 'x', status: 200, detail: 'y', instance: 'z', column: 'd' } as unknown as ProblemExtensions;
  const reply = problemResponse(new ProblemError(422, 'Unprocessable Content', 'why', extensions), { rawPath: '/p' }, { awsRequestId: 'r' });
  expect(reply.statusCode).toBe(422);
  expect(JSON.parse(String(reply.body))).toEqual({ type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'why', instance: '/p', column: 'd', request_id: 'r' });
});

it('is refused when compiling', () => {
  // @ts-expect-error `type` is RFC 7807's member: an extension must be named otherwise (column_type).
  const e = unprocessable('why', { type: 'datetime' });
  expect(e.extensions).toEqual({ type: 'datetime' });
  expect(unprocessable('why', { column_type: 'datetime' }).extensions).toEqual({ column_type: 'datetime' });
});

it('a job records only the safe extensions of its failure (the same filter as the reply)', () => {
  const extensions = { type: 'datetime', title: 'x', instance: 'z', column: 'd' } as unknown as ProblemExtensions;
  expect(new ProblemError(422, 'Unprocessable Content', 'why', extensions).safeExtensions()).toEqual({ column: 'd' });
});
