import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  GetCommand,
  DeleteCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BlobStore, MetadataStore, Page } from '../../../core/ports.js';
import { FileMeta } from '../../../core/files/model.js';
import { Job, TERMINAL_STATUSES } from '../../../core/jobs/model.js';
import { unprocessable } from '../../../core/errors.js';
import type { Config } from '../config.js';
import { setOwn } from '../../../core/records.js';
import { batchGetAll, batchWriteAll } from './dynamo-batches.js';

export function dynamoClient(config: Config): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * Single-table layout: one partition per tenant (only `default` until tenancy lands), items keyed
 * `FILE#<id>` and `JOB#<id>`. Ids are time-ordered, so a reverse query lists newest first. A job
 * also has a link item `FILEJOB#<file id>#<job id>` per file it names, so a file's jobs are one
 * query of its own links (not a filter over every job of the tenant).
 */
const TENANT_PK = 'TENANT#default';
const fileSk = (id: string) => `FILE#${id}`;
const jobSk = (id: string) => `JOB#${id}`;
const fileJobsPrefix = (fileId: string) => `FILEJOB#${fileId}#`;
const linkSk = (fileId: string, jobId: string) => `${fileJobsPrefix(fileId)}${jobId}`;
/**
 * Jobs written before links existed have none: the first listing of a file's jobs without this
 * marker links every job of the tenant once (a query as costly as every listing used to be), then
 * writes it, so no migration needs running and later listings read only links.
 */
const LINKED_SK = 'MARKER#job-links';

/**
 * DynamoDB caps an item at 400 KB, and a document can outgrow it: a wide table's column metadata,
 * long category labels, a pipeline's fitted steps. Past this size the document is kept in the
 * bucket and the item keeps a stub with what conditions and filters read, and the object's key in
 * `spilled`. A file's document sits beside its data, not under it (`records/files/{id}/`): a step
 * that clears a file's data (a cancelled output, a failed write) removes `files/{id}/` while the
 * record it has just written stays; deleting the record removes its document.
 */
const INLINE_DOC_BYTES = 256 * 1024;

/**
 * Whether every number in a document is one an item holds: DynamoDB's numbers run from 1e-130 to
 * 1e126 in magnitude, and the SDK refuses integers past 2^53 it could not write exactly. A document
 * with others (a condition of 1e-300, a range from -1e16) is kept whole in the bucket, as a large one is.
 */
function holdsOnlyItemNumbers(value: unknown): boolean {
  if (typeof value === 'number') return value === 0 || (Math.abs(value) >= 1e-130 && Math.abs(value) <= Number.MAX_SAFE_INTEGER);
  if (Array.isArray(value)) return value.every(holdsOnlyItemNumbers);
  if (value !== null && typeof value === 'object') return Object.values(value).every(holdsOnlyItemNumbers);
  return true;
}
/** Bytes of records a page of files holds at most (with room to spare under a Lambda reply's 6 MB). */
const LIST_PAGE_BYTES = 4 * 1024 * 1024;
const spillPrefix = (kind: 'file' | 'job', id: string) => (kind === 'file' ? `records/files/${id}/` : `jobs/${id}/doc/`);

