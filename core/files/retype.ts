/**
 * Column types set by the user: the typed columnar copy of a file is derived again from its
 * original, with the set types applied to the raw values instead of the inferred ones.
 *
 * Nothing is half-written: the new copy goes under a new version beside the old one, the metadata
 * switches to it only once it is complete, and the old copy is deleted after that. A value that
 * does not parse under its new type refuses the change (422, with its rows) and leaves the file
 * exactly as it was.
 */
import type { StoreDeps } from './service.js';
import { fileKeys, type ColumnInfo, type FileMeta } from './model.js';
import { ingestCsv } from '../table/ingest.js';
import type { ColumnOverride, ColumnOverrides } from '../table/override.js';
import { newId } from '../ids.js';

export async function retypeFile(
  deps: StoreDeps,
  meta: FileMeta & { chunks: number },
  overrides: ColumnOverrides,
  /** The columns as edited so far: their PII handling and primary key carry over. */
  settings: readonly ColumnInfo[],
): Promise<FileMeta> {
  const id = meta.file_id;
  const version = newId('v');
  // The other columns keep the types they have: inference is not asked again (a generated file's
  // types come from its source, not from its CSV).
  const kept = (meta.columns ?? []).filter((c) => !(c.name in overrides));
  const summary = await ingestCsv({
    open: () => deps.blobs.getStream(fileKeys.original(id)),
    writeChunk: (index, bytes) => deps.blobs.put(fileKeys.chunk(id, index, version), bytes, 'application/vnd.apache.arrow.file'),
    overrides: { ...Object.fromEntries(kept.map((c) => [c.name, typeOf(c)])), ...overrides },
    size: meta.size,
  }).catch(async (e: unknown) => {
    await deps.blobs.deletePrefix(fileKeys.columnar(id, version));
    throw e;
  });
  const updated: FileMeta = {
    ...meta,
    rows: summary.rows,
    columns: withSettings(summary.columns, settings, overrides),
    dialect: summary.dialect,
    chunks: summary.chunks,
    chunk_rows: summary.chunkRows,
    version,
    overrides: { ...overrides },
    updated_at: new Date().toISOString(),
  };
  await deps.meta.putFile(updated);
  await deleteColumnarCopy(deps, meta);
  return updated;
}

const typeOf = (c: ColumnInfo): ColumnOverride => (c.type === 'datetime' && c.format ? { type: c.type, format: c.format } : { type: c.type });

/** PII handling and the primary key as edited; the reasons of the columns whose type stayed. */
function withSettings(columns: readonly ColumnInfo[], settings: readonly ColumnInfo[], overrides: ColumnOverrides): ColumnInfo[] {
  const byName = new Map(settings.map((c) => [c.name, c]));
  return columns.map((c) => {
    const s = byName.get(c.name);
    return {
      ...c,
      ...(s?.reason && !(c.name in overrides) ? { reason: s.reason } : {}),
      ...(s?.pii ? { pii: s.pii } : {}),
      ...(s?.primary_key !== undefined ? { primary_key: s.primary_key } : {}),
    };
  });
}

/** The chunks of the version the metadata named: a versioned copy by prefix, the first ingest's one by one. */
async function deleteColumnarCopy(deps: StoreDeps, meta: FileMeta & { chunks: number }): Promise<void> {
  if (meta.version) {
    await deps.blobs.deletePrefix(fileKeys.columnar(meta.file_id, meta.version));
    return;
  }
  for (let i = 0; i < meta.chunks; i++) await deps.blobs.deletePrefix(fileKeys.chunk(meta.file_id, i));
}
