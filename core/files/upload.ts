import { z } from 'zod';
import { FileId } from './model.js';
import { conflict, type ProblemError } from '../errors.js';
import type { UploadedPart } from '../ports.js';

export const MB = 1024 * 1024;
/** Above this size a presigned upload is split into parts (S3 multipart). */
export const MULTIPART_THRESHOLD = 64 * MB;
export const MAX_UPLOAD_BYTES = 5 * 1024 * MB;
/** Direct (multipart/form-data) uploads pass through API Gateway, whose payload limit is 10 MB. */
export const MAX_DIRECT_UPLOAD_BYTES = 10 * MB;

export const UploadRequest = z
  .object({
    filename: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name without path separators'),
    size: z.number().int().positive({ error: 'the file is empty (0 bytes)' }).describe('Bytes the client will upload'),
    contentType: z
      .string()
      .default('text/csv')
      .describe('text/csv (or another CSV type), application/json (an array of objects), application/x-ndjson (JSON Lines) or application/vnd.apache.parquet; application/octet-stream is read by the file extension. Content decides over both: Parquet by its magic bytes, a JSON array or JSON Lines by their first 64 KiB'),
  })
  .meta({ id: 'UploadRequest' });
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadTicket = z
  .object({
    file_id: FileId,
    upload: z.union([
      z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()) }),
      z.object({
        multipart: z.object({
          part_size: z.number().int(),
          parts: z.array(z.object({ part_number: z.number().int(), url: z.string() })),
        }),
      }),
    ]),
    expires_in: z.number().int().describe('Seconds the URLs stay valid'),
  })
  .meta({ id: 'UploadTicket' });
export type UploadTicket = z.infer<typeof UploadTicket>;

/** Parts of ≥ 16 MB, never more than S3's 10 000. */
export function partPlan(size: number): { partSize: number; parts: number } {
  const partSize = Math.max(16 * MB, Math.ceil(size / 10_000));
  return { partSize, parts: Math.ceil(size / partSize) };
}

export function normaliseContentType(ct: string): string {
  return ct.split(';')[0]!.trim().toLowerCase();
}

export const CompleteRequest = z
  .object({
    parts: z
      .array(z.object({ part_number: z.number().int().min(1).max(10_000), etag: z.string().min(1) }))
      .optional()
      .describe(
        'For multipart uploads, optional: the ETag S3 returned for each part (read from the PUT response). Each must be the one S3 holds for that part; the file is assembled from every part of the ticket as S3 lists them, and a part missing, an ETag not matching or a total other than the declared size is a 409 naming what is wrong',
      ),
  })
  .meta({ id: 'CompleteRequest' });
export type CompleteRequest = z.infer<typeof CompleteRequest>;

/** "2–5, 9": part numbers as ranges, for messages. */
export function partRanges(numbers: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    out.push(j === i ? `${numbers[i]}` : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

const unquote = (etag: string) => etag.replace(/"/g, '');

/**
 * Checks a multipart upload before S3 assembles it, against what S3 reports it holds: every part of
 * the ticket there, the ETags the client sends (if any) the ones S3 has, the parts adding up to the
 * declared size. Assembling then uses S3's list, so a part never PUT cannot be named into the file.
 */
export function checkParts(
  ticket: { parts: number; size: number },
  uploaded: readonly UploadedPart[],
  given: CompleteRequest['parts'],
): ProblemError | undefined {
  const have = new Map(uploaded.map((p) => [p.partNumber, p]));
  const missing = Array.from({ length: ticket.parts }, (_, i) => i + 1).filter((n) => !have.has(n));
  if (missing.length) {
    return conflict(
      `Part${missing.length > 1 ? 's' : ''} ${partRanges(missing)} of ${ticket.parts} ${missing.length > 1 ? 'were' : 'was'} never uploaded: upload every part first (PUT it to its URL), then complete.`,
      { missing_parts: missing },
    );
  }
  const wrong = (given ?? [])
    .filter((p) => p.part_number > ticket.parts || unquote(have.get(p.part_number)!.etag) !== unquote(p.etag))
    .map((p) => p.part_number)
    .sort((a, b) => a - b);
  if (wrong.length) {
    return conflict(
      `The ETag${wrong.length > 1 ? 's' : ''} sent for part${wrong.length > 1 ? 's' : ''} ${partRanges(wrong)} ${wrong.length > 1 ? 'are' : 'is'} not what the store received (or the part is not in this upload of ${ticket.parts}): send the ETag each part's PUT returned, or no parts list at all.`,
      { mismatched_parts: wrong },
    );
  }
  const received = Array.from(have.values()).filter((p) => p.partNumber <= ticket.parts).reduce((sum, p) => sum + p.size, 0);
  if (received !== ticket.size) {
    return sizeMismatch(ticket.size, received, "PUT the parts again, each with its own slice of the file (part_size bytes, the last the rest), or start a new upload with the file's real size");
  }
  return undefined;
}

/** The bytes in the store are not the ones announced: truncated, or more than the ticket allowed. */
export function sizeMismatch(declared: number, received: number, remedy: string, extensions: Record<string, unknown> = {}): ProblemError {
  return conflict(`The upload was declared as ${declared} bytes but ${received} arrived: ${remedy}.`, {
    declared_size: declared,
    received_size: received,
    ...extensions,
  });
}