export class DynamoMetadataStore implements MetadataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Where documents too large for an item are kept. */
    private readonly spill: BlobStore,
  ) {}

  async putFile(meta: FileMeta): Promise<void> {
    const { doc, spilled } = await this.stored('file', meta.file_id, meta, (m) => ({ file_id: m.file_id, status: m.status, updated_at: m.updated_at }));
    const out = await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: TENANT_PK, sk: fileSk(meta.file_id), doc, ...spilled }, ReturnValues: 'ALL_OLD' }));
    await this.dropReplaced(out.Attributes?.spilled, spilled.spilled);
  }

  async replaceFile(next: FileMeta, previous: FileMeta): Promise<boolean> {
    const { doc, spilled } = await this.stored('file', next.file_id, next, (m) => ({ file_id: m.file_id, status: m.status, updated_at: m.updated_at }));
    return this.db
      .send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: TENANT_PK, sk: fileSk(next.file_id), doc, ...spilled },
          ConditionExpression: 'doc.updated_at = :previous',
          ExpressionAttributeValues: { ':previous': previous.updated_at },
          ReturnValues: 'ALL_OLD',
        }),
      )
      .then(async (out) => {
        await this.dropReplaced(out.Attributes?.spilled, spilled.spilled);
        return true;
      })
      .catch(async (e: unknown) => {
        if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e;
        await this.dropReplaced(spilled.spilled, undefined); // ours, never stored
        return false;
      });
  }

  async getFile(id: string): Promise<FileMeta | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: fileSk(id) }, ConsistentRead: true }));
    const doc = out.Item && (await this.docOf(out.Item));
    return doc ? FileMeta.parse(doc) : undefined;
  }

  /** The key alone (projected): neither the inline document nor a spilled one is read. */
  async hasFile(id: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: fileSk(id) }, ProjectionExpression: 'sk', ConsistentRead: true }));
    return out.Item !== undefined;
  }

  /** The item's document: inline, or read back from the bucket (undefined when a delete took it first). */
  private async docOf(item: Record<string, unknown>): Promise<unknown> {
    if (typeof item.spilled !== 'string') return unescapeKeys(item.doc);
    const key = item.spilled;
    const bytes = await this.spill.getBytes(key).catch(async (e: unknown) => {
      if ((await this.spill.size(key)) === undefined) return undefined;
      throw e;
    });
    return bytes && unescapeKeys(JSON.parse(Buffer.from(bytes).toString('utf8')));
  }

  /** The document to store in the item, and the key it was spilled to when too large. */
  private async stored<T>(kind: 'file' | 'job', id: string, value: T, stub: (value: T) => Record<string, unknown>): Promise<{ doc: unknown; spilled: { spilled?: string } }> {
    const doc = escapeKeys(value);
    const json = JSON.stringify(doc);
    if (Buffer.byteLength(json) <= INLINE_DOC_BYTES && holdsOnlyItemNumbers(doc)) return { doc, spilled: {} };
    // A key of its own per write (not a hash of the content): a write that loses a race then drops
    // only its own object, never the one another write of the same content left the item naming.
    const key = `${spillPrefix(kind, id)}${randomUUID()}.json`;
    await this.spill.put(key, json, 'application/json');
    return { doc: escapeKeys(stub(value)), spilled: { spilled: key } };
  }

  /** Deletes a spilled document its item no longer names (best effort: at worst it waits for the file's delete). */
  private async dropReplaced(old: unknown, current: string | undefined): Promise<void> {
    if (typeof old === 'string' && old !== current) await this.spill.deletePrefix(old).catch(() => undefined);
  }

  async listFiles(limit: number, cursor?: string): Promise<Page<FileMeta>> {
    const out: QueryCommandOutput = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': TENANT_PK, ':prefix': 'FILE#' },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor) : undefined,
      }),
    );
    const found = out.Items ?? [];
    const docs = await Promise.all(found.map((i) => this.docOf(i)));
    // A page stops short of LIST_PAGE_BYTES (wide tables' records run to hundreds of KB; a Lambda
    // reply holds 6 MB), and its cursor then starts the next page at the first item left out.
    const items: FileMeta[] = [];
    let bytes = 0;
    for (let k = 0; k < found.length; k++) {
      const doc = docs[k];
      if (doc === undefined) continue;
      const size = JSON.stringify(doc).length;
      if (items.length && bytes + size > LIST_PAGE_BYTES) return { items, next: encodeCursor({ pk: found[k - 1]!.pk, sk: found[k - 1]!.sk }) };
      bytes += size;
      items.push(FileMeta.parse(doc));
    }
    return out.LastEvaluatedKey ? { items, next: encodeCursor(out.LastEvaluatedKey) } : { items };
  }

  async deleteFile(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: fileSk(id) } }));
    // Its jobs went first (their links with them). Only links whose job is gone go here (a job write
    // that failed after its links): a job stored by now keeps its link, so a retried delete finds it.
    // One whose link is written but whose job is not yet stored still loses it; the window is the
    // gap between putJob's two writes, after the start had found the file ready.
    const links = await this.queryItems(fileJobsPrefix(id), { projection: 'sk, job_id' });
    const alive = new Set((await batchGetAll(this.db, this.table, links.map((l) => ({ pk: TENANT_PK, sk: jobSk(String(l.job_id)) })), { projection: 'sk' })).map((j) => j.sk));
    const dangling = links.filter((l) => !alive.has(jobSk(String(l.job_id))));
    await batchWriteAll(this.db, this.table, dangling.map((l) => ({ DeleteRequest: { Key: { pk: TENANT_PK, sk: l.sk } } })));
    // Documents spilled before under `files/{id}/meta/` go with the file's own prefix, which its delete sweeps.
    await this.spill.deletePrefix(spillPrefix('file', id));
  }

  /** Writes only `doc`, so a cancel request stored beside it is never overwritten by a progress update. */
  async putJob(job: Job): Promise<void> {
    // Links first: a job is never stored without them (one written by a failed job write is dangling
    // and harmless: listings skip it, the file's delete removes it). `file_ids` never changes after
    // creation (updateJob keeps the job's), so later writes leave the links as they are.
    await batchWriteAll(this.db, this.table, linksOf(job.job_id, job.file_ids).map((Item) => ({ PutRequest: { Item } })));
    await this.jobWrite(job);
  }

  /**
   * Only while the job exists and has not ended: a late progress write must neither bring back a
   * deleted job nor write 'running' over a job that ended meanwhile (the stub and the doc both carry status).
   */
  async updateJob(job: Job): Promise<boolean> {
    const ended = TERMINAL_STATUSES.map((status, i) => [`:ended${i}`, status] as const);
    return this.jobWrite(job, {
      expression: `attribute_exists(pk) AND NOT (doc.#status IN (${ended.map(([k]) => k).join(', ')}))`,
      names: { '#status': 'status' },
      values: Object.fromEntries(ended),
    }).then(
      () => true,
      (e: unknown) => {
        if (e instanceof Error && e.name === 'ConditionalCheckFailedException') return false;
        throw e;
      },
    );
  }

  /** The job document written over its item, leaving cancel_requested (a separate attribute) as it is. */
  private async jobWrite(job: Job, condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<void> {
    const { cancel_requested: _ignored, ...rest } = job;
    // The stub keeps what the job queries filter on (its files, its status).
    const { doc, spilled } = await this.stored('job', job.job_id, rest, (j) => ({ job_id: j.job_id, status: j.status, file_ids: j.file_ids }));
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: TENANT_PK, sk: jobSk(job.job_id) },
          UpdateExpression: spilled.spilled ? 'SET doc = :doc, spilled = :spilled' : 'SET doc = :doc REMOVE spilled',
          ...(condition ? { ConditionExpression: condition.expression } : {}),
          ...(condition?.names ? { ExpressionAttributeNames: condition.names } : {}),
          ExpressionAttributeValues: { ':doc': doc, ...(spilled.spilled ? { ':spilled': spilled.spilled } : {}), ...condition?.values },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      await this.dropReplaced(out.Attributes?.spilled, spilled.spilled);
    } catch (e) {
      // Only a refused condition is known not to have written; after any other error the item may name our object.
      if (e instanceof Error && e.name === 'ConditionalCheckFailedException') await this.dropReplaced(spilled.spilled, undefined);
      throw e;
    }
  }

  async requestCancel(id: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: TENANT_PK, sk: jobSk(id) },
        UpdateExpression: 'SET cancel_requested = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
      }),
    ).catch((e: unknown) => {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e;
    });
  }

  async getJob(id: string): Promise<Job | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: jobSk(id) }, ConsistentRead: true }));
    const doc = out.Item && (await this.docOf(out.Item));
    return doc ? Job.parse({ ...(doc as object), cancel_requested: out.Item!.cancel_requested === true }) : undefined;
  }

  async deleteJob(id: string): Promise<void> {
    // The job before its links, so it is never left without them; `doc.file_ids` is in a spilled job's stub too.
    const out = await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: jobSk(id) }, ReturnValues: 'ALL_OLD' }));
    const links = linksOf(id, fileIdsOf(out.Attributes));
    await batchWriteAll(this.db, this.table, links.map((l) => ({ DeleteRequest: { Key: { pk: l.pk, sk: l.sk } } })));
    await this.spill.deletePrefix(spillPrefix('job', id));
  }

  /** The file's links, then their jobs: reads grow with the file's jobs, not the tenant's. */
  async listJobsForFile(fileId: string): Promise<Job[]> {
    await this.linkEarlierJobs();
    const links = await this.queryItems(fileJobsPrefix(fileId), { projection: 'job_id' });
    const ids = [...new Set(links.map((l) => l.job_id).filter((j): j is string => typeof j === 'string'))];
    const items = await batchGetAll(this.db, this.table, ids.map((j) => ({ pk: TENANT_PK, sk: jobSk(j) })));
    return this.jobsOf(items);
  }

  private linked = false;

  /** Links every job once per table (see LINKED_SK); after that, one read per store instance. */
  private async linkEarlierJobs(): Promise<void> {
    if (this.linked) return;
    const marker = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: LINKED_SK }, ConsistentRead: true }));
    if (!marker.Item) {
      // Idempotent: two first listings racing write the same links.
      const jobs = await this.queryItems('JOB#', { projection: 'sk, doc.file_ids' });
      const links = jobs.flatMap((j) => linksOf(String(j.sk).slice('JOB#'.length), fileIdsOf(j)));
      await batchWriteAll(this.db, this.table, links.map((Item) => ({ PutRequest: { Item } })));
      await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: TENANT_PK, sk: LINKED_SK } }));
    }
    this.linked = true;
  }

  /** Every item of the tenant whose key starts with the prefix: only the attributes projected, only those the filter keeps. */
  private async queryItems(prefix: string, opts: { projection?: string; filter?: { expression: string; values: Record<string, unknown>; names?: Record<string, string> } } = {}): Promise<Record<string, unknown>[]> {
    const { projection, filter } = opts;
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': TENANT_PK, ':prefix': prefix, ...filter?.values },
          ...(projection ? { ProjectionExpression: projection } : {}),
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ...(filter?.names ? { ExpressionAttributeNames: filter.names } : {}),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** The jobs these items hold (a document a delete took meanwhile is left out). */
  private async jobsOf(items: readonly Record<string, unknown>[]): Promise<Job[]> {
    const docs = await Promise.all(items.map((i) => this.docOf(i)));
    return items.flatMap((i, n) => (docs[n] ? [Job.parse({ ...(docs[n] as object), cancel_requested: i.cancel_requested === true })] : []));
  }

  /**
   * A filter over every job of the tenant: only the local runtime's recovery reads it, once a start
   * (on AWS, Step Functions runs the jobs). A sparse index would need the table, dynalite data dirs
   * and earlier jobs migrated for no request on the hot path.
   */
  async listUnfinishedJobs(): Promise<Job[]> {
    const filter = { expression: 'doc.#s IN (:q, :r)', values: { ':q': 'queued', ':r': 'running' }, names: { '#s': 'status' } };
    return this.jobsOf(await this.queryItems('JOB#', { filter }));
  }
}

