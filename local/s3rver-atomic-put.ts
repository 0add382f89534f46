/**
 * s3rver's PUT and copy, made atomic as S3's are. As shipped, its filesystem store truncates the
 * object's file and writes it in place (a copy too), and answers a PUT of a buffered body before the
 * bytes reach the disk: a GET then (even one sent after the PUT's reply) could read a cut-off object
 * with a 200 — a cached EDA result read half-written, or a table chunk that would not decode. Here
 * every file of an object (its bytes, metadata.json, .md5) is wholly written to a file of its own
 * and renamed over the old one; the bytes last, so an object appears with its metadata in place, and
 * a reader sees the old object or the new one, never part of either.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
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

/** The members of s3rver's filesystem store this module uses beyond those local/vendor-types.d.ts names. */
interface CopyingStore {
  getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata: Record<string, string> | null): Promise<Record<string, string | number>>;
}
interface S3ErrorClass {
  new (code: string, message: string, detail?: Record<string, string>): Error;
}
const require = createRequire(import.meta.url);
const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
// s3rver's putMetadata keeps only these (and x-amz-meta-*) of a request's headers.
const { ALLOWED_METADATA } = require('s3rver/lib/models/object') as { ALLOWED_METADATA: readonly string[] };

const temporaryOf = (path: string) => `${path}.${randomBytes(6).toString('hex')}.partial`;

/** Runs `write` on a temporary file, then renames it over `path`; the temporary goes on failure. */
async function replaceAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryOf(path);
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

const isMissing = (e: unknown) => e instanceof Error && 'code' in e && e.code === 'ENOENT';

export function patchAtomicPut(s3: S3rver): void {
  const store = s3.store as typeof s3.store & CopyingStore;
  const path = (bucket: string, key: string, resource: string) => store.getResourcePath(bucket, key, resource);

  /** s3rver's putMetadata, each file written whole. */
  const putMetadata = async (bucket: string, key: string, metadata: Record<string, string>, md5?: string) => {
    const json = Object.fromEntries(Object.entries(metadata).filter(([name]) => ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')));
    if (md5 !== undefined) await replaceAtomically(path(bucket, key, 'object.md5'), (t) => writeFile(t, md5));
    await replaceAtomically(path(bucket, key, 'metadata.json'), (t) => writeFile(t, JSON.stringify(json, null, 2)));
  };
  store.putMetadata = putMetadata;

  store.putObject = async (object: StoredObject) => {
    const objectPath = path(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
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
    let digest = '';
    await replaceAtomically(objectPath, async (temporary) => {
      await pipeline(content, measure, createWriteStream(temporary));
      digest = md5.digest('hex');
      await putMetadata(object.bucket, object.key, object.metadata, digest);
    });
    return { size, md5: digest };
  };

  // As s3rver's copyObject, with the same reply (the destination's metadata), but no file of the
  // destination is ever seen half-copied: a completing upload copied its staged bytes while read.
  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const srcPath = path(srcBucket, srcKey, 'object');
    const destPath = path(destBucket, destKey, 'object');
    if (srcPath !== destPath) {
      await mkdir(dirname(destPath), { recursive: true });
      const copy = (resource: string) => replaceAtomically(path(destBucket, destKey, resource), (t) => copyFile(path(srcBucket, srcKey, resource), t));
      await replaceAtomically(destPath, async (temporary) => {
        // Source gone since the controller checked it exists (a delete): NoSuchKey, as S3 answers, not a 500.
        await copyFile(srcPath, temporary).catch((e: unknown) => {
          throw isMissing(e) ? new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: srcKey }) : e;
        });
        // The source's digest in both cases (s3rver left the destination's old one on a REPLACE);
        // a missing one is computed again on read, as s3rver does.
        await copy('object.md5').catch((e: unknown) => {
          if (!isMissing(e)) throw e;
        });
        if (replacementMetadata) await putMetadata(destBucket, destKey, replacementMetadata);
        else await copy('metadata.json');
      });
    } else if (replacementMetadata) {
      await putMetadata(destBucket, destKey, replacementMetadata);
    }
    return store.getMetadata(destBucket, destKey);
  };
}
