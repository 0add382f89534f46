/**
 * Dataset management: uploads, ingest, reads and deletes, over the storage ports.
 * Handlers call these and nothing else; these never see HTTP.
 */
import type { BlobStore, JobRunner, MetadataStore, Page } from '../ports.js';
import { isTerminal, type Job } from '../jobs/model.js';
import { ProblemError, conflict, notFound, payloadTooLarge, unprocessable, unsupportedMediaType } from '../errors.js';
import { newId } from '../ids.js';
import { fileKeys, nextUpdatedAt, type ColumnInfo, type FileMeta, type Lineage } from './model.js';
import { detectPii } from '../pii/detect.js';
import {
  MAX_DIRECT_UPLOAD_BYTES,
  MAX_UPLOAD_BYTES,
  MULTIPART_THRESHOLD,
  normaliseContentType,
  partPlan,
  checkParts,
  sizeMismatch,
  type CompleteRequest,
  type UploadRequest,
  type UploadTicket,
} from './upload.js';
import { checkSourceSize } from './source.js';
import { boundColumns, boundRecord } from './record-bounds.js';
import { putDerived } from './derived.js';
import { ingestOriginal } from './ingest-original.js';
import { ACCEPTED_CONTENT_TYPES, sourceFormat } from './formats.js';
import { withDetectedFormat } from './magic.js';
import { csvFilename, originalIsCanonicalCsv } from './canonical-csv.js';
import { decodeTable, concatTables, encodeTable } from '../table/arrow.js';
import { PIECE_ROWS, csvPieces } from '../table/csv.js';
import { Readable } from 'node:stream';
import { limitFromEnv } from '../limits.js';
import { isMissing, selectColumns, sliceTable, type Table } from '../table/model.js';
import { distinctCount } from '../table/distinct.js';
import { markDeletedParents } from './parent-deleted.js';

export interface StoreDeps {
  readonly blobs: BlobStore;
  readonly meta: MetadataStore;
}
export interface FileDeps extends StoreDeps {
  readonly jobs: JobRunner;
}

const URL_TTL_SECONDS = 3600;

export async function getFile(deps: StoreDeps, id: string): Promise<FileMeta> {
  const meta = await deps.meta.getFile(id);
  if (!meta) throw notFound(`No file ${id}.`);
  return meta;
}

/**
 * A file as GET /files/{id} replies: with `lineage.parent_deleted` when its parent is gone, so a
 * page learns it without asking for the parent (a 404 the browser logs as an error).
 */
export async function getFileWithParent(deps: StoreDeps, id: string): Promise<FileMeta> {
  // Bounded as read too: a record stored before the bound was too large for any reply.
  const [meta] = await markDeletedParents(deps.meta, [boundRecord(await getFile(deps, id))]);
  return meta!;
}

/** The 409 for a file that is not ready: why it failed (a cancel, a bad row), or that it is still being made. */
function notReady(meta: FileMeta): ProblemError {
  const why = meta.failure ? ` ${meta.failure.detail}` : meta.status === 'failed' ? '' : ` GET /files/${meta.file_id} says when it is.`;
  return conflict(`File ${meta.file_id} is ${meta.status}, not ready.${why}`, { status_of_file: meta.status });
}

export async function getReadyFile(deps: StoreDeps, id: string): Promise<FileMeta & { rows: number; chunks: number; chunk_rows: number }> {
  const meta = await getFile(deps, id);
  if (meta.status !== 'ready' || meta.rows === undefined || meta.chunks === undefined || meta.chunk_rows === undefined) throw notReady(meta);
  return { ...meta, rows: meta.rows, chunks: meta.chunks, chunk_rows: meta.chunk_rows };
}

/** A page of records, each bounded (./record-bounds.ts): one large record stored before the bound never fails the page; parents marked as GET /files/{id} marks them. */
export async function listFiles(deps: StoreDeps, limit: number, cursor?: string): Promise<Page<FileMeta>> {
  const page = await deps.meta.listFiles(limit, cursor);
  return { ...page, items: await markDeletedParents(deps.meta, page.items.map(boundRecord)) };
}

function checkContentType(contentType: string): string {
  const ct = normaliseContentType(contentType);
  if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(ct)) {
    throw unsupportedMediaType(
      `Content type ${ct} is not a table format tabmimic reads; send CSV (text/csv), JSON (application/json), JSON Lines (application/x-ndjson) or Parquet (application/vnd.apache.parquet).`,
    );
  }
  return ct;
}

