/**
 * Which table format an upload is, from its content type first and its file name second.
 * Only the generic `application/octet-stream` (what clients send when they do not know) defers
 * to the extension; a specific content type always wins.
 */
import { MB } from './upload.js';

export type SourceFormat = 'csv' | 'json' | 'jsonl' | 'parquet';

export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values', 'application/vnd.ms-excel'] as const;
export const JSON_CONTENT_TYPES = ['application/json'] as const;
export const JSONL_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'] as const;
export const PARQUET_CONTENT_TYPES = ['application/vnd.apache.parquet', 'application/x-parquet'] as const;
export const GENERIC_CONTENT_TYPE = 'application/octet-stream';

/** Every content type an upload may have: each names a format, the generic one by its file's extension. */
export const ACCEPTED_CONTENT_TYPES = [...CSV_CONTENT_TYPES, ...JSON_CONTENT_TYPES, ...JSONL_CONTENT_TYPES, ...PARQUET_CONTENT_TYPES, GENERIC_CONTENT_TYPE] as const;

/**
 * A JSON array is parsed whole (JSON.parse has no streaming mode), so it is capped; JSON Lines
 * and Parquet stream and have only the upload limit.
 */
export const MAX_JSON_ARRAY_BYTES = 256 * MB;

const BY_TYPE: ReadonlyMap<string, SourceFormat> = new Map<string, SourceFormat>([
  ...CSV_CONTENT_TYPES.map((t) => [t, 'csv'] as const),
  ...JSON_CONTENT_TYPES.map((t) => [t, 'json'] as const),
  ...JSONL_CONTENT_TYPES.map((t) => [t, 'jsonl'] as const),
  ...PARQUET_CONTENT_TYPES.map((t) => [t, 'parquet'] as const),
]);

const BY_EXTENSION: ReadonlyMap<string, SourceFormat> = new Map<string, SourceFormat>([
  ['json', 'json'],
  ['jsonl', 'jsonl'],
  ['ndjson', 'jsonl'],
  ['parquet', 'parquet'],
]);

/** The format of a (normalised) content type and file name; undefined when tabmimic cannot read it. */
export function sourceFormat(contentType: string, filename: string): SourceFormat | undefined {
  const byType = BY_TYPE.get(contentType);
  if (byType) return byType;
  if (contentType !== GENERIC_CONTENT_TYPE) return undefined;
  const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase();
  // Unknown extensions stay CSV, as octet-stream uploads always were.
  return (ext && BY_EXTENSION.get(ext)) || 'csv';
}
