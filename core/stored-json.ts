/**
 * A small JSON object in the blob store (a marker, a checkpoint's info, a model's record), read as
 * plain JSON for its caller to parse with its own schema.
 */
import type { BlobStore } from './ports.js';

/**
 * Undefined when the store has no such object, when it was removed between the size check and the
 * read (markers come and go while others read them), or when its bytes are not JSON (a torn write):
 * each reader treats all three as "nothing there".
 */
export async function storedJson(blobs: Pick<BlobStore, 'size' | 'getBytes'>, key: string): Promise<unknown> {
  if ((await blobs.size(key)) === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(await blobs.getBytes(key)));
  } catch {
    return undefined;
  }
}
