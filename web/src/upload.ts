/** Browser upload straight to S3 by presigned URL(s), reporting real byte progress. */
import { api, type FileMeta } from './api.js';

export type Progress = (sentBytes: number, totalBytes: number) => void;

function put(url: string, body: Blob, headers: Record<string, string>, onBytes: (sent: number) => void): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve(xhr.getResponseHeader('etag')) : reject(new Error(`Upload failed: HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('Upload failed: the storage endpoint could not be reached.'));
    xhr.send(body);
  });
}

/** By extension, for when the browser gives no type (common for .jsonl, .ndjson and .parquet). */
const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * JSON and Parquet by extension, which is unambiguous (browsers label .jsonl/.ndjson text/plain or
 * nothing, .parquet nothing); otherwise the browser's type, else the extension's, else CSV.
 */
export function contentTypeOf(file: Pick<File, 'name' | 'type'>): string {
  const ext = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const known = TYPE_BY_EXTENSION[ext];
  if (known && !known.startsWith('text/')) return known;
  return file.type || known || 'text/csv';
}

export async function uploadFile(file: File, onProgress: Progress): Promise<FileMeta> {
  const ticket = await api.startUpload(file, contentTypeOf(file));
  if ('url' in ticket.upload) {
    await put(ticket.upload.url, file, ticket.upload.headers, (sent) => onProgress(sent, file.size));
    onProgress(file.size, file.size);
    return api.complete(ticket.file_id);
  }
  const { part_size, parts } = ticket.upload.multipart;
  const etags: { part_number: number; etag: string }[] = [];
  for (const part of parts) {
    const start = (part.part_number - 1) * part_size;
    const etag = await put(part.url, file.slice(start, start + part_size), {}, (sent) => onProgress(start + sent, file.size));
    if (!etag) throw new Error('The storage did not return an ETag for a part.');
    etags.push({ part_number: part.part_number, etag });
  }
  onProgress(file.size, file.size);
  return api.complete(ticket.file_id, etags);
}

/** Polls until the file is ready or failed. */
export async function waitForFile(id: string, onStatus: (meta: FileMeta) => void): Promise<FileMeta> {
  for (;;) {
    const meta = await api.getFile(id);
    onStatus(meta);
    if (meta.status === 'ready' || meta.status === 'failed') return meta;
    await new Promise((r) => setTimeout(r, 400));
  }
}
