import { z } from 'zod';
import { LOGICAL_TYPES } from '../table/model.js';
import { DATETIME_FORMATS } from '../table/datetime.js';
import { UTC_OFFSET } from '../table/utc-offset.js';
import { columnRecord } from '../records.js';

export const FileId = z.string().regex(/^f_[0-9a-z]{10,40}$/, 'not a file id').describe('File id, e.g. `f_0lx3k2...`');
export type FileId = z.infer<typeof FileId>;

/** `generating` is the state of a synthetic file whose job is still running. */
export const FILE_STATUSES = ['uploading', 'ingesting', 'generating', 'ready', 'failed'] as const;
export const FileStatus = z.enum(FILE_STATUSES);
export type FileStatus = z.infer<typeof FileStatus>;

export const DatetimeFormatName = z.enum(DATETIME_FORMATS.map((f) => f.name)).describe('A datetime format, in the notation of `ColumnInfo.format`');

/** A type the user set for a column; it replaces inference whenever the file is (re)parsed. */
export const ColumnOverride = z
  .object({
    type: z.enum(LOGICAL_TYPES),
    format: DatetimeFormatName.optional().describe('Datetime columns: the format to read; without it, the known format that fits every value'),
  })
  .meta({ id: 'ColumnOverride' });
export type ColumnOverride = z.infer<typeof ColumnOverride>;

