/**
 * The schema document of a file: read it (ours or SDV's format), and edit column types and
 * datetime formats, PII handling and keys.
 */
import { z } from 'zod';
import { getReadyFile, type FileDeps, type StoreDeps } from '../files/service.js';
import { retypeFile } from '../files/retype.js';
import { ProblemError, conflict, unprocessable } from '../errors.js';
import {
  ColumnInfo as ColumnInfoSchema,
  ColumnOverride as ColumnOverrideSchema,
  DatetimeFormatName,
  FileId,
  nextUpdatedAt,
  type ColumnInfo,
  type ColumnOverride,
  type FileMeta,
} from '../files/model.js';
import { JobId, type Job } from '../jobs/model.js';
import { recordFailure } from '../jobs/lifecycle.js';
import { LOGICAL_TYPES } from '../table/model.js';
import { SdvMetadata, editsFromSdv, toSdvMetadata } from './sdv.js';
import { PII_KINDS } from '../pii/detect.js';
import { columnRecord, setOwn } from '../records.js';
import { limitFromEnv } from '../limits.js';
import { KEY_TYPES, isKeyType } from '../generation/keys.js';
import { piiLeftOut } from '../generation/left-out.js';
import { DISTINCT_CAP } from '../table/infer.js';

export const ColumnEdit = z.object({
  name: z.string(),
  type: z
    .enum(LOGICAL_TYPES)
    .optional()
    .describe('A new logical type. The column is parsed again from the original upload under it; a value that does not parse refuses the edit (422, with its rows)'),
  format: DatetimeFormatName.optional().describe('Datetime columns: the format to read the values in, e.g. `DD/MM/YYYY` instead of `MM/DD/YYYY`'),
  pii_action: z
    .enum(['keep', 'fake', 'drop', 'none'])
    .optional()
    .describe('How synthesis treats personal data: model it (`keep`), replace it by fakes (`fake`) or leave it out (`drop`); `none` unmarks a column that is not personal data'),
  pii_kind: z.enum(PII_KINDS).optional().describe('Which kind of PII, when marking a column by hand'),
  primary_key: z.boolean().optional().describe('The primary key (at most one; an integer, id or text column with a unique value in every row): left out of the model, every synthetic row gets a new, unique key'),
}).strict();
export type ColumnEdit = z.infer<typeof ColumnEdit>;

/**
 * Column edits are a list; columns keyed by name are SDV metadata, which names its version. Such a
 * body without the version would otherwise hear only that `columns` should be an array.
 */
const sdvShaped = (input: unknown) => typeof input === 'object' && input !== null && !Array.isArray(input);
const ColumnEdits = z.array(ColumnEdit, {
  error: (iss) =>
    iss.code === 'invalid_type' && sdvShaped(iss.input)
      ? `METADATA_SPEC_VERSION missing: columns keyed by name are SDV metadata, which must name its version, "METADATA_SPEC_VERSION": "SINGLE_TABLE_V1" (column edits are a list: [{ "name": …, "type": … }])`
      : undefined,
});

export const SchemaEdit = z.union([z.object({ columns: ColumnEdits.min(1) }).strict(), SdvMetadata]).meta({ id: 'SchemaEdit' });
export type SchemaEdit = z.infer<typeof SchemaEdit>;

export const SchemaDocument = z.object({ file_id: z.string(), columns: z.array(ColumnInfoSchema) }).meta({ id: 'SchemaDocument' });

export async function getSchema(deps: StoreDeps, id: string, format: 'tabmimic' | 'sdv') {
  const meta = await getReadyFile(deps, id);
  const columns = meta.columns ?? [];
  return format === 'sdv' ? toSdvMetadata(columns) : { file_id: id, columns };
}

/**
 * Above this many bytes of original, a type change runs as a job: parsing a file again takes about
 * as long as its first ingest, and an API request has 29 s and 512 MB of /tmp (a Parquet original
 * is spooled whole). `TABMIMIC_SYNC_RETYPE_MAX_BYTES` overrides it, read per request.
 */
export const SYNC_RETYPE_MAX_BYTES = 32 * 1024 * 1024;

export const syncRetypeMaxBytes = (env: NodeJS.ProcessEnv = process.env): number => limitFromEnv(env, 'TABMIMIC_SYNC_RETYPE_MAX_BYTES', SYNC_RETYPE_MAX_BYTES);

