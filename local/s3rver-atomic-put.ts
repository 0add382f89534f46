/**
 * s3rver's PUT, made atomic as S3's is. As shipped, its filesystem store truncates the object's file
 * and writes it in place, and answers a PUT of a buffered body before the bytes reach the disk: a GET
 * then (even one sent after the PUT's reply) could read a cut-off object with a 200 — a cached EDA
 * result read half-written, or a table chunk that would not decode. Here the bytes go to a file of
 * their own, wholly written before it is renamed over the object, so a reader sees the old object or
 * the new one, never part of either.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type S3rver from 's3rver';

interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Buffer | Readable;
  readonly metadata: Record<string, string>;
}

export function patchAtomicPut(s3: S3rver): void {
  const store = s3.store;
  store.putObject = async (object: StoredObject) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const temporary = `${objectPath}.${randomBytes(6).toString('hex')}.partial`;
    const md5 = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(content, measure, createWriteStream(temporary));
      await rename(temporary, objectPath);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
