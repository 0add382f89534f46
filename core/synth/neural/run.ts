/**
 * The epoch loop every neural generator shares: seeded per-epoch randomness, loss history, early
 * stopping on a validation loss with the best weights kept, and checkpoints that hold everything
 * a resumed run needs (weights, optimiser moments, loop state), so that stopping after epoch k and
 * resuming gives the very bytes of an uninterrupted run.
 */
import { z } from 'zod';
import { Rng } from '../../random.js';
import { decodeJson, encodeJson, type EpochRecord, type FittedModel, type TrainingRun, type WithinEpoch } from '../synthesizer.js';
import { AdamState, SavedTensor, decodeFloats, encodeFloats, type Params } from './nn.js';

/** What the loop needs of an optimiser (nn.ts's Adam, host-adam.ts's HostAdam): its state, to checkpoint. */
export interface Optimizer {
  save(): AdamState;
  restore(state: AdamState): void;
  dispose(): void;
}

/** What a generator's network exposes to the loop. */
export interface Network {
  readonly params: Params;
  readonly optimizers: readonly Optimizer[];
  /**
   * One pass over the training rows with this epoch's randomness; the epoch's mean losses. `between`
   * is called after each batch (it draws no randomness: the fitted bytes stay the same with or without it).
   */
  trainEpoch(rng: Rng, between?: BatchHook): Record<string, number> | Promise<Record<string, number>>;
  /** Loss on held-out rows, when there are any: drives early stopping. */
  validationLoss(): number | undefined;
  /** The fitted model with the current weights. */
  fitted(): FittedModel;
  dispose(): void;
}

/** After a batch: the batches done and planned this epoch; a returned promise is awaited before the next batch. */
export type BatchHook = (done: number, total: number) => Promise<void> | undefined;

/** At most one report a second within an epoch: a write costs a round trip, and a second is when a cancel should be seen. */
export const WITHIN_EPOCH_MS = 1000;

/**
 * `within` as a batch hook, called at most every WITHIN_EPOCH_MS by `clock` and never after the last
 * batch (the epoch's own report follows). Calls in between return nothing, so the loop stays synchronous.
 */
export function throttledBatches(within: WithinEpoch, clock: () => number, everyMs = WITHIN_EPOCH_MS): BatchHook {
  let lastAt = clock();
  return (done, total) => {
    if (done >= total) return undefined;
    const now = clock();
    if (now - lastAt < everyMs) return undefined;
    lastAt = now;
    // A turn of the event loop first: the write (and a cancel flag's read) must get out.
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => within(done / total));
  };
}

export interface LoopSettings {
  readonly epochs: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
  /** A validation loss must beat the best by this share of it to count as better. */
  readonly minImprovement?: number;
}

const Checkpoint = z.object({
  format: z.literal('tabmimic.checkpoint.v1'),
  generator: z.string(),
  seed: z.number().int(),
  params: z.unknown(),
  epochs_done: z.number().int(),
  history: z.array(z.object({ epoch: z.number().int(), loss: z.record(z.string(), z.number()) })),
  best: z.object({ loss: z.number(), epoch: z.number().int(), weights: z.array(SavedTensor) }).nullable(),
  stopped: z.boolean(),
  weights: z.array(SavedTensor),
  optimizers: z.array(AdamState),
});
type Checkpoint = z.infer<typeof Checkpoint>;

/** The spec a checkpoint was made from, so the generator can rebuild the same network. */
export function checkpointSpec(bytes: Uint8Array): { generator: string; seed: number; params: unknown } {
  const c = Checkpoint.parse(decodeJson(bytes));
  return { generator: c.generator, seed: c.seed, params: c.params };
}

export class NetworkRun implements TrainingRun {
  private done = 0;
  private readonly log: EpochRecord[] = [];
  private best: { loss: number; epoch: number; weights: Map<string, Float32Array> } | undefined;
  private stopped = false;

  constructor(
    private readonly generator: string,
    private readonly seed: number,
    private readonly params: unknown,
    private readonly net: Network,
    private readonly loop: LoopSettings,
  ) {}

  get epochsDone(): number {
    return this.done;
  }

  get epochsPlanned(): number {
    return this.loop.epochs;
  }

  get finished(): boolean {
    return this.stopped || this.done >= this.loop.epochs;
  }

  get history(): readonly EpochRecord[] {
    return this.log;
  }

  async runEpoch(within?: WithinEpoch, clock: () => number = () => performance.now()): Promise<EpochRecord> {
    if (this.finished) throw new Error('training already finished');
    const epoch = this.done + 1;
    const between = within && throttledBatches(within, clock);
    const loss = { ...(await this.net.trainEpoch(Rng.derived(this.seed, `epoch:${epoch}`), between)) };
    const validation = this.net.validationLoss();
    if (validation !== undefined) {
      loss.validation = validation;
      const best = this.best;
      if (!best || validation < best.loss - Math.abs(best.loss) * (this.loop.minImprovement ?? 0)) {
        this.best = { loss: validation, epoch, weights: this.net.params.snapshot() };
      } else if (epoch - best.epoch >= this.loop.patience) this.stopped = true;
    }
    const record = { epoch, loss };
    this.log.push(record);
    this.done = epoch;
    // Give the event loop a turn between epochs (progress writes, cancellation).
    await new Promise((resolve) => setImmediate(resolve));
    return record;
  }

  checkpoint(): Uint8Array {
    const checkpoint: Checkpoint = {
      format: 'tabmimic.checkpoint.v1',
      generator: this.generator,
      seed: this.seed,
      params: this.params,
      epochs_done: this.done,
      history: this.log,
      best: this.best ? { loss: this.best.loss, epoch: this.best.epoch, weights: savedFrom(this.best.weights, this.net.params) } : null,
      stopped: this.stopped,
      weights: this.net.params.save(),
      optimizers: this.net.optimizers.map((o) => o.save()),
    };
    return encodeJson(checkpoint);
  }

  /** Puts a run back where a checkpoint left it (the network was rebuilt from the same spec). */
  restore(bytes: Uint8Array): this {
    const c = Checkpoint.parse(decodeJson(bytes));
    this.net.params.restore(c.weights);
    c.optimizers.forEach((state, i) => this.net.optimizers[i]?.restore(state));
    this.done = c.epochs_done;
    this.log.splice(0, this.log.length, ...c.history);
    this.stopped = c.stopped;
    this.best = c.best ? { loss: c.best.loss, epoch: c.best.epoch, weights: new Map(c.best.weights.map((t) => [t.name, decodeFloats(t.data)])) } : undefined;
    return this;
  }

  finish(): FittedModel {
    if (this.best) this.net.params.restore(this.best.weights);
    return this.net.fitted();
  }

  dispose(): void {
    this.net.dispose();
  }
}

function savedFrom(weights: ReadonlyMap<string, Float32Array>, params: Params): SavedTensor[] {
  return [...weights].map(([name, data]) => ({ name, shape: params.get(name).shape, data: encodeFloats(data) }));
}
