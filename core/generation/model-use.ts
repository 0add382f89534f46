/**
 * A sample request and a model's delete at the same moment: one wins cleanly. Each side writes its
 * marker, then reads the other's: the sample marks the model in use before it reads the model, the
 * delete marks it as being deleted before it looks for users. Whichever writes second reads the
 * other's marker, so the delete is a 409 or the sample a 404, never a 204 and then a job whose model
 * vanished. A sample's marker covers its request only: once its job is started, the delete finds
 * the job itself (a model's running jobs, in deleteModel).
 */
import { z } from 'zod';
import type { StoreDeps } from '../files/service.js';
import { storedJson } from '../stored-json.js';
import { modelKeys } from './model.js';

/**
 * A marker older than this is left by a request that died (a Lambda runs at most 15 minutes), and
 * is ignored: it must not keep a model from being sampled or deleted for ever.
 */
export const MARKER_LIFETIME_MS = 15 * 60_000;

const Marker = z.object({ at: z.number() });

async function written(deps: StoreDeps, key: string, now: number): Promise<boolean> {
  const at = Marker.safeParse(await storedJson(deps.blobs, key)).data?.at;
  return at !== undefined && now - at < MARKER_LIFETIME_MS;
}

const mark = (deps: StoreDeps, key: string) => deps.blobs.put(key, JSON.stringify({ at: Date.now() }), 'application/json');

export const markSampling = (deps: StoreDeps, modelId: string, jobId: string) => mark(deps, modelKeys.sampling(modelId, jobId));
export const unmarkSampling = (deps: StoreDeps, modelId: string, jobId: string) => deps.blobs.deletePrefix(modelKeys.sampling(modelId, jobId));
export const markDeleting = (deps: StoreDeps, modelId: string) => mark(deps, modelKeys.deleting(modelId));
export const unmarkDeleting = (deps: StoreDeps, modelId: string) => deps.blobs.deletePrefix(modelKeys.deleting(modelId));

export const isBeingDeleted = (deps: StoreDeps, modelId: string, now = Date.now()) => written(deps, modelKeys.deleting(modelId), now);

/** The job a sample request is starting on the model (its marker written, its job maybe not yet), if any. */
export async function sampleStarting(deps: StoreDeps, modelId: string, now = Date.now()): Promise<string | undefined> {
  const prefix = modelKeys.samplingPrefix(modelId);
  for (const key of await deps.blobs.list(prefix)) if (await written(deps, key, now)) return key.slice(prefix.length).replace(/\.json$/, '');
  return undefined;
}
