/** Why a file failed, in the words its record keeps (failure.detail, plus the line when the detail does not name it). */
import type { FileMeta } from './api.js';

/** The failed file's reason; undefined for a file that did not fail. */
export function failureText(f: Pick<FileMeta, 'status' | 'failure'>): string | undefined {
  if (f.status !== 'failed') return undefined;
  const detail = f.failure?.detail ?? 'It failed, and no reason was recorded.';
  return f.failure?.line && !/\bline \d/i.test(detail) ? `${detail} (line ${f.failure.line})` : detail;
}
