// Minimal types for the two emulators, which ship none: only what local/stack.ts uses.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string; configs?: string[] }[];
  }
  /** The filesystem store's multipart members (local/s3rver-multipart.ts replaces putObjectMultipart and guards putPart; local/s3rver-atomic-put.ts replaces putObject). */
  interface FilesystemStore {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putObject(object: object): Promise<{ size: number; md5: string }>;
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
    putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ size: number; md5: string }>;
    putPart(bucket: string, uploadId: string, partNumber: string, content: import('node:stream').Readable): Promise<{ size: number; md5: string }>;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    readonly store: FilesystemStore;
    /** Koa's middleware list: s3rver's router is the last. */
    readonly middleware: ((ctx: never, next: () => Promise<void>) => unknown)[];
  }
}

declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }
  export default function dynalite(options: DynaliteOptions): Server;
}