export const RetypeStarted = z
  .object({ job_id: JobId, file_id: FileId })
  .meta({ id: 'RetypeStarted', description: 'The type change runs as a job: follow it at `GET /jobs/{job_id}`' });
export type RetypeStarted = z.infer<typeof RetypeStarted>;

/** An edit is applied now (the new metadata), or started as a job for a large file. */
export type SchemaEditOutcome = { readonly done: FileMeta } | { readonly started: RetypeStarted };

/** What the retype job is given: the edit validated by the request, and the version it was made against. */
const RetypeInput = z.object({
  file_id: FileId,
  updated_at: z.string(),
  overrides: columnRecord(ColumnOverrideSchema),
  columns: z.array(ColumnInfoSchema),
});
type RetypeInput = z.infer<typeof RetypeInput>;

interface EditPlan {
  readonly columns: ColumnInfo[];
  readonly overrides: Record<string, ColumnOverride>;
  readonly retype: boolean;
}

/**
 * Applies the edits, all or none. PII and key edits only touch the metadata; a type or format
 * change parses the column again from the original (see ../files/retype.ts) — here, or in a job
 * when the original is larger than syncRetypeMaxBytes(). Either way a bad edit is refused here.
 */
export async function editSchema(deps: FileDeps, id: string, edit: SchemaEdit): Promise<SchemaEditOutcome> {
  const meta = await getReadyFile(deps, id);
  const plan = planEdit(meta, edit);
  if (plan.retype && meta.size > syncRetypeMaxBytes()) return { started: await startRetype(deps, meta, plan) };
  if (plan.retype) return { done: await retypeFile(deps, meta, plan.overrides, plan.columns) };
  const updated: FileMeta = { ...meta, columns: plan.columns, updated_at: nextUpdatedAt(meta.updated_at) };
  if (!(await deps.meta.replaceFile(updated, meta))) throw conflict(`File ${meta.file_id} was changed or deleted while it was being edited; read it again and retry.`);
  return { done: updated };
}

/** An edit of ours, or one SDV metadata asks for (whose PII kinds are Faker's, any string). */
type AnyEdit = Omit<ColumnEdit, 'pii_kind'> & { readonly pii_kind?: string };

