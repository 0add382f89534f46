/**
 * The schema document of a file: read it (ours or SDV's format), and edit column types and
 * datetime formats, PII handling and keys.
 */
import { z } from 'zod';
import { getReadyFile, type StoreDeps } from '../files/service.js';
import { retypeFile } from '../files/retype.js';
import { conflict, unprocessable } from '../errors.js';
import { ColumnInfo as ColumnInfoSchema, DatetimeFormatName, nextUpdatedAt, type ColumnInfo, type ColumnOverride, type FileMeta } from '../files/model.js';
import { LOGICAL_TYPES } from '../table/model.js';
import { SdvMetadata, editsFromSdv, toSdvMetadata } from './sdv.js';
import { setOwn } from '../records.js';

export const ColumnEdit = z.object({
  name: z.string(),
  type: z
    .enum(LOGICAL_TYPES)
    .optional()
    .describe('A new logical type. The column is parsed again from the original upload under it; a value that does not parse refuses the edit (422, with its rows)'),
  format: DatetimeFormatName.optional().describe('Datetime columns: the format to read the values in, e.g. `DD/MM/YYYY` instead of `MM/DD/YYYY`'),
  pii_action: z.enum(['keep', 'fake', 'drop']).optional().describe('How synthesis treats the column'),
  pii_kind: z.string().optional().describe('Which kind of PII (email, phone, person_name, …), when marking a column by hand'),
  primary_key: z.boolean().optional(),
});
export type ColumnEdit = z.infer<typeof ColumnEdit>;

export const SchemaEdit = z.union([z.object({ columns: z.array(ColumnEdit).min(1) }).strict(), SdvMetadata]).meta({ id: 'SchemaEdit' });
export type SchemaEdit = z.infer<typeof SchemaEdit>;

export const SchemaDocument = z.object({ file_id: z.string(), columns: z.array(ColumnInfoSchema) }).meta({ id: 'SchemaDocument' });

export async function getSchema(deps: StoreDeps, id: string, format: 'tabmimic' | 'sdv') {
  const meta = await getReadyFile(deps, id);
  const columns = meta.columns ?? [];
  return format === 'sdv' ? toSdvMetadata(columns) : { file_id: id, columns };
}

/**
 * Applies the edits, all or none. PII and key edits only touch the metadata; a type or format
 * change parses the column again from the original (see ../files/retype.ts).
 */
export async function editSchema(deps: StoreDeps, id: string, edit: SchemaEdit): Promise<FileMeta> {
  const meta = await getReadyFile(deps, id);
  const edits: readonly ColumnEdit[] = 'METADATA_SPEC_VERSION' in edit ? editsFromSdv(edit, meta.columns ?? []) : edit.columns;
  const columns = [...(meta.columns ?? [])];
  const overrides: Record<string, ColumnOverride> = { ...meta.overrides };
  let retype = false;
  const problems: string[] = [];
  for (const e of edits) {
    const i = columns.findIndex((c) => c.name === e.name);
    if (i < 0) {
      problems.push(`no column ${e.name}`);
      continue;
    }
    const c = columns[i]!;
    let next: ColumnInfo = { ...c };
    if (e.primary_key !== undefined) next = { ...next, primary_key: e.primary_key };
    if (e.pii_action) {
      const kind = e.pii_kind ?? c.pii?.kind;
      if (!kind && e.pii_action !== 'keep') problems.push(`column ${e.name} is not known PII: give pii_kind to mark it`);
      else if (kind) next = { ...next, pii: { kind, confidence: c.pii?.confidence ?? 1, ...(c.pii?.rule ? { rule: c.pii.rule } : {}), action: e.pii_action } };
    }
    const change = typeChange(c, e);
    if (change && 'problem' in change) problems.push(change.problem);
    else if (change) {
      setOwn(overrides, c.name, change.override);
      retype = true;
    }
    columns[i] = next;
  }
  if (columns.filter((c) => c.primary_key).length > 1) problems.push('at most one primary key');
  if (problems.length) throw unprocessable(`Invalid schema edit: ${problems.join('; ')}.`, { problems });
  if (retype) return retypeFile(deps, meta, overrides, columns);
  const updated: FileMeta = { ...meta, columns, updated_at: nextUpdatedAt(meta.updated_at) };
  if (!(await deps.meta.replaceFile(updated, meta))) throw conflict(`File ${meta.file_id} was changed or deleted while it was being edited; read it again and retry.`);
  return updated;
}

/** The type an edit asks of a column, when it differs from the column's own. */
function typeChange(c: ColumnInfo, e: ColumnEdit): { override: ColumnOverride } | { problem: string } | undefined {
  if (e.type === undefined && e.format === undefined) return undefined;
  const type = e.type ?? c.type;
  if (type !== 'datetime') {
    if (e.format !== undefined) return { problem: `column ${c.name}: a format applies to datetime columns only` };
    return type === c.type ? undefined : { override: { type } };
  }
  const format = e.format ?? (c.type === 'datetime' ? c.format : undefined);
  if (c.type === 'datetime' && format === c.format) return undefined;
  return { override: { type, ...(format ? { format } : {}) } };
}
