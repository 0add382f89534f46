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
import type { MetadataStore, Page } from '../../../core/ports.js';
import { FileMeta } from '../../../core/files/model.js';
import { Job } from '../../../core/jobs/model.js';
import { badRequest } from '../../../core/errors.js';
import type { Config } from '../config.js';
import { setOwn } from '../../../core/records.js';

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
 * `FILE#<id>` and `JOB#<id>`. Ids are time-ordered, so a reverse query lists newest first.
 */
const TENANT_PK = 'TENANT#default';
const fileSk = (id: string) => `FILE#${id}`;
const jobSk = (id: string) => `JOB#${id}`;

export class DynamoMetadataStore implements MetadataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putFile(meta: FileMeta): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: TENANT_PK, sk: fileSk(meta.file_id), doc: escapeKeys(meta) } }));
  }

  async replaceFile(next: FileMeta, previous: FileMeta): Promise<boolean> {
    return this.db
      .send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: TENANT_PK, sk: fileSk(next.file_id), doc: escapeKeys(next) },
          ConditionExpression: 'doc.updated_at = :previous',
          ExpressionAttributeValues: { ':previous': previous.updated_at },
        }),
      )
      .then(() => true)
      .catch((e: unknown) => {
        if (e instanceof Error && e.name === 'ConditionalCheckFailedException') return false;
        throw e;
      });
  }

  async getFile(id: string): Promise<FileMeta | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: fileSk(id) }, ConsistentRead: true }));
    return out.Item ? FileMeta.parse(unescapeKeys(out.Item.doc)) : undefined;
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
    const items = (out.Items ?? []).map((i) => FileMeta.parse(unescapeKeys(i.doc)));
    return out.LastEvaluatedKey ? { items, next: encodeCursor(out.LastEvaluatedKey) } : { items };
  }

  async deleteFile(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: fileSk(id) } }));
  }

  /** Writes only `doc`, so a cancel request stored beside it is never overwritten by a progress update. */
  async putJob(job: Job): Promise<void> {
    await this.db.send(this.jobWrite(job));
  }

  async updateJob(job: Job): Promise<boolean> {
    return this.db.send(this.jobWrite(job, 'attribute_exists(pk)')).then(
      () => true,
      (e: unknown) => {
        if (e instanceof Error && e.name === 'ConditionalCheckFailedException') return false;
        throw e;
      },
    );
  }

  /** The job document written over its item, leaving cancel_requested (a separate attribute) as it is. */
  private jobWrite(job: Job, condition?: string): UpdateCommand {
    const { cancel_requested: _ignored, ...doc } = job;
    return new UpdateCommand({
      TableName: this.table,
      Key: { pk: TENANT_PK, sk: jobSk(job.job_id) },
      UpdateExpression: 'SET doc = :doc',
      ...(condition ? { ConditionExpression: condition } : {}),
      ExpressionAttributeValues: { ':doc': escapeKeys(doc) },
    });
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
    return out.Item ? Job.parse({ ...(unescapeKeys(out.Item.doc) as object), cancel_requested: out.Item.cancel_requested === true }) : undefined;
  }

  async deleteJob(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: TENANT_PK, sk: jobSk(id) } }));
  }

  listJobsForFile(fileId: string): Promise<Job[]> {
    return this.queryJobs('contains(doc.file_ids, :f)', { ':f': fileId });
  }

  listUnfinishedJobs(): Promise<Job[]> {
    return this.queryJobs('doc.#s IN (:q, :r)', { ':q': 'queued', ':r': 'running' }, { '#s': 'status' });
  }

  private async queryJobs(filter: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<Job[]> {
    const jobs: Job[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: filter,
          ExpressionAttributeValues: { ':pk': TENANT_PK, ':prefix': 'JOB#', ...values },
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ExclusiveStartKey: start,
        }),
      );
      for (const i of out.Items ?? []) jobs.push(Job.parse({ ...(unescapeKeys(i.doc) as object), cancel_requested: i.cancel_requested === true }));
      start = out.LastEvaluatedKey;
    } while (start);
    return jobs;
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && 'pk' in key && 'sk' in key && key.pk === TENANT_PK) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('Invalid cursor: pass the `next` value of the previous page unchanged');
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
