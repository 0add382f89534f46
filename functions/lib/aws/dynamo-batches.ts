import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * BatchGetItem and BatchWriteItem over any number of keys: DynamoDB takes 100 keys a get and 25
 * requests a write, and hands back what it did not get to (throttling, a 16 MB reply) as
 * UnprocessedKeys / UnprocessedItems, which the SDK does not retry.
 */
const GET_KEYS = 100;
const WRITE_REQUESTS = 25;
const ATTEMPTS = 8;

type Key = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

/** The items found under these keys (in no particular order; a key with no item is left out). */
export async function batchGetAll(db: DynamoDBDocumentClient, table: string, keys: readonly Key[], options: { projection?: string } = {}): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (const chunk of chunks(keys, GET_KEYS)) {
    let pending: Key[] = chunk;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt) await backoff(attempt);
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ConsistentRead: true, ...(options.projection ? { ProjectionExpression: options.projection } : {}) } },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/** Every put and delete written (not atomically: each batch of 25 on its own). */
export async function batchWriteAll(db: DynamoDBDocumentClient, table: string, requests: readonly WriteRequest[]): Promise<void> {
  for (const chunk of chunks(requests, WRITE_REQUESTS)) {
    let pending: readonly WriteRequest[] = chunk;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt) await backoff(attempt);
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function backoff(attempt: number): Promise<void> {
  if (attempt >= ATTEMPTS) throw new Error(`DynamoDB left items unprocessed after ${ATTEMPTS} attempts`);
  await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
}
