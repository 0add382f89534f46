/**
 * s3rver's multipart uploads, made to behave as S3's. As shipped, completing an upload that names a
 * part never PUT opens a read stream on a missing file with nobody listening for its error: the
 * 'error' event is thrown and the whole local stack exits. It also ignores the ETags it is sent,
 * and has no ListParts. Here:
 *  - completion checks every named part as S3 does (uploaded, ETag matching, ascending), answering
 *    400 InvalidPart / InvalidPartOrder, and a read error fails that request instead of the process;
 *  - GET ?uploadId lists the parts uploaded so far (ListParts), which the complete route checks;
 *  - DELETE ?uploadId aborts the upload (AbortMultipartUpload, a 405 as shipped): a file's delete
 *    left its upload's parts on disk;
 *  - a part PUT to an upload completed or aborted is 404 NoSuchUpload, as on S3 (s3rver stored it
 *    in a directory of its own making, left behind by a file's delete).
 */
import { createRequire } from 'node:module';
import { open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type S3rver from 's3rver';

interface S3ErrorClass {
  new (code: string, message: string, detail?: Record<string, string>): Error;
}
interface S3ObjectClass {
  new (bucket: string, key: string, content: Readable, metadata: Record<string, string>): object;
}
const require = createRequire(import.meta.url);
const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
const S3Object = require('s3rver/lib/models/object') as S3ObjectClass;

interface UploadedPart {
  number: number;
  etag: string;
  size: number;
  modified: Date;
}

const unquote = (etag: string) => etag.replace(/"/g, '');

const noSuchUpload = () =>
  new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');

export function patchMultipart(s3: S3rver): void {
  const store = s3.store;

  /**
   * The upload's directory and key; NoSuchUpload when it is unknown (completed or aborted), is not
   * for `key` when one is given, or its id is not a plain token (`../..` names no upload, never a path).
   */
  async function uploadOf(bucket: string, uploadId: string, key?: string): Promise<{ dir: string; key: string }> {
    if (!/^[\w-]+$/.test(uploadId) || !/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*$/.test(bucket)) throw noSuchUpload();
    const dir = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const stored = await readFile(join(dir, 'key'), 'utf8').catch(() => undefined);
    if (stored === undefined || (key !== undefined && stored !== key)) throw noSuchUpload();
    return { dir, key: stored };
  }

  /** The parts on disk, in part-number order. */
  async function uploadedParts(dir: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    for (const name of await readdir(dir)) {
      if (!/^\d+\.md5$/.test(name)) continue; // written after its part, so the part is whole
      const number = Number(name.slice(0, -4));
      const [etag, info] = await Promise.all([readFile(join(dir, name), 'utf8'), stat(join(dir, String(number)))]).catch(() => []);
      if (etag !== undefined && info !== undefined) parts.push({ number, etag: etag.trim(), size: info.size, modified: info.mtime });
    }
    return parts.sort((a, b) => a.number - b.number);
  }

  const putPart = store.putPart.bind(store);
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    try {
      await uploadOf(bucket, uploadId);
    } catch (e) {
      // Read to its end first: an answer to a request still sending its body resets the connection.
      content.resume();
      await new Promise((done) => content.once('end', done).once('error', done));
      throw e;
    }
    return putPart(bucket, uploadId, partNumber, content);
  };

  store.putObjectMultipart = async (bucket, uploadId, named) => {
    const { dir, key } = await uploadOf(bucket, uploadId);
    const parts = await uploadedParts(dir);
    const byNumber = new Map(parts.map((p) => [p.number, p]));
    for (const [i, part] of named.entries()) {
      if (i > 0 && part.number <= named[i - 1]!.number) throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
      if (byNumber.get(part.number)?.etag !== unquote(part.etag)) {
        throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", {
          PartNumber: String(part.number),
        });
      }
    }
    const metadata = JSON.parse(await readFile(join(dir, 'metadata'), 'utf8')) as Record<string, string>;
    // Opened before any byte is written, so a part gone since the check fails here, as a rejection.
    const handles: FileHandle[] = [];
    try {
      for (const part of named) handles.push(await open(join(dir, String(part.number)), 'r'));
    } catch {
      await Promise.all(handles.map((h) => h.close()));
      throw new S3Error('InvalidPart', `A part of upload ${uploadId} disappeared while it was being completed.`);
    }
    // s3rver pipes the content without listening for its errors: a read error rejects here instead.
    const content = new PassThrough();
    const failed = new Promise<never>((_, reject) => content.once('error', reject));
    void (async () => {
      try {
        for (const handle of handles) {
          for await (const chunk of handle.createReadStream({ autoClose: false })) if (!content.write(chunk)) await new Promise((r) => content.once('drain', r));
        }
        content.end();
      } catch (e) {
        content.destroy(e instanceof Error ? e : new Error(String(e)));
      } finally {
        await Promise.all(handles.map((h) => h.close().catch(() => {})));
      }
    })();
    const result = await Promise.race([store.putObject(new S3Object(bucket, key, content, metadata)), failed]);
    await rm(dir, { recursive: true, force: true });
    return result;
  };

  // ListParts, which s3rver's router refuses (GET ?uploadId): answered ahead of it, after vhost.
  const listParts = async (ctx: KoaContext, next: () => Promise<void>) => {
    const uploadId = ctx.query.uploadId;
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (ctx.method !== 'GET' || typeof uploadId !== 'string' || !match) return next();
    const { dir, key } = await uploadOf(match[1]!, uploadId, decodeURIComponent(match[2]!));
    const parts = await uploadedParts(dir);
    const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
    const max = Math.min(Number(ctx.query['max-parts'] ?? 1000) || 1000, 1000);
    const after = parts.filter((p) => p.number > marker);
    const page = after.slice(0, max);
    ctx.body = {
      ListPartsResult: {
        '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
        Bucket: match[1],
        Key: key,
        UploadId: uploadId,
        PartNumberMarker: marker,
        NextPartNumberMarker: page.at(-1)?.number ?? marker,
        MaxParts: max,
        IsTruncated: after.length > page.length,
        Part: page.map((p) => ({ PartNumber: p.number, LastModified: p.modified.toISOString(), ETag: JSON.stringify(p.etag), Size: p.size })),
      },
    };
  };
  // AbortMultipartUpload, which s3rver's router refuses (DELETE ?uploadId): its parts are removed.
  const abort = async (ctx: KoaContext, next: () => Promise<void>) => {
    const uploadId = ctx.query.uploadId;
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (ctx.method !== 'DELETE' || typeof uploadId !== 'string' || !match) return next();
    const { dir } = await uploadOf(match[1]!, uploadId, decodeURIComponent(match[2]!));
    await rm(dir, { recursive: true, force: true });
    ctx.status = 204;
  };
  // The router is the last middleware; the XML encoder and vhost run before these.
  s3.middleware.splice(s3.middleware.length - 1, 0, listParts, abort);
}

interface KoaContext {
  method: string;
  status: number;
  path: string;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
}
