/**
 * A Content-Disposition value any client can read: header values must be ASCII (s3rver and Node drop a
 * header with other characters, S3 mangles it), so the name goes twice: an ASCII `filename` fallback and the
 * exact name as RFC 5987 `filename*=UTF-8''…`, which every current browser prefers (curl -J saves the fallback).
 */
export function contentDisposition(mode: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (fallback === name) return `${mode}; filename="${name}"`;
  return `${mode}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Percent-encodes everything outside RFC 5987 attr-char (encodeURIComponent leaves ' ( ) * as they are). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
