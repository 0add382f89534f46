/**
 * Column types set by the user: the typed columnar copy of a file is derived again from its
 * original, with the set types applied to the raw values instead of the inferred ones.
 *
 * Nothing is half-written: the new copy goes under a new version beside the old one and the
 * metadata switches to it only once it is complete — and only if nobody edited or deleted the file
 * meanwhile (409 otherwise, the new copy removed). The old copy is retired, not deleted: a read
 * that began before the switch still finds it. Retired copies older than any read can run are
 * deleted by the next edit, and everything by deleting the file. A value that does not parse under
 * its new type refuses the change (422, with its rows) and leaves the file exactly as it was.
 */
import type { StoreDeps } from './service.js';
import { fileKeys, nextUpdatedAt, type ColumnInfo, type FileMeta } from './model.js';
import { ingestOriginal } from './ingest-original.js';
import type { ColumnOverride, ColumnOverrides } from '../table/override.js';
import { newId } from '../ids.js';
import { conflict } from '../errors.js';
import { sourceFormat } from './formats.js';
import { normaliseContentType } from './upload.js';
import { PARQUET_REFOUND_FORMATS } from './parquet-source.js';

/** How long a replaced copy stays readable: the longest a single read (one Lambda) can run. */
export const RETIRED_COPY_GRACE_MS = 15 * 60_000;

type ColumnarCopy = { readonly version?: string; readonly chunks: number };

export async function retypeFile(
  deps: StoreDeps,
  meta: FileMeta & { chunks: number },
  overrides: ColumnOverrides,
  /** The columns as edited so far: their PII handling and primary key carry over. */
  settings: readonly ColumnInfo[],
  /** The share of the original read so far (0–1); a rejection (e.g. a cancelled job) stops the edit. */
  report: (fraction: number) => Promise<void> = async () => {},
): Promise<FileMeta> {
  const id = meta.file_id;
  const version = newId('v');
  // The other columns keep the types they have: inference is not asked again (a generated file's
  // types come from its source, not from its CSV).
  const kept = (meta.columns ?? []).filter((c) => !Object.hasOwn(overrides, c.name));
  const parquet = sourceFormat(normaliseContentType(meta.content_type), meta.filename) === 'parquet';
  const summary = await ingestOriginal(deps.blobs, meta, {
    version,
    overrides: { ...Object.fromEntries(kept.map((c) => [c.name, typeOf(c, parquet)])), ...overrides },
    report,
  }).catch(async (e: unknown) => {
    await deps.blobs.deletePrefix(fileKeys.columnar(id, version));
    throw e;
  });
  const updatedAt = nextUpdatedAt(meta.updated_at);
  const { kept: stillRetired, expired } = sweepRetired(meta.retired ?? [], Date.parse(updatedAt));
  const updated: FileMeta = {
    ...meta,
    rows: summary.rows,
    columns: withSettings(summary.columns, settings, overrides),
    dialect: summary.dialect,
    chunks: summary.chunks,
    chunk_rows: summary.chunkRows,
    version,
    overrides: { ...overrides },
    retired: [...stillRetired, { ...(meta.version ? { version: meta.version } : {}), chunks: meta.chunks, at: updatedAt }],
    updated_at: updatedAt,
  };
  if (!(await deps.meta.replaceFile(updated, meta))) {
    await deps.blobs.deletePrefix(fileKeys.columnar(id, version));
    throw conflict(`File ${id} was changed or deleted while its types were being edited; read it again and retry.`);
  }
  for (const copy of expired) await deleteColumnarCopy(deps, id, copy);
  return updated;
}

function sweepRetired<T extends { readonly at: string }>(retired: readonly T[], now: number): { kept: T[]; expired: T[] } {
  const isExpired = (r: T) => now - Date.parse(r.at) >= RETIRED_COPY_GRACE_MS;
  return { kept: retired.filter((r) => !isExpired(r)), expired: retired.filter(isExpired) };
}

/**
 * The type a kept column is held to: its own, and its datetime format. Except, in a Parquet
 * original, a column stored as whole-second timestamps (or times of day, likewise): before 2363b75 the reader dropped
 * fractions of a second, and now writes them (`.500`), which that format refuses — so no edit of
 * such a file could pass. Its format is found again instead, as a first ingest finds it (the same
 * one when no value has a fraction, else `.SSS` or `.SSSSSS`, which also read whole seconds; a time of day
 * stored as `.SSS` from microseconds likewise, PARQUET_REFOUND_FORMATS).
 * (Inference makes no datetime column of missing values only: the format found reads real ones.) The
 * same change reads a second column of a repeated name (`a_2`) with its own values, no longer the
 * first's again: such a column may now come out different, or not fit its kept type (a 422 naming
 * it) — a fix of its values, not a regression.
 */
function typeOf(c: ColumnInfo, parquet: boolean): ColumnOverride {
  if (c.type !== 'datetime' || !c.format) return { type: c.type };
  return parquet && PARQUET_REFOUND_FORMATS.has(c.format) ? { type: c.type } : { type: c.type, format: c.format };
}

/**
 * PII handling and the primary key as edited; the reasons of the columns whose type (and format)
 * stayed. A kept column whose format was found again as another (typeOf) says why it has that one.
 */
function withSettings(columns: readonly ColumnInfo[], settings: readonly ColumnInfo[], overrides: ColumnOverrides): ColumnInfo[] {
  const byName = new Map(settings.map((c) => [c.name, c]));
  return columns.map((c) => {
    const s = byName.get(c.name);
    const kept = !Object.hasOwn(overrides, c.name);
    const refound = kept && c.type === 'datetime' && s?.type === 'datetime' && s.format !== c.format;
    return {
      ...c,
      ...(refound ? { reason: `every value is a date in ${c.format}` } : s?.reason && kept ? { reason: s.reason } : {}),
      ...(s?.pii ? { pii: s.pii } : {}),
      ...(s?.not_pii ? { not_pii: true as const } : {}),
      ...(s?.primary_key !== undefined ? { primary_key: s.primary_key } : {}),
    };
  });
}

/** A versioned copy by prefix; the first ingest's (unversioned, beside the versions) chunk by chunk. */
async function deleteColumnarCopy(deps: StoreDeps, id: string, copy: ColumnarCopy): Promise<void> {
  if (copy.version) {
    await deps.blobs.deletePrefix(fileKeys.columnar(id, copy.version));
    return;
  }
  for (let i = 0; i < copy.chunks; i++) await deps.blobs.deletePrefix(fileKeys.chunk(id, i));
}
