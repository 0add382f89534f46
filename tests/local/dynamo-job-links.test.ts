/**
 * The DynamoDB metadata store (on the embedded stack's dynalite) finds a file's jobs through its own
 * link items: the items read grow with the file's jobs, not with every job of the tenant; jobs stored
 * before links existed are linked once; deleting a job or a file leaves no links behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoMetadataStore, dynamoClient, escapeKeys } from '../../functions/lib/aws/dynamo-metadata-store.js';
import { newJob } from '../../core/jobs/lifecycle.js';
import { newId } from '../../core/ids.js';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let db: DynamoDBDocumentClient;
/** Items DynamoDB read for the commands sent through `db` (a query's scanned items, a batch get's found ones). */
let read = 0;

/** A store of its own (no marker cached), reading through the counting client. */
const freshStore = () => new DynamoMetadataStore(db, stack.services.config.table, stack.services.blobs);
const links = async (fileId: string) =>
  (
    await db.send(
      new QueryCommand({
        TableName: stack.services.config.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': 'TENANT#default', ':p': `FILEJOB#${fileId}#` },
      }),
    )
  ).Items ?? [];

beforeAll(async () => {
  stack = await testStack();
  db = dynamoClient(stack.services.config);
  db.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const out = (result.output ?? {}) as { ScannedCount?: number; Responses?: Record<string, unknown[]>; Item?: unknown };
      read += (out.ScannedCount ?? 0) + Object.values(out.Responses ?? {}).reduce((n, items) => n + items.length, 0) + (out.Item ? 1 : 0);
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
});
afterAll(async () => {
  db?.destroy();
  await stack?.destroy();
});

describe("a file's jobs on DynamoDB", () => {
  it("reads the file's links and jobs, not the jobs of other files", async () => {
    const store = freshStore();
    const fileId = newId('f');
    const other = newId('f');
    const mine = [newJob('ingest', {}, [fileId]), newJob('synthesize', { big: 'x'.repeat(300 * 1024) }, [other, fileId, fileId])];
    for (const job of mine) await store.putJob(job);
    for (let i = 0; i < 60; i++) await store.putJob(newJob('ingest', {}, [newId('f')]));
    await store.listJobsForFile(other); // links earlier jobs once (none), then reads only links

    read = 0;
    const jobs = await store.listJobsForFile(fileId);
    expect(jobs.map((j) => j.job_id).sort()).toEqual(mine.map((j) => j.job_id).sort());
    // The spilled document is read back from the bucket.
    expect(jobs.find((j) => j.type === 'synthesize')?.input).toEqual({ big: 'x'.repeat(300 * 1024) });
    // Two links and two jobs (a filter over the tenant's jobs would scan all 62).
    expect(read).toBeLessThanOrEqual(4);
  });

  it('links the jobs stored before links existed, once', async () => {
    const table = stack.services.config.table;
    const fileId = newId('f');
    const legacy = newJob('ingest', {}, [fileId]);
    const { cancel_requested: _c, ...doc } = legacy;
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'TENANT#default', sk: `JOB#${legacy.job_id}`, doc: escapeKeys(doc) } }));
    await db.send(new DeleteCommand({ TableName: table, Key: { pk: 'TENANT#default', sk: 'MARKER#job-links' } }));

    const store = freshStore();
    expect((await store.listJobsForFile(fileId)).map((j) => j.job_id)).toEqual([legacy.job_id]);
    expect(await links(fileId)).toHaveLength(1);
    read = 0;
    expect((await freshStore().listJobsForFile(fileId)).map((j) => j.job_id)).toEqual([legacy.job_id]);
    expect(read).toBeLessThanOrEqual(3); // the marker, the link, the job
  });

  it("removes a deleted job's links, and a deleted file's dangling ones", async () => {
    const store = freshStore();
    const [a, b] = [newId('f'), newId('f')];
    const job = newJob('synthesize', {}, [a, b]);
    await store.putJob(job);
    expect(await links(a)).toHaveLength(1);
    await store.deleteJob(job.job_id);
    expect(await links(a)).toEqual([]);
    expect(await links(b)).toEqual([]);
    expect(await store.listJobsForFile(a)).toEqual([]);

    // Links whose job write never happened: skipped by listings, gone with the file.
    await db.send(new PutCommand({ TableName: stack.services.config.table, Item: { pk: 'TENANT#default', sk: `FILEJOB#${a}#${newId('j')}`, job_id: 'j_missing' } }));
    expect(await store.listJobsForFile(a)).toEqual([]);
    await store.deleteFile(a);
    expect(await links(a)).toEqual([]);
  });

  it("keeps the link of a job started during the file's delete, so a retried delete still finds it", async () => {
    const store = freshStore();
    const file = newId('f');
    const late = newJob('fitModel', {}, [file]);
    await store.putJob(late);
    await store.deleteFile(file);
    expect((await store.listJobsForFile(file)).map((j) => j.job_id)).toEqual([late.job_id]);
  });
});
