import { z } from 'zod';
import { FileId } from './model.js';

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
      .describe('text/csv (or another CSV type), application/json (an array of objects), application/x-ndjson (JSON Lines) or application/vnd.apache.parquet; application/octet-stream is read by the file extension'),
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
      .describe('For multipart uploads: the ETag S3 returned for each part (read from the PUT response)'),
  })
  .meta({ id: 'CompleteRequest' });
export type CompleteRequest = z.infer<typeof CompleteRequest>;
