import { Readable } from 'node:stream';
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  DeleteObjectsCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  ListPartsCommand,
  CompleteMultipartUploadCommand,
  AbortMultipartUploadCommand,
  NotFound,
  NoSuchKey,
  S3ServiceException,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, PresignedRequest, UploadedPart } from '../../../core/ports.js';
import { conflict, notFound } from '../../../core/errors.js';
import type { Config } from '../config.js';
import { contentDisposition } from '../content-disposition.js';

export function s3Client(config: Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Without these, stream bodies are stored with the SDK's aws-chunked framing by S3 emulators.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const isMissing = (e: unknown) =>
  e instanceof NoSuchKey || e instanceof NotFound || (e instanceof Error && e.name === 'NoSuchKey');

/**
 * S3's answer to a multipart upload it cannot complete (a part missing or its ETag wrong: 400
 * InvalidPart; NoSuchUpload once completed or aborted; EntityTooSmall) is the client's doing: a 409.
 */
function uploadProblem(e: unknown): unknown {
  if (!(e instanceof S3ServiceException)) return e;
  const status = e.$metadata.httpStatusCode ?? 500;
  if (status < 400 || status >= 500) return e;
  const why = e.name === 'NoSuchUpload' ? 'the upload was already completed or aborted; start a new one' : `${e.name}: ${e.message}`;
  return conflict(`The multipart upload could not be completed: ${why}.`, { s3_error: e.name });
}

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<void> {
    // Stated, because the SDK sends no length for an empty body and then warns of an unknown one.
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: length }));
  }

  async putStream(key: string, body: Readable, contentType = 'application/octet-stream'): Promise<void> {
    await new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 2,
    }).done();
  }

  async getStream(key: string): Promise<Readable> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(out.Body instanceof Readable)) throw new Error('expected a Node stream body');
      return out.Body;
    } catch (e) {
      if (isMissing(e)) throw notFound(`No object ${key}`);
      throw e;
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.getStream(key)) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (e) {
      if (isMissing(e) || (e instanceof Error && e.name === 'NotFound')) return undefined;
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
    return keys.length;
  }

  async copy(from: string, to: string): Promise<void> {
    // CopySource is a URL path: each segment of the key encoded, the slashes kept.
    const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    try {
      await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source }));
    } catch (e) {
      if (isMissing(e)) throw notFound(`No object ${from}`);
      throw e;
    }
  }

  async presignPut(key: string, contentType: string, expiresIn: number): Promise<PresignedRequest> {
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      { expiresIn, signableHeaders: new Set(['content-type']) },
    );
    return { url, method: 'PUT', headers: { 'content-type': contentType } };
  }

  async presignGet(key: string, downloadName: string, expiresIn: number, mode: 'inline' | 'attachment' = 'attachment'): Promise<string> {
    const disposition = contentDisposition(mode, downloadName);
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition }),
      { expiresIn },
    );
  }

  async startMultipart(key: string, contentType: string): Promise<string> {
    const out = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    if (!out.UploadId) throw new Error('S3 returned no UploadId');
    return out.UploadId;
  }

  async presignPart(key: string, uploadId: string, partNumber: number, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      { expiresIn },
    );
  }

  async completeMultipart(key: string, uploadId: string, given: readonly { partNumber: number; etag: string }[]): Promise<void> {
    const parts: CompletedPart[] = given.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    try {
      await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (e) {
      throw uploadProblem(e);
    }
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const out = await this.s3.send(
          new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
        );
        for (const p of out.Parts ?? []) {
          if (p.PartNumber !== undefined && p.ETag !== undefined) parts.push({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size ?? 0 });
        }
        marker = out.IsTruncated ? out.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (e) {
      throw uploadProblem(e);
    }
    return parts;
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
  }
}
