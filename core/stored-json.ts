/**
 * A small JSON object in the blob store (a marker, a checkpoint's info, a model's record), read as
 * plain JSON for its caller to parse with its own schema.
 */
import type { BlobStore } from './ports.js';
import { ProblemError } from './errors.js';

/**
 * Undefined when the store has no such object, when it was removed between the size check and the
 * read (markers come and go while others read them), or when its bytes are not JSON (a torn write):
 * each reader treats all three as "nothing there". Any other failure of the store (throttling, the
 * network) is thrown: read as "nothing", it would delete a model in use or restart a fit from scratch.
 */
export async function storedJson(blobs: Pick<BlobStore, 'size' | 'getBytes'>, key: string): Promise<unknown> {
  if ((await blobs.size(key)) === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = await blobs.getBytes(key);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return undefined;
    throw error;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
