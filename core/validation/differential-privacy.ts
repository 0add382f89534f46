/**
 * The differential privacy guarantee a generated file was made under, for the privacy reply: the
 * distance measures say how near synthetic rows sit to real ones, not whether any guarantee bounds
 * what they give away. PrivBayes without epsilon, or any generator fitted without it, gives none.
 */
import { z } from 'zod';
import type { FileMeta } from '../files/model.js';
import { synthesizers } from '../synth/registry.js';

export interface DifferentialPrivacy {
  readonly epsilon: number;
  readonly delta?: number;
  readonly mechanism?: string;
  /** What the accounting assumes public (taken from the data unnoised), so ε is read with it. */
  readonly public_metadata?: readonly string[];
}

/** Read leniently, as model records and lineages of every age are. */
const RecordPrivacy = z.object({ privacy: z.object({ epsilon: z.number(), delta: z.number(), mechanism: z.string() }).optional() });
const ParamsEpsilon = z.object({ params: z.object({ epsilon: z.number().optional() }).catch({}) });
const Generator = z.object({ generator: z.string() });

/** The generator's public metadata under DP, by the name its generation recorded; none for a name no longer known. */
function publicMetadata(details: unknown): { public_metadata?: readonly string[] } {
  const name = Generator.safeParse(details).data?.generator;
  const listed = synthesizers.find((s) => s.name === name)?.dpPublicMetadata;
  return listed ? { public_metadata: listed } : {};
}

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
    return privacy ? { epsilon: privacy.epsilon, delta: privacy.delta, mechanism: privacy.mechanism, ...publicMetadata(synthetic.lineage.details) } : null;
  }
  const params = ParamsEpsilon.safeParse(synthetic.lineage.details ?? {});
  const epsilon = params.success ? params.data.params.epsilon : undefined;
  return epsilon === undefined ? null : { epsilon, ...publicMetadata(synthetic.lineage.details) };
}