function newFileMeta(filename: string, contentType: string, size: number, lineage: Lineage): FileMeta {
  const now = new Date().toISOString();
  return {
    file_id: newId('f'),
    filename,
    content_type: contentType,
    size,
    status: 'uploading',
    created_at: now,
    updated_at: now,
    lineage,
  };
}

/**
 * Presigned mode: a file record in `uploading` and the URL(s) the client PUTs the bytes to. A single
 * PUT goes to the staging key, as its URL stays valid after completion (and its length is not
 * signed); multipart parts go to the original, as their URLs die with the upload (completed or aborted).
 */
export async function startUpload(deps: StoreDeps, req: UploadRequest): Promise<UploadTicket> {
  const contentType = checkContentType(req.contentType);
  if (req.size > MAX_UPLOAD_BYTES) {
    throw payloadTooLarge(`The file is ${req.size} bytes; the limit is ${MAX_UPLOAD_BYTES}.`, { limit: MAX_UPLOAD_BYTES });
  }
  checkSourceSize(sourceFormat(contentType, req.filename), req.size);
  const meta = newFileMeta(req.filename, contentType, req.size, { operation: 'upload' });
  if (req.size <= MULTIPART_THRESHOLD) {
    await deps.meta.putFile(meta);
    const put = await deps.blobs.presignPut(fileKeys.staging(meta.file_id), contentType, URL_TTL_SECONDS);
    return { file_id: meta.file_id, upload: put, expires_in: URL_TTL_SECONDS };
  }
  const key = fileKeys.original(meta.file_id);
  const { partSize, parts } = partPlan(req.size);
  const uploadId = await deps.blobs.startMultipart(key, contentType);
  await deps.meta.putFile({ ...meta, multipart: { upload_id: uploadId, part_size: partSize, parts } });
  const urls = await Promise.all(
    Array.from({ length: parts }, async (_, i) => ({
      part_number: i + 1,
      url: await deps.blobs.presignPart(key, uploadId, i + 1, URL_TTL_SECONDS),
    })),
  );
  return { file_id: meta.file_id, upload: { multipart: { part_size: partSize, parts: urls } }, expires_in: URL_TTL_SECONDS };
}

/**
 * After the client's PUT(s): assemble the object and start the ingest job. The record is claimed
 * first (`uploading` → `ingesting`, a conditional write), so of concurrent completions only one
 * copies, checks, cleans up and starts an ingest; the others get a 409. A check that fails puts the
 * record back to `uploading`, so the client can PUT again and retry — but for a multipart upload S3
 * no longer knows, whose file is removed (see adoptAssembled).
 */
export async function completeUpload(deps: FileDeps, id: string, req: CompleteRequest = {}, now = Date.now()): Promise<FileMeta> {
  const meta = await getFile(deps, id);
  if (!(await claimable(deps, meta, now))) throw conflict(`File ${id} is already ${meta.status}.`);
  const claimed: FileMeta = { ...meta, status: 'ingesting', updated_at: nextUpdatedAt(meta.updated_at) };
  if (!(await deps.meta.replaceFile(claimed, meta))) {
    if (!(await deps.meta.getFile(id))) throw notFound(`No file ${id}.`);
    throw conflict(`File ${id} is already being completed.`);
  }
  try {
    await assembleOriginal(deps, meta, req);
  } catch (e) {
    // Lost only to a delete (or a used-up multipart upload's removal), which leaves nothing to put back.
    await deps.meta.replaceFile({ ...meta, status: 'uploading', updated_at: nextUpdatedAt(claimed.updated_at) }, claimed);
    throw e;
  }
  const ingesting: FileMeta = { ...claimed, multipart: undefined, updated_at: nextUpdatedAt(claimed.updated_at) };
  if (!(await deps.meta.replaceFile(ingesting, claimed))) {
    // Deleted while the bytes were assembled: the delete may have swept before the copy landed.
    await deps.blobs.deletePrefix(fileKeys.prefix(id));
    throw notFound(`File ${id} was deleted while its upload was being completed.`);
  }
  await deps.jobs.start('ingest', { file_id: id }, [id]);
  return ingesting;
}

/** A Lambda's longest run: a completion claimed longer ago than this has nobody finishing it. */
const CLAIM_TIMEOUT_MS = 15 * 60_000;

