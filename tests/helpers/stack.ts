import type { Job } from '../../core/jobs/model.js';
import type { FileMeta } from '../../core/files/model.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack, type RunningStack, type StackOptions } from '../../local/stack.js';

export const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
export const dataset = (name: string) => join(DATASETS, name);

export interface TestStack extends RunningStack {
  readonly dataDir: string;
  /** Closes the stack and removes its data directory. */
  destroy(): Promise<void>;
}

/** A fresh embedded stack on a free port with its own temporary data directory (or the one given). */
export async function testStack(dataDir?: string, options: Pick<StackOptions, 'steps'> = {}): Promise<TestStack> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'tabmimic-test-')));
  const stack = await startStack({ dataDir: dir, port: 0, ...options });
  return {
    ...stack,
    dataDir: dir,
    destroy: async () => {
      await stack.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A job once it has ended (succeeded, failed or cancelled), polled over GET /jobs/{id}. */
export function jobEnded(base: string, jobId: string, timeoutMs = 120_000): Promise<Job> {
  return until(async () => {
    const job = (await call<Job>(base, 'GET', `/jobs/${jobId}`)).json;
    return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled' ? job : undefined;
  }, `job ${jobId}`, timeoutMs);
}

export type Generated = { job_id: string; generated_file_id: string; model_id: string };

/** POST /synth/generate, then its job once it has succeeded; a refusal or a job that did not succeed throws with its reason. */
export async function generated(base: string, body: Record<string, unknown>, timeoutMs?: number): Promise<Generated> {
  const started = await call<Generated>(base, 'POST', '/synth/generate', { json: body });
  if (started.status !== 202) throw new Error(`generate was refused (${started.status}): ${started.text}`);
  const job = await jobEnded(base, started.json.job_id, timeoutMs);
  if (job.status !== 'succeeded') throw new Error(`generation ${job.status}: ${JSON.stringify(job.error)}`);
  return started.json;
}

export type Applied = { job_id: string; file_id: string; pipeline: unknown };

/** POST /features/apply, then its job once it has succeeded; a refusal or a job that did not succeed throws with its reason. */
export async function featuresApplied(base: string, body: object, timeoutMs?: number): Promise<Applied> {
  const started = await call<Applied>(base, 'POST', '/features/apply', { json: body });
  if (started.status !== 202) throw new Error(`features/apply was refused (${started.status}): ${started.text}`);
  const job = await jobEnded(base, started.json.job_id, timeoutMs);
  if (job.status !== 'succeeded') throw new Error(`feature job ${job.status}: ${JSON.stringify(job.error)}`);
  return started.json;
}

/** A generated file's download in `format`, fetched from the presigned address it redirects to. */
export async function downloaded(base: string, generatedFileId: string, format: 'csv' | 'json' | 'parquet' = 'csv'): Promise<Response> {
  const redirect = await call(base, 'GET', `/synth/${generatedFileId}/download?format=${format}`);
  if (redirect.status !== 302) throw new Error(`download did not redirect (${redirect.status}): ${redirect.text}`);
  return fetch(redirect.headers.get('location')!);
}

/** A file's record once its ingest has settled (ready or failed), polled over GET /files/{id}. */
export function fileSettled(base: string, id: string, timeoutMs = 120_000): Promise<FileMeta> {
  return until(async () => {
    const r = await call<FileMeta>(base, 'GET', `/files/${id}`);
    return r.json.status === 'ready' || r.json.status === 'failed' ? r.json : undefined;
  }, `file ${id} to finish ingest`, timeoutMs);
}

/** JSON helper that keeps status and content type for assertions. */
/** A problem document, or whatever shape the caller names in T. */
export type Reply<T> = { status: number; type: string; json: T; text: string; headers: Headers };
export type ProblemBody = { status: number; title: string; detail: string; [member: string]: unknown };

export async function call<T = ProblemBody>(
  base: string,
  method: string,
  path: string,
  init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const res = await fetch(base + path, {
    method,
    redirect: 'manual',
    headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const json = (type.includes('json') && text ? JSON.parse(text) : undefined) as T;
  return { status: res.status, type, json, text, headers: res.headers };
}

export async function uploadDirect<T = ProblemBody>(base: string, filename: string, content: string | Uint8Array, type = 'text/csv') {
  const form = new FormData();
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  form.append('file', new Blob([part], { type }), filename);
  return call<T>(base, 'POST', '/files/upload', { body: form });
}