/** Checks every edit against the file's columns: the columns and overrides they ask for, or a 422. */
function planEdit(meta: FileMeta, edit: SchemaEdit): EditPlan {
  const edits: readonly AnyEdit[] = 'METADATA_SPEC_VERSION' in edit ? editsFromSdv(edit, meta.columns ?? []) : edit.columns;
  const columns = [...(meta.columns ?? [])];
  const overrides: Record<string, ColumnOverride> = { ...meta.overrides };
  let retype = false;
  const problems: string[] = duplicateNames(edits).map((name) => `column ${name} is edited more than once`);
  for (const e of edits) {
    const i = columns.findIndex((c) => c.name === e.name);
    if (i < 0) {
      problems.push(`no column ${e.name}`);
      continue;
    }
    const c = columns[i]!;
    let next: ColumnInfo = { ...c };
    if (e.primary_key !== undefined) next = { ...next, primary_key: e.primary_key };
    // A kind alone marks the column (or renames its kind), keeping its action, or faking it if it had none.
    const action = e.pii_action ?? (e.pii_kind ? (c.pii?.action ?? 'fake') : undefined);
    if (action === 'none') {
      if (e.pii_kind) problems.push(`column ${e.name}: pii_action none unmarks the column, so it takes no pii_kind`);
      next = unmarkedPii(next);
    } else if (action) {
      const kind = e.pii_kind ?? c.pii?.kind;
      if (!kind && action !== 'keep') problems.push(`column ${e.name} is not known PII: give pii_kind to mark it`);
      else if (kind) {
        next = { ...next, pii: { kind, confidence: c.pii?.confidence ?? 1, ...(c.pii?.rule ? { rule: c.pii.rule } : {}), action } };
        delete next.not_pii;
      }
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
  // A key marked, or retyped, must still be one (under its new type: the retype applies after).
  for (const c of columns.filter((c) => c.primary_key)) {
    const edit = edits.find((e) => e.name === c.name && (e.primary_key || e.type !== undefined));
    const problem = edit && keyProblem({ ...c, type: edit.type ?? c.type }, meta.rows ?? 0);
    if (problem) problems.push(problem);
    // Keys are made anew and fakes replace values: one column cannot be both (which would win is a guess).
    if (piiLeftOut(c)) {
      problems.push(`column ${c.name} cannot be the primary key and ${c.pii?.action === 'fake' ? 'replaced by fakes' : 'left out'} as PII: a key is made anew for every row anyway; set its pii_action to keep, or unmark the key`);
    }
  }
  if (problems.length) throw unprocessable(`Invalid schema edit: ${problems.join('; ')}.`, { problems });
  return { columns, overrides, retype };
}

/** The column without its PII mark, and the user's word that it is not personal data, kept through type changes. */
function unmarkedPii(c: ColumnInfo): ColumnInfo {
  const next: ColumnInfo = { ...c, not_pii: true };
  delete next.pii;
  return next;
}

/**
 * Why a column cannot be the primary key: keys are whole numbers or text, one per row. Repeats are
 * seen while `distinct` is exact (up to its cap of 10 000); past it a repeating key is taken as
 * one, and synthesis still makes every row's key unique.
 */
function keyProblem(c: ColumnInfo, rows: number): string | undefined {
  const retype = c.type === 'categorical' ? ' (retype it to text first)' : '';
  if (!isKeyType(c.type)) return `column ${c.name} cannot be the primary key: it is ${c.type}, and keys are ${KEY_TYPES.join(', ')} columns${retype}`;
  if (c.missing > 0) return `column ${c.name} cannot be the primary key: ${c.missing} rows have no value`;
  if (c.distinct !== undefined && c.distinct < Math.min(rows, DISTINCT_CAP)) return `column ${c.name} cannot be the primary key: its values repeat (${c.distinct} distinct in ${rows} rows)`;
  return undefined;
}

/** Two entries for one column would leave it to their order which one wins: refuse them. */
function duplicateNames(edits: readonly { readonly name: string }[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const e of edits) (seen.has(e.name) ? twice : seen).add(e.name);
  return [...twice];
}

async function startRetype(deps: FileDeps, meta: FileMeta, plan: EditPlan): Promise<RetypeStarted> {
  const input: RetypeInput = { file_id: meta.file_id, updated_at: meta.updated_at, overrides: plan.overrides, columns: plan.columns };
  const job = await deps.jobs.start('retype', RetypeInput.parse(input), [meta.file_id]);
  return { job_id: job.job_id, file_id: meta.file_id };
}

/**
 * Step: the type change a request validated, on the file as it was then. A file edited since is a
 * 409 (the edit was made against what the user saw); a refused value is the same 422 as a
 * synchronous edit, recorded in full on the job. Run again after a crash that followed the switch,
 * it finds its own types in place and reports success.
 */
export async function retypeStep(deps: StoreDeps, job: Job, report: (percent: number, message?: string) => Promise<void>) {
  const input = RetypeInput.parse(job.input);
  try {
    const meta = await getReadyFile(deps, input.file_id);
    if (meta.updated_at !== input.updated_at) {
      if (sameOverrides(meta.overrides ?? {}, input.overrides)) return retypeResult(meta);
      throw conflict(`File ${meta.file_id} was changed while its types were waiting to be edited; read it again and retry.`);
    }
    await report(0, 'parsing the original again under the new types');
    const updated = await retypeFile(deps, meta, input.overrides, input.columns, (fraction) => report(Math.round(fraction * 99)));
    return retypeResult(updated);
  } catch (e) {
    if (e instanceof ProblemError) await recordFailure(deps.meta, job.job_id, e);
    throw e;
  }
}

const retypeResult = (meta: FileMeta) => ({ file_id: meta.file_id, rows: meta.rows ?? 0, ...(meta.version ? { version: meta.version } : {}) });

/** Key order is not kept by every store: compare by column. */
function sameOverrides(a: Readonly<Record<string, ColumnOverride>>, b: Readonly<Record<string, ColumnOverride>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k]!.type === b[k]!.type && a[k]!.format === b[k]!.format);
}

/** The type an edit asks of a column, when it differs from the column's own. */
function typeChange(c: ColumnInfo, e: AnyEdit): { override: ColumnOverride } | { problem: string } | undefined {
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
