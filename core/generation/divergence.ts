/**
 * Why a network's loss stopped being a number, as the job error says it: a learning rate raised
 * above its default is the likelier cause (and the user's own doing), so it is named first, with
 * its value and default; only then numbers too large or too small for the network.
 */
import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { lossName } from '../synth/loss-names.js';

export interface RaisedRate {
  readonly name: string;
  readonly value: number;
  readonly default: number;
}

/** A params key that is a step size: `learning_rate`, or CTGAN's `generator_lr` and `discriminator_lr`. */
const isRate = (key: string) => key === 'learning_rate' || key.endsWith('_lr');

const Params = z.record(z.string(), z.unknown());

/** The learning rates in `params` (already parsed) set above the defaults the schema fills in. */
export function raisedLearningRates(schema: z.ZodType, params: unknown): RaisedRate[] {
  const defaults = Params.safeParse(schema.safeParse({}).data);
  const given = Params.safeParse(params);
  if (!defaults.success || !given.success) return [];
  return Object.entries(given.data).flatMap(([name, value]) => {
    const preset = defaults.data[name];
    return isRate(name) && typeof value === 'number' && typeof preset === 'number' && value > preset ? [{ name, value, default: preset }] : [];
  });
}

/**
 * A loss that is no longer a number means the weights are NaN too: every later epoch, and every
 * sampled row, would be garbage. End the job with the reason instead of an internal error.
 */
export function assertFiniteLoss(epoch: number, loss: Readonly<Record<string, number>>, raised: readonly RaisedRate[] = []): void {
  const bad = Object.entries(loss).filter(([, v]) => !Number.isFinite(v));
  if (!bad.length) return;
  const scale = 'numbers too large or too small for the network (e.g. 1e300); rescale those columns, or try gaussian_copula or privbayes.';
  const cause = raised.length
    ? `Most likely the learning rate is too high: ${raised.map((r) => `${r.name} ${r.value} is above its default ${r.default}`).join(', ')}; lower it (the default is a safe start). Otherwise it can come from ${scale}`
    : `This usually comes from ${scale}`;
  throw unprocessable(
    `Training diverged at epoch ${epoch}: the ${bad.map(([k]) => lossName(k)).join(' and ')} ${bad.length > 1 ? 'are not finite numbers' : 'is not a finite number'}. ${cause}`,
    { epoch },
  );
}
