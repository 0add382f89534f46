/**
 * The file list marks a derived file whose parent is gone (parent-deleted.ts). That needs only
 * whether the parent's record exists: a wide table's record is spilled to the bucket and runs to
 * hundreds of KB, which every listing used to read back once per parent. On the embedded stack's
 * dynalite and s3rver: the parent's spilled document is never read, and a deleted parent is still told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/ports.js';
import { FileMeta } from '../../core/files/model.js';
import { markDeletedParents } from '../../core/files/parent-deleted.js';
import { newId } from '../../core/ids.js';
import { DynamoMetadataStore, dynamoClient } from '../../functions/lib/aws/dynamo-metadata-store.js';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let db: ReturnType<typeof dynamoClient>;
/** Keys read through the store's bucket (the real one, its reads noted). */
const readKeys: string[] = [];

beforeAll(async () => {
  stack = await testStack();
  db = dynamoClient(stack.services.config);
});
afterAll(async () => {
  db?.destroy();
  await stack?.destroy();
});

const noting = (blobs: BlobStore): BlobStore =>
  new Proxy(blobs, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if ((name === 'getBytes' || name === 'getStream') && typeof args[0] === 'string') readKeys.push(args[0]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

const record = (id: string, columns: number, parent?: string): FileMeta =>
  FileMeta.parse({
    file_id: id,
    filename: `${id}.csv`,
    content_type: 'text/csv',
    size: 1,
    status: 'ready',
    rows: 1,
    // Long names: the record outgrows an item and is spilled to the bucket.
    columns: Array.from({ length: columns }, (_, j) => ({ name: `a_rather_long_column_name_to_make_the_record_large_${j}`.padEnd(120, 'x'), type: 'float', missing: 0 })),
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    lineage: parent ? { parent, operation: 'synthesize' } : { operation: 'upload' },
  });

describe("a listed file's parent", () => {
  it('is looked up without reading its spilled record, and marked once deleted', async () => {
    const store = new DynamoMetadataStore(db, stack.services.config.table, noting(stack.services.blobs));
    const parent = record(newId('f'), 4000);
    expect(Buffer.byteLength(JSON.stringify(parent))).toBeGreaterThan(300 * 1024);
    const child = record(newId('f'), 2, parent.file_id);
    await store.putFile(parent);
    await store.putFile(child);
    expect((await store.getFile(parent.file_id))?.columns?.length).toBe(4000); // spilled, and read back whole
    expect(readKeys.some((k) => k.startsWith(`records/files/${parent.file_id}/`))).toBe(true);

    readKeys.length = 0;
    const [listed] = await markDeletedParents(store, [child]);
    expect(listed!.lineage.parent_deleted).toBeUndefined();
    expect(readKeys).toEqual([]);

    await store.deleteFile(parent.file_id);
    const [orphan] = await markDeletedParents(store, [child]);
    expect(orphan!.lineage.parent_deleted).toBe(true);
    expect(readKeys).toEqual([]);
  }, 60_000);
});
