/**
 * The ports core talks to. AWS implementations live in functions/lib/aws; the same ones run
 * locally against s3rver and dynalite, so there is no second implementation to drift.
 */
import type { Readable } from 'node:stream';
import type { FileMeta } from './files/model.js';
import type { Job, JobProgress } from './jobs/model.js';
import type { JobType } from './jobs/definitions.js';

export interface BlobStore {
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** Streams a large body without holding it in memory. */
  putStream(key: string, body: Readable, contentType?: string): Promise<void>;
  getStream(key: string): Promise<Readable>;
  getBytes(key: string): Promise<Uint8Array>;
  /** Size in bytes, or undefined when there is no such object. */
  size(key: string): Promise<number | undefined>;
  list(prefix: string): Promise<string[]>;
  deletePrefix(prefix: string): Promise<number>;
  /**
   * Copies an object within the store, server-side (the bytes never pass through us), replacing
   * `to`; a 404 ProblemError when `from` is missing. Up to 5 GB, S3's single-copy limit, which is
   * also its single-PUT limit: anything a presigned PUT can store.
   */
  copy(from: string, to: string): Promise<void>;
  presignPut(key: string, contentType: string, expiresInSeconds: number): Promise<PresignedRequest>;
  /** `inline` opens in the browser (HTML reports); `attachment` downloads. */
  presignGet(key: string, downloadName: string, expiresInSeconds: number, disposition?: 'inline' | 'attachment'): Promise<string>;
  startMultipart(key: string, contentType: string): Promise<string>;
  presignPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** The parts uploaded so far, by part number, as the store has them (S3 ListParts). */
  listParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  /** Assembles the parts named (as listParts gave them); a part the store does not have, or an upload it no longer knows, is a 409 ProblemError. */
  completeMultipart(key: string, uploadId: string, parts: readonly { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
}

export interface UploadedPart {
  partNumber: number;
  /** Quoted, as S3 returns it. */
  etag: string;
  size: number;
}

export interface PresignedRequest {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  next?: string;
}

export interface MetadataStore {
  putFile(meta: FileMeta): Promise<void>;
  /**
   * Writes `next` only while the stored record is still the one read as `previous` (same
   * `updated_at`): false when another edit or a delete came first, so a read-modify-write never
   * overwrites it or brings a deleted file back.
   */
  replaceFile(next: FileMeta, previous: FileMeta): Promise<boolean>;
  getFile(id: string): Promise<FileMeta | undefined>;
  /** Whether the file's record exists, without reading it (a wide table's is kept in the bucket and runs to MBs). */
  hasFile(id: string): Promise<boolean>;
  listFiles(limit: number, cursor?: string): Promise<Page<FileMeta>>;
  deleteFile(id: string): Promise<void>;
  /** Writes the job document; never clears a pending cancel request. */
  putJob(job: Job): Promise<void>;
  /** putJob only while the job exists and has not ended: false otherwise, so a late write never brings it back or revives it. */
  updateJob(job: Job): Promise<boolean>;
  requestCancel(jobId: string): Promise<void>;
  getJob(id: string): Promise<Job | undefined>;
  deleteJob(id: string): Promise<void>;
  /** Jobs naming this file among those they read or write (`file_ids`): for its delete, its jobs route, a stuck upload's re-claim, a model's busy check. */
  listJobsForFile(fileId: string): Promise<Job[]>;
  /** Jobs not yet finished (queued or running), e.g. to recover after a restart. */
  listUnfinishedJobs(): Promise<Job[]>;
}

/** Reports progress; resolves to true once cancellation was requested, so long loops can stop. */
export type ProgressReporter = (progress: JobProgress) => Promise<boolean>;

export interface JobRunner {
  /** Records the job and starts it; returns at once. */
  /** `jobId`, when given, lets a caller name the job in a record written before it starts. */
  start(type: JobType, input: Record<string, unknown>, fileIds: string[], jobId?: string): Promise<Job>;
  get(jobId: string): Promise<Job | undefined>;
  /** Asks a job in flight to stop; a job that had already ended comes back as it was, `ended: true`. */
  cancel(jobId: string): Promise<{ job: Job; ended: boolean } | undefined>;
}