/**
 * Whether a completion may claim the file: one still uploading, or one a completion claimed and never
 * saw through (timed out while copying, or its ingest never started) — `ingesting` past the timeout
 * with no ingest job under way — which would otherwise stay stuck, every retry a 409.
 */
async function claimable(deps: StoreDeps, meta: FileMeta, now: number): Promise<boolean> {
  if (meta.status === 'uploading') return true;
  if (meta.status !== 'ingesting' || now - Date.parse(meta.updated_at) < CLAIM_TIMEOUT_MS) return false;
  const jobs = await deps.meta.listJobsForFile(meta.file_id);
  return !jobs.some((j) => j.type === 'ingest' && !isTerminal(j.status));
}

/** The file's bytes at its original key, checked against the declared size; only the claim's owner calls this. */
async function assembleOriginal(deps: StoreDeps, meta: FileMeta, req: CompleteRequest): Promise<void> {
  if (meta.multipart) return assembleParts(deps, meta, meta.multipart, req);
  const id = meta.file_id;
  const key = fileKeys.original(id);
  const copied = await deps.blobs.copy(fileKeys.staging(id), key).then(
    () => true,
    (e: unknown) => {
      if (e instanceof ProblemError && e.status === 404) return false;
      throw e;
    },
  );
  // Nothing staged: never PUT, removed by a delete, or an upload ticketed before single PUTs were
  // staged (its URL named the original, where its bytes are).
  if (!copied) return checkSize(meta, await deps.blobs.size(key));
  // Checked on the copy, not on the staged object before it: the bytes the file keeps, even when a PUT raced the copy.
  try {
    checkSize(meta, await deps.blobs.size(key));
  } catch (e) {
    await deps.blobs.deletePrefix(key);
    throw e;
  }
  await deps.blobs.deletePrefix(fileKeys.stagingPrefix(id));
}

/**
 * A multipart upload, checked against what the store holds, not the client's word: completing with a
 * part never PUT took the local stack down, and a wrong ETag or a missing part made a truncated file.
 * S3 assembles exactly the parts listed (by their ETags), whose sizes checkParts added up: the
 * assembled object needs no second look.
 */
async function assembleParts(deps: StoreDeps, meta: FileMeta, upload: NonNullable<FileMeta['multipart']>, req: CompleteRequest): Promise<void> {
  const key = fileKeys.original(meta.file_id);
  const uploaded = await deps.blobs.listParts(key, upload.upload_id).catch((e: unknown) => {
    if (e instanceof ProblemError && e.extensions.s3_error === 'NoSuchUpload') return undefined;
    throw e;
  });
  if (!uploaded) return adoptAssembled(deps, meta);
  const problem = checkParts({ parts: upload.parts, size: meta.size }, uploaded, req.parts);
  if (problem) throw problem;
  const parts = uploaded.filter((p) => p.partNumber <= upload.parts).map(({ partNumber, etag }) => ({ partNumber, etag }));
  await deps.blobs.completeMultipart(key, upload.upload_id, parts);
}

/**
 * An upload id the store no longer knows: assembled by an earlier completion that never recorded it
 * (its reply lost, its process gone), or aborted (a delete, the bucket's one-day rule). Bytes of the
 * declared size are the file. Anything else cannot be mended under this ticket — S3 takes no parts
 * for an assembled or aborted upload — so the file is removed and the client told to start anew.
 */
async function adoptAssembled(deps: StoreDeps, meta: FileMeta): Promise<void> {
  const id = meta.file_id;
  // A delete aborts the upload too: say the file was deleted, not that the upload expired.
  if (!(await deps.meta.getFile(id))) throw notFound(`File ${id} was deleted while its upload was being completed.`);
  const size = await deps.blobs.size(fileKeys.original(id));
  if (size === meta.size) return;
  await removeFile(deps, id);
  const retry = `its parts cannot be PUT again, so file ${id} was removed: start a new upload (POST /files/upload)`;
  if (size !== undefined) throw sizeMismatch(meta.size, size, `${retry} with the file's real size`, { file_removed: true });
  throw conflict(`The multipart upload of file ${id} was already completed or aborted (or expired, a day after it started); ${retry}.`, { file_removed: true });
}

const nothingUploaded = (id: string) => conflict(`Nothing was uploaded for file ${id}: PUT the file to the upload URL first.`);