export const ColumnInfo = z.object({
  name: z.string(),
  original_name: z
    .string()
    .optional()
    .describe('The header as written, when the column was renamed on upload: trimmed of spaces, a repeated name given a suffix (`x_2`), a blank one filled in (`column_4`); absent when the name is the header'),
  type: z.enum(LOGICAL_TYPES),
  missing: z.number().int().nonnegative().describe('Missing cells in this column'),
  distinct: z.number().int().nonnegative().optional().describe('Distinct non-missing values (exact up to a cap)'),
  format: z.string().optional().describe('Source format of datetime columns'),
  utc_offset: z
    .string()
    .regex(UTC_OFFSET)
    .optional()
    .describe('Datetime formats with a UTC offset: the offset values are written at (`+02:00`, `Z`): the one the source values share, else the most common; absent means `+00:00`'),
  decimals: z.number().int().nonnegative().optional().describe('Float columns: the most decimals a value is written with (values are written rounded to them)'),
  categories: z.array(z.string()).optional().describe('Category labels of categorical/boolean columns (the first of them only when `categories_truncated`)'),
  categories_truncated: z
    .literal(true)
    .optional()
    .describe('The labels were too many or too long for the record: `categories` holds the first of them; the data holds them all (conditions are checked against every label)'),
  reason: z.string().optional().describe('Why inference chose this type'),
  pii: z
    .object({
      kind: z.string(),
      confidence: z.number().min(0).max(1),
      rule: z.string().optional(),
      action: z.enum(['keep', 'fake', 'drop']).describe('In synthesis: copy the model of the values, replace by realistic fakes, or leave the column out'),
    })
    .optional(),
  not_pii: z.literal(true).optional().describe('Unmarked by hand as not personal data (kept through type changes)'),
  primary_key: z.boolean().optional().describe('The primary key: synthesis leaves it out of the model and gives every row a new, unique key'),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const CsvDialect = z.object({
  /**
   * How the bytes were read: UTF-8 (with or without a BOM; invalid bytes in a cell as Windows-1252),
   * or Windows-1252. `latin1` is the name records made before Windows-1252 was told apart carry;
   * it is read as Windows-1252. A UTF-16 file (with a BOM) is transcoded to UTF-8 as it is read.
   */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be']),
  delimiter: z.string().length(1),
  quote: z.string().length(1),
  header: z.boolean(),
  /** The header names every column but the first, as R's write.table writes row names: the first is read as an unnamed column. */
  row_names: z.literal(true).optional(),
  lineEnding: z.enum(['\n', '\r\n', '\r']),
});
export type CsvDialect = z.infer<typeof CsvDialect>;

export const Lineage = z.object({
  parent: FileId.optional(),
  parent_name: z.string().optional().describe("The parent's filename when this file was made, so a page can name it once the parent is deleted; absent in records made before names were kept"),
  operation: z.enum(['upload', 'synthesize', 'features']),
  details: z.record(z.string(), z.unknown()).optional(),
  parent_deleted: z.boolean().optional().describe('Set in GET /files and GET /files/{id} replies when the parent file has been deleted since (never stored)'),
});
export type Lineage = z.infer<typeof Lineage>;

export const FileMeta = z.object({
  file_id: FileId,
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative().describe('Bytes of the original upload'),
  status: FileStatus,
  failure: z
    .object({
      detail: z.string(),
      line: z.number().int().optional(),
      cancelled: z.boolean().optional().describe('The run producing this file was cancelled (by its user, or by deleting its source): not a problem with the data'),
    })
    .optional(),
  rows: z.number().int().nonnegative().optional(),
  columns: z.array(ColumnInfo).optional(),
  dialect: CsvDialect.optional(),
  chunks: z.number().int().nonnegative().optional().describe('Columnar chunks stored for fast reads'),
  chunk_rows: z.number().int().positive().optional(),
  version: z.string().optional().describe('Version of the columnar copy: a schema edit that changes types writes a new copy under a new version'),
  retired: z
    .array(z.object({ version: z.string().optional(), chunks: z.number().int().nonnegative(), at: z.string() }))
    .optional()
    .describe('Columnar copies replaced by a type edit, kept for a while for reads that began before it'),
  overrides: columnRecord(ColumnOverride).optional().describe('Column types set by the user, kept when the file is parsed again'),
  created_at: z.string().describe('ISO 8601'),
  updated_at: z.string(),
  lineage: Lineage,
  /** Multipart upload in progress, for presigned uploads above the single-PUT limit. */
  multipart: z.object({ upload_id: z.string(), part_size: z.number().int(), parts: z.number().int() }).optional(),
  quality: z.record(z.string(), z.unknown()).optional().describe('Quality summary, for generated files'),
});
export type FileMeta = z.infer<typeof FileMeta>;

/**
 * The `updated_at` of a write that replaces a record stamped `previous`: now, but always later, so
 * a conditional write (MetadataStore.replaceFile) never mistakes the new record for the old.
 */
export function nextUpdatedAt(previous: string, now = Date.now()): string {
  return new Date(Math.max(now, Date.parse(previous) + 1)).toISOString();
}

const columnarPrefix = (id: FileId, version?: string) => `files/${id}/columnar/${version ? `${version}/` : ''}`;

/**
 * Where presigned single PUTs land: outside `files/`, read by nothing but the completion that copies
 * them to the original, so a PUT through a URL still valid after completion or a delete changes
 * nothing a read sees. The bucket expires what is left here (stacks/DataStore.ts).
 */
export const STAGING_PREFIX = 'uploads/';

/** Where each object of a file lives in the blob store. Deleting the prefix deletes everything derived. */
export const fileKeys = {
  prefix: (id: FileId) => `files/${id}/`,
  original: (id: FileId) => `files/${id}/original`,
  /** The presigned PUT's target, under its own prefix (deleted with the file). */
  stagingPrefix: (id: FileId) => `${STAGING_PREFIX}${id}/`,
  staging: (id: FileId) => `${STAGING_PREFIX}${id}/original`,
  /** Unversioned chunks are the first ingest's; each re-derivation writes a new version beside them. */
  chunk: (id: FileId, index: number, version?: string) => `${columnarPrefix(id, version)}${String(index).padStart(6, '0')}.arrow`,
  columnar: columnarPrefix,
  derived: (id: FileId, name: string) => `files/${id}/derived/${name}`,
};
