/**
 * The differential privacy guarantee a generated file was made under, for the privacy reply: the
 * distance measures say how near synthetic rows sit to real ones, not whether any guarantee bounds
 * what they give away. PrivBayes without epsilon, or any generator fitted without it, gives none.
 */
import { z } from 'zod';
import type { StoreDeps } from '../files/service.js';
import type { FileMeta } from '../files/model.js';
import { modelKeys } from '../generation/model.js';

export interface DifferentialPrivacy {
  readonly epsilon: number;
  readonly delta?: number;
  readonly mechanism?: string;
}

/** Read leniently, as model records and lineages of every age are. */
const RecordPrivacy = z.object({ privacy: z.object({ epsilon: z.number(), delta: z.number(), mechanism: z.string() }).optional() });
const ParamsEpsilon = z.object({ params: z.object({ epsilon: z.number().optional() }).catch({}) });

/**
 * `undefined` when the file was not generated here (nothing is known of how it was made); `null`
 * when it was, without differential privacy; else the guarantee, from the model's record (the
 * epsilon spent, as the generator accounted it), or, when the model is gone, the epsilon asked for
 * in the generation's params.
 */
export async function differentialPrivacy(deps: StoreDeps, synthetic: FileMeta): Promise<DifferentialPrivacy | null | undefined> {
  if (synthetic.lineage.operation !== 'synthesize') return undefined;
  const details = synthetic.lineage.details ?? {};
  const modelId = details.model_id;
  if (typeof modelId === 'string' && (await deps.blobs.size(modelKeys.record(modelId))) !== undefined) {
    try {
      const record = RecordPrivacy.safeParse(JSON.parse(Buffer.from(await deps.blobs.getBytes(modelKeys.record(modelId))).toString('utf8')));
      if (record.success) return record.data.privacy ? { epsilon: record.data.privacy.epsilon, delta: record.data.privacy.delta, mechanism: record.data.privacy.mechanism } : null;
    } catch {
      // A model deleted meanwhile, or an unreadable record: the params are what is known.
    }
  }
  const params = ParamsEpsilon.safeParse(details);
  const epsilon = params.success ? params.data.params.epsilon : undefined;
  return epsilon === undefined ? null : { epsilon };
}