/** A job's link items, one per distinct file it names (a batch write refuses the same key twice). */
function linksOf(jobId: string, fileIds: readonly string[]): { pk: string; sk: string; job_id: string }[] {
  return [...new Set(fileIds)].map((f) => ({ pk: TENANT_PK, sk: linkSk(f, jobId), job_id: jobId }));
}

/** The `doc.file_ids` of a job item (or of its projection), none when it has no document. */
function fileIdsOf(item: Record<string, unknown> | undefined): string[] {
  const doc = item?.doc;
  const ids = doc && typeof doc === 'object' && 'file_ids' in doc ? doc.file_ids : undefined;
  return Array.isArray(ids) ? ids.filter((f): f is string => typeof f === 'string') : [];
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The only key a files page ends on: the tenant's partition and a file item's sort key. DynamoDB
 * refuses any other start key (extra attributes, a sort key outside the query's `FILE#` range) with
 * a ValidationException, so a tampered cursor is refused here as bad input instead.
 */
const FileCursor = z.object({ pk: z.literal(TENANT_PK), sk: z.string().regex(/^FILE#[^#]{1,200}$/) }).strict();

function decodeCursor(cursor: string): z.infer<typeof FileCursor> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: refused below like any other shape
  }
  const parsed = FileCursor.safeParse(key);
  if (parsed.success) return parsed.data;
  throw unprocessable('Invalid cursor: pass the `next` value of the previous page unchanged');
}

/**
 * Documents hold records keyed by column names (type overrides, conditions), and a column may be
 * called `__proto__` or `constructor`: the document client drops the first (it assigns keys) and
 * takes an object with an own `constructor` for a class instance it refuses to write. Such keys are
 * stored with a `~` in front, as is any key that already starts with one, so the mapping reverses.
 */
const escapeKey = (key: string) => (key === '__proto__' || key === 'constructor' || key.startsWith('~') ? `~${key}` : key);
const unescapeKey = (key: string) => (key.startsWith('~') ? key.slice(1) : key);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, rename(key), mapKeys(value[key], rename));
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const escapeKeys = <T>(doc: T): T => mapKeys(doc, escapeKey) as T;
export const unescapeKeys = (doc: unknown): unknown => mapKeys(doc, unescapeKey);