/** The declared size was checked against the limits; the bytes must be that many, not a cut-off or a longer file. */
function checkSize(meta: FileMeta, size: number | undefined): void {
  if (size === undefined) throw nothingUploaded(meta.file_id);
  if (size !== meta.size) throw sizeMismatch(meta.size, size, "PUT the whole file again (while its URL is valid), or start a new upload with the file's real size");
}

/** Direct mode (small files): store and ingest in one go. A bad file leaves nothing behind. */
export async function uploadDirect(
  deps: StoreDeps,
  file: { filename: string; contentType: string; bytes: Uint8Array },
): Promise<FileMeta> {
  const contentType = checkContentType(file.contentType);
  if (file.bytes.length > MAX_DIRECT_UPLOAD_BYTES) {
    throw payloadTooLarge(`Direct uploads are limited to ${MAX_DIRECT_UPLOAD_BYTES} bytes; use the presigned upload.`);
  }
  const meta = newFileMeta(file.filename, contentType, file.bytes.length, { operation: 'upload' });
  await deps.blobs.put(fileKeys.original(meta.file_id), file.bytes, contentType);
  await deps.meta.putFile({ ...meta, status: 'ingesting' });
  try {
    return await ingestFile(deps, meta.file_id);
  } catch (e) {
    await removeFile(deps, meta.file_id);
    throw e;
  }
}

/**
 * Streams the original through the ingest engine into columnar chunks and records the schema.
 * On failure the chunks are removed and the record says why; a ProblemError is rethrown.
 */
export async function ingestFile(
  deps: StoreDeps,
  id: string,
  report: (fraction: number) => Promise<void> = async () => {},
): Promise<FileMeta> {
  const stored = await getFile(deps, id);
  let meta = stored;
  let ready: FileMeta;
  try {
    let firstChunk: Uint8Array | undefined;
    // Read by what it is: a Parquet file declared as CSV (a presigned PUT's default) is still Parquet.
    meta = await withDetectedFormat(deps.blobs, meta);
    const summary = await ingestOriginal(deps.blobs, meta, {
      version: meta.version,
      overrides: meta.overrides,
      report,
      onChunk: (index, bytes) => {
        if (index === 0) firstChunk = bytes;
      },
    });
    ready = {
      ...meta,
      status: 'ready',
      rows: summary.rows,
      columns: withPii(summary.columns, firstChunk ? decodeTable(firstChunk) : undefined),
      dialect: summary.dialect,
      chunks: summary.chunks,
      chunk_rows: summary.chunkRows,
      updated_at: nextUpdatedAt(stored.updated_at),
    };
  } catch (e) {
    const failure =
      e instanceof ProblemError
        ? { detail: e.detail, ...(typeof e.extensions.line === 'number' ? { line: e.extensions.line } : {}) }
        : { detail: 'Ingest failed because of an internal error.' };
    // Lost or not, the ingest's own error is the one to report. The chunks go only when the record is
    // still ours: a newer claim (a re-claimed stale upload) writes its own chunks under the same keys.
    // A store error here leaves the chunks for the file's delete: the ingest's error is still the one thrown.
    const lost = await recordIngest(deps, { ...meta, status: 'failed', failure, updated_at: nextUpdatedAt(stored.updated_at) }, stored).catch(() => 'unknown' as const);
    if (!lost) await deleteChunks(deps, id).catch(() => undefined);
    throw e;
  }
  const lost = await recordIngest(deps, ready, stored);
  if (lost) throw lost;
  return ready;
}

/**
 * Writes ingest's outcome only over the record it read (as failOutputFile does): a delete during the
 * ingest holds, and what the ingest wrote after the delete's sweep is removed here. A record changed
 * otherwise (a schema edit meanwhile) keeps its objects. Returns the problem when the write was lost.
 */
async function recordIngest(deps: StoreDeps, outcome: FileMeta, stored: FileMeta): Promise<ProblemError | undefined> {
  if (await deps.meta.replaceFile(outcome, stored)) return undefined;
  const id = stored.file_id;
  if (await deps.meta.getFile(id)) return conflict(`File ${id} changed while it was being ingested.`);
  await deps.blobs.deletePrefix(fileKeys.prefix(id));
  return notFound(`File ${id} was deleted while it was being ingested.`);
}

