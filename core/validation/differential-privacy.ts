/**
 * The differential privacy guarantee a generated file was made under, for the privacy reply: the
 * distance measures say how near synthetic rows sit to real ones, not whether any guarantee bounds
 * what they give away. PrivBayes without epsilon, or any generator fitted without it, gives none.
 */
import { z } from 'zod';
import type { FileMeta } from '../files/model.js';

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
 * when it was, without differential privacy; else the guarantee, from the model's record
 * (readModelRecordJson: the epsilon spent, as the generator accounted it), or, when the model is
 * gone, the epsilon asked for in the generation's params.
 */
export function differentialPrivacy(synthetic: FileMeta, modelRecord: unknown): DifferentialPrivacy | null | undefined {
  if (synthetic.lineage.operation !== 'synthesize') return undefined;
  const record = RecordPrivacy.safeParse(modelRecord);
  if (record.success) {
    const privacy = record.data.privacy;
    return privacy ? { epsilon: privacy.epsilon, delta: privacy.delta, mechanism: privacy.mechanism } : null;
  }
  const params = ParamsEpsilon.safeParse(synthetic.lineage.details ?? {});
  const epsilon = params.success ? params.data.params.epsilon : undefined;
  return epsilon === undefined ? null : { epsilon };
}
