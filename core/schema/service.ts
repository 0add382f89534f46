/** The schema document of a file: read it (ours or SDV's format), and edit PII handling and keys. */
import { z } from 'zod';
import { getReadyFile, type StoreDeps } from '../files/service.js';
import { unprocessable } from '../errors.js';
import { ColumnInfo as ColumnInfoSchema, type ColumnInfo, type FileMeta } from '../files/model.js';
import { SdvMetadata, editsFromSdv, toSdvMetadata } from './sdv.js';

export const ColumnEdit = z.object({
  name: z.string(),
  pii_action: z.enum(['keep', 'fake', 'drop']).optional().describe('How synthesis treats the column'),
  pii_kind: z.string().optional().describe('Which kind of PII (email, phone, person_name, …), when marking a column by hand'),
  primary_key: z.boolean().optional(),
});

export const SchemaEdit = z.union([z.object({ columns: z.array(ColumnEdit).min(1) }).strict(), SdvMetadata]).meta({ id: 'SchemaEdit' });
export type SchemaEdit = z.infer<typeof SchemaEdit>;

export const SchemaDocument = z.object({ file_id: z.string(), columns: z.array(ColumnInfoSchema) }).meta({ id: 'SchemaDocument' });

export async function getSchema(deps: StoreDeps, id: string, format: 'tabmimic' | 'sdv') {
  const meta = await getReadyFile(deps, id);
  const columns = meta.columns ?? [];
  return format === 'sdv' ? toSdvMetadata(columns) : { file_id: id, columns };
}

export async function editSchema(deps: StoreDeps, id: string, edit: SchemaEdit): Promise<FileMeta> {
  const meta = await getReadyFile(deps, id);
  const edits = 'METADATA_SPEC_VERSION' in edit ? editsFromSdv(edit) : edit.columns;
  const columns = [...(meta.columns ?? [])];
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
    columns[i] = next;
  }
  if (columns.filter((c) => c.primary_key).length > 1) problems.push('at most one primary key');
  if (problems.length) throw unprocessable(`Invalid schema edit: ${problems.join('; ')}.`, { problems });
  const updated: FileMeta = { ...meta, columns, updated_at: new Date().toISOString() };
  await deps.meta.putFile(updated);
  return updated;
}