/** PII found in the first chunk, marked to be replaced by fakes in synthesis unless the user says otherwise. */
function withPii(columns: ColumnInfo[], sample: Table | undefined): ColumnInfo[] {
  if (!sample) return columns;
  const findings = new Map(detectPii(sample).map((f) => [f.column, f]));
  return columns.map((c) => {
    const f = findings.get(c.name);
    return f ? { ...c, pii: { kind: f.kind, confidence: f.confidence, rule: f.evidence.rule, action: 'fake' as const } } : c;
  });
}

async function deleteChunks(deps: StoreDeps, id: string): Promise<void> {
  await deps.blobs.deletePrefix(fileKeys.columnar(id));
}

/**
 * The record first, then the objects: a writer that stores objects and then conditionally updates
 * the record (a completing upload, a job's output) either finds the record gone and removes its
 * objects itself, or wrote them before this sweep.
 */
async function removeFile(deps: StoreDeps, id: string): Promise<void> {
  await deps.meta.deleteFile(id);
  await deps.blobs.deletePrefix(fileKeys.prefix(id));
  // What a presigned PUT staged; one arriving later (its URL still valid) is expired by the bucket.
  await deps.blobs.deletePrefix(fileKeys.stagingPrefix(id));
}

/**
 * Deletes the objects, the record and the file's jobs. Idempotent. `dependents` removes what other
 * modules derived from the file (fitted models, the outputs of its cut-short jobs); it gets the
 * file's jobs, cancelled and deleted by then, so a step still running stops at its next report and
 * cannot recreate what `dependents` removes after it.
 */
export async function deleteFile(deps: StoreDeps, id: string, dependents?: (jobs: readonly Job[]) => Promise<void>): Promise<void> {
  const meta = await deps.meta.getFile(id);
  if (meta?.multipart) {
    await deps.blobs.abortMultipart(fileKeys.original(id), meta.multipart.upload_id).catch(() => {});
  }
  const jobs = await deps.meta.listJobsForFile(id);
  for (const job of jobs) {
    await deps.meta.requestCancel(job.job_id);
    await deps.meta.deleteJob(job.job_id);
  }
  await dependents?.(jobs);
  await removeFile(deps, id);
}

