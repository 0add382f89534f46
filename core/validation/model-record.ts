/**
 * The record of the model a synthetic file was sampled from, as plain JSON for its readers to parse
 * leniently (records of every age): read once per request, for the columns it left out and the
 * differential privacy it was fitted under.
 */
import type { StoreDeps } from '../files/service.js';
import type { FileMeta } from '../files/model.js';
import { modelRecordJson } from '../generation/model.js';

/** Undefined when the file was not generated here, its model is gone, or its record does not read as JSON. */
export async function readModelRecordJson(deps: StoreDeps, synthetic: FileMeta): Promise<unknown> {
  const modelId = synthetic.lineage.operation === 'synthesize' ? synthetic.lineage.details?.model_id : undefined;
  if (typeof modelId !== 'string') return undefined;
  // A model deleted meanwhile, or an unreadable record, reads as none: what else is known stands.
  return modelRecordJson(deps.blobs, modelId);
}