/** Rows [offset, offset+limit) of the chosen columns, decoding only the chunks they fall in. */
export async function readRows(
  deps: StoreDeps,
  id: string,
  window: { offset: number; limit: number; columns?: readonly string[] },
): Promise<{ meta: FileMeta; table: Table; totalRows: number }> {
  const meta = await getReadyFile(deps, id);
  const names = window.columns ?? (meta.columns ?? []).map((c) => c.name);
  const known = new Set((meta.columns ?? []).map((c) => c.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw unprocessable(`Unknown column(s): ${unknown.join(', ')}.`, { unknown });
  const start = Math.min(window.offset, meta.rows);
  const end = Math.min(start + window.limit, meta.rows);
  const first = Math.floor(start / meta.chunk_rows);
  const last = end > start ? Math.floor((end - 1) / meta.chunk_rows) : first - 1;
  const parts: Table[] = [];
  for (let i = first; i <= last; i++) {
    parts.push(selectColumns(decodeTable(await deps.blobs.getBytes(fileKeys.chunk(id, i, meta.version))), names));
  }
  // A page past the last row reads no chunk: it is the asked columns with no rows, not a table without columns.
  const table = parts.length
    ? sliceTable(concatTables(parts), start - first * meta.chunk_rows, end - first * meta.chunk_rows)
    : { rowCount: 0, columns: names.map((name) => ({ type: 'text' as const, name, values: [] })) };
  return { meta, table, totalRows: meta.rows };
}

/** The whole table, for analyses and synthesis. */
export async function readTable(deps: StoreDeps, id: string): Promise<{ meta: FileMeta; table: Table }> {
  const meta = await getReadyFile(deps, id);
  const parts: Table[] = [];
  for (let i = 0; i < meta.chunks; i++) parts.push(decodeTable(await deps.blobs.getBytes(fileKeys.chunk(id, i, meta.version))));
  return { meta, table: parts.length ? concatTables(parts) : { rowCount: 0, columns: [] } };
}

export async function originalDownloadUrl(deps: StoreDeps, id: string): Promise<string> {
  const meta = await getFile(deps, id);
  if (meta.status === 'uploading') throw conflict(`File ${id} has not been uploaded yet.`);
  return deps.blobs.presignGet(fileKeys.original(id), meta.filename, URL_TTL_SECONDS);
}

/**
 * The whole file: the original upload, or with `csv` the rows as CSV, named .csv — the original when
 * its bytes are the CSV we write (./canonical-csv.ts), else (semicolons, a BOM, UTF-16, no header, a
 * renamed header; JSON, JSON Lines, Parquet) a CSV written once from the typed copy and kept beside it.
 */
export async function wholeFileUrl(deps: StoreDeps, id: string, format: 'json' | 'csv'): Promise<string> {
  const meta = await getFile(deps, id);
  // An upload's original is there whatever its ingest did; a job's output (generated, cancelled,
  // failed) has no bytes until ready, and a link to them would 404.
  if (meta.status !== 'ready' && meta.lineage.operation !== 'upload') throw notReady(meta);
  if (format !== 'csv') return originalDownloadUrl(deps, id);
  const csv = sourceFormat(normaliseContentType(meta.content_type), meta.filename) === 'csv';
  // Its bytes are ours already: served as they are, under a .csv name (a `data.txt`, an `export`).
  if (csv && meta.status === 'ready' && (await originalIsCanonicalCsv(deps.blobs, meta))) {
    return deps.blobs.presignGet(fileKeys.original(id), csvFilename(meta.filename), URL_TTL_SECONDS);
  }
  const key = fileKeys.derived(id, `table${meta.version ? `-${meta.version}` : ''}.csv`);
  if ((await deps.blobs.size(key)) === undefined) {
    const { table } = await readTable(deps, id);
    // Written only while the file is there (./derived.ts): a delete meanwhile leaves no copy behind.
    await putDerived(deps, meta, key, () => putCsv(deps, key, table));
  }
  return deps.blobs.presignGet(key, csvFilename(meta.filename), URL_TTL_SECONDS);
}

const CHUNK_ROWS = 100_000;

/**
 * Column infos of a table built in memory (types and categories as they are, missing and distinct
 * counted: a generated file's schema shows its distinct values, and a repeating column cannot be its key).
 * A column `like` marks as PII stays marked: a generated file's fake names are still names (free text
 * to fake again, not a distribution to draw), though fakes that repeat no longer look unique.
 */
export function describeColumns(table: Table, like: readonly ColumnInfo[] = [], reason = 'derived'): ColumnInfo[] {
  return boundColumns(table.columns.map((col) => {
    const src = like.find((c) => c.name === col.name && c.type === col.type);
    let missing = 0;
    for (let r = 0; r < table.rowCount; r++) if (isMissing(col, r)) missing++;
    return {
      name: col.name,
      type: col.type,
      missing,
      distinct: distinctCount(col),
      ...(col.type === 'datetime' ? { format: col.format, ...(col.utcOffset !== undefined ? { utc_offset: col.utcOffset } : {}) } : src?.format ? { format: src.format } : {}),
      ...(col.type === 'float' && col.decimals !== undefined ? { decimals: col.decimals } : {}),
      ...('categories' in col ? { categories: [...col.categories] } : {}),
      ...(src?.pii ? { pii: src.pii } : {}),
      reason,
    };
  }));
}

/** Up to about this many bytes (the first rows' size times the pieces) a CSV is put whole (its length known to the store); a larger one is streamed in parts. `TABMIMIC_PUT_WHOLE_BYTES` overrides it (tests). */
const PUT_WHOLE_BYTES = 64 * 1024 * 1024;

/**
 * Puts a table as CSV, written a piece at a time: ten million rows as one string passed V8's
 * longest, and failed the job. Returns the bytes written. `onRows` counts the rows done: a streamed
 * CSV's as the store takes them (each piece built when the upload asks for it), the last count once
 * the store has them all: building every piece first, then uploading hundreds of megabytes, held
 * the bar still for many seconds, a cancel unseen.
 */
async function putCsv(deps: StoreDeps, key: string, table: Table, onRows?: (rows: number) => Promise<void>): Promise<number> {
  // The header, then PIECE_ROWS rows a piece; the table's end is counted once stored.
  const rowsIn = (pieces: number) => Math.min(table.rowCount, (pieces - 1) * PIECE_ROWS);
  const counted = async (pieces: number) => {
    if (onRows && rowsIn(pieces) < table.rowCount) await onRows(rowsIn(pieces));
  };
  const pieces = csvPieces(table);
  const head = [pieces.next(), pieces.next()].flatMap((p) => (p.done ? [] : [Buffer.from(p.value)]));
  function* all(): Generator<Buffer> {
    yield* head;
    for (const piece of pieces) yield Buffer.from(piece);
  }
  let bytes = 0;
  const estimate = (head[0]?.length ?? 0) + (head[1]?.length ?? 0) * Math.ceil(table.rowCount / PIECE_ROWS);
  if (estimate <= limitFromEnv(process.env, 'TABMIMIC_PUT_WHOLE_BYTES', PUT_WHOLE_BYTES)) {
    const chunks: Buffer[] = [];
    for (const chunk of all()) {
      chunks.push(chunk);
      bytes += chunk.length;
      await counted(chunks.length);
    }
    await deps.blobs.put(key, Buffer.concat(chunks), 'text/csv');
  } else {
    async function* taken(): AsyncGenerator<Buffer> {
      let n = 0;
      for (const chunk of all()) {
        bytes += chunk.length;
        yield chunk;
        // Asked for the next: this piece is the store's. A cancel thrown here fails the upload.
        await counted(++n);
      }
    }
    await deps.blobs.putStream(key, Readable.from(taken(), { highWaterMark: 1 }), 'text/csv');
  }
  if (onRows) await onRows(table.rowCount);
  return bytes;
}

/**
 * Stores a job's output table as a ready file: columnar chunks, a CSV original, and its metadata.
 * `beforeReady` runs once everything is written: a cancel it finds (it throws) removes what was
 * written, so a cancelled job never leaves a ready file.
 */
export async function writeTableFile(
  deps: StoreDeps,
  id: string,
  table: Table,
  columns: ColumnInfo[],
  beforeReady?: () => Promise<void>,
  /** The share written so far (columnar chunks the first fifth, the CSV the rest), and the rows of this pass written; a cancel it finds (it throws) stops the writing. */
  onWritten?: (share: number, pass: 'columnar' | 'csv', rows: number) => Promise<void>,
): Promise<FileMeta> {
  const meta = await getFile(deps, id);
  // Failed already (its source deleted before this run got to it, or cancelled): it stays so.
  if (meta.status === 'failed') throw conflict(`File ${id} ended failed before it was written: ${meta.failure?.detail ?? 'no reason given'}`);
  let chunks = 0;
  let size = 0;
  const rows = Math.max(1, table.rowCount);
  try {
    for (let start = 0; start < table.rowCount || chunks === 0; start += CHUNK_ROWS) {
      const end = Math.min(start + CHUNK_ROWS, table.rowCount);
      await deps.blobs.put(fileKeys.chunk(id, chunks++, meta.version), encodeTable(sliceTable(table, start, end)), 'application/vnd.apache.arrow.file');
      await onWritten?.((0.2 * end) / rows, 'columnar', end);
      if (end >= table.rowCount) break;
    }
    size = await putCsv(deps, fileKeys.original(id), table, onWritten && ((done) => onWritten(0.2 + (0.8 * done) / rows, 'csv', done)));
    await beforeReady?.();
  } catch (error) {
    await deps.blobs.deletePrefix(fileKeys.prefix(id));
    throw error;
  }
  const ready: FileMeta = { ...meta, status: 'ready', size, rows: table.rowCount, columns, chunks, chunk_rows: CHUNK_ROWS, updated_at: new Date().toISOString() };
  // Conditional: a delete or a failure marked while the chunks were written (its objects removed
  // under us) wins, rather than a "ready" record over missing chunks.
  if (!(await deps.meta.replaceFile(ready, meta))) {
    await deps.blobs.deletePrefix(fileKeys.prefix(id));
    throw conflict(`File ${id} was deleted or failed while it was being written.`);
  }
  return ready;
}

/**
 * A file record for a table about to be produced by a job (status `generating`), made from `source`:
 * its lineage names the source by id and by name, so the page of a file whose source was deleted can
 * still say which it was.
 */
export function newDerivedFile(source: FileMeta, suffix: string, lineage: Lineage): FileMeta {
  const now = new Date().toISOString();
  return {
    file_id: newId('f'),
    filename: `${source.filename.replace(/\.[^.]*$/, '')}.${suffix}.csv`,
    content_type: 'text/csv',
    size: 0,
    status: 'generating',
    created_at: now,
    updated_at: now,
    lineage: { ...lineage, parent: source.file_id, parent_name: source.filename },
  };
}
