/**
 * The one interface every generator implements. A synthesizer fits a table into a model; a model
 * samples tables and saves to bytes (byte-deterministic, so a stored model is reproducible).
 * Generators trained epoch by epoch also expose a `trainer`, so a job can checkpoint a run and
 * resume it in another process (a fit may outlast one Lambda invocation).
 */
import { z } from 'zod';
import type { LogicalType, Table } from '../table/model.js';
import { unprocessable } from '../errors.js';
import type { Rng } from '../random.js';
import { lossName } from './loss-names.js';

export type ConditionValue = string | number | boolean | null;
export type Conditions = Readonly<Record<string, ConditionValue>>;
/** Datetime columns by name, with their format (undefined when unknown) and UTC offset: a date condition is a number, which problems write back as a date. */
export type DateFormats = ReadonlyMap<string, { readonly format: string | undefined; readonly utcOffset?: string | undefined }>;

export interface Capabilities {
  /** Sampling can fix the values of some columns (categorical and boolean ones at least). */
  readonly conditional: boolean;
  /** Conditions may also fix number and datetime columns. */
  readonly numericConditions: boolean;
  /**
   * The conditioned values are met, but the other columns follow what the network learned to make
   * given a condition vector (CTGAN's), not its model's rows that carry them: an approximation.
   */
  readonly approximateConditions?: boolean;
  /** Constraints hold on its samples; they are enforced around every sampler (constraints.ts). */
  readonly constraints: boolean;
  readonly differentialPrivacy: boolean;
}

export interface FittedModel {
  sample(rows: number, rng: Rng, conditions?: Conditions): Table;
  save(): Uint8Array;
  /** The groups the fit modelled apart (a mixture), when it split the table. */
  groups?(): FittedGroups | undefined;
  /** The differential privacy guarantee the fit gives, when it gives one. */
  privacy?(): PrivacyGuarantee | undefined;
  /** Columns the fit looks up from the column that determines them, rather than models. */
  lookups?(): readonly { readonly column: string; readonly from: string }[];
  /** Columns the fit computes from others (a total as the sum of its parts, a month off its date), rather than models. */
  formulas?(): readonly Formula[];
  /** Dates drawn on the days of the week the data holds them on (Monday to Friday), not all seven. */
  weekdays?(): readonly { readonly column: string; readonly days: readonly string[] }[];
  /** Dates drawn on the day of the month the data holds them on (the 1st, a quarter's last day). */
  monthDays?(): readonly { readonly column: string; readonly rule: string }[];
  /** Its datetime columns and their formats, so a wrapper's problems write a date condition as the column does. */
  dateFormats?(): DateFormats;
}

/** How a computed column is computed: a sum of others, a curve of one, a gap above others, a calendar part of a date, a group of one-hot flags. */
export type FormulaKind = 'sum' | 'curve' | 'gap' | 'date_part' | 'one_hot';

/** A column a fit computes from others; for one-hot flags, the group's first flag, the others its parts. */
export interface Formula {
  readonly column: string;
  readonly expression: string;
  readonly parts: readonly string[];
  readonly kind: FormulaKind;
}

export interface FittedGroups {
  /** The column whose levels define the groups. */
  readonly column: string;
  /** Each group's levels (null for missing), a second column's levels when it split the group again, and its share of the rows. */
  readonly groups: readonly {
    readonly levels: readonly (string | null)[];
    readonly within?: { readonly column: string; readonly levels: readonly (string | null)[] };
    readonly share: number;
  }[];
}

export interface PrivacyGuarantee {
  readonly epsilon: number;
  readonly delta: number;
  readonly mechanism: string;
  readonly note: string;
}

/** Progress of a fit: the share done, a line for people, and numbers for charts (epoch, losses). */
export type FitProgress = (fraction: number, message?: string, metrics?: Readonly<Record<string, number>>) => void;

/** The share of the running epoch done, between its batches; awaited (throws to stop the training). */
export type WithinEpoch = (fraction: number) => Promise<void>;

/** One epoch's losses, e.g. `{ train, validation }` or `{ generator, critic }`. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: Readonly<Record<string, number>>;
}

/** A fit in progress. Epoch e draws its randomness from (seed, e) alone, so resuming is exact. */
export interface TrainingRun {
  readonly epochsDone: number;
  readonly epochsPlanned: number;
  /** All epochs ran, or early stopping ended the run. */
  readonly finished: boolean;
  readonly history: readonly EpochRecord[];
  /**
   * One epoch. `within` hears the share of the epoch done between its batches, about once a second
   * (`clock`, in ms, injected by tests) and is awaited: a progress write, where a cancel is seen. An
   * epoch on a big table takes many seconds; reports only between epochs left the bar still that long.
   */
  runEpoch(within?: WithinEpoch, clock?: () => number): Promise<EpochRecord>;
  /** Everything needed to resume (weights, optimiser state, preprocessing), never the training rows. */
  checkpoint(): Uint8Array;
  /** The fitted model (the best weights when early stopping kept them); ends the run. */
  finish(): FittedModel;
  dispose(): void;
}

/**
 * Progress of the work before the first epoch (fitting each column's encoding can take longer than
 * an epoch on a big table). Awaited between pieces of that work, so a report gets written while it runs.
 */
export type PrepareProgress = (done: number, total: number, message: string) => Promise<void>;

/** What a fit must leave modelled, for columns it would otherwise compute from others (sums, curves, gaps, date parts, one-hot flags). */
export interface FitOptions {
  /** Columns the request's conditions fix: never computed (a total conditioned on must be modelled). */
  readonly conditioned?: readonly string[];
  /** Of those, the ones fixed to 1: a one-hot flag so fixed keeps its group, whose level the condition then names… */
  readonly setToOne?: readonly string[];
  /** …and the ones fixed to 0, which keep a group only beside a flag of it fixed to 1 (alone, several levels stay open). */
  readonly setToZero?: readonly string[];
  /** Columns its formula constraints compute afterwards: neither computed nor computed from. */
  readonly computed?: readonly string[];
}

export interface Trainer<P> {
  start(table: Table, params: P, seed: number, onPrepare?: PrepareProgress, options?: FitOptions): Promise<TrainingRun>;
  resume(table: Table, checkpoint: Uint8Array): Promise<TrainingRun>;
}

/** A column as a fit will see it (PII to fake or drop left out), for checking params that name columns. */
/** A check of params against the modelled table (the source's rows, less the columns left out of the model: PII faked or dropped, the primary key): throws a 422. */
export type DataCheck = (table: Table) => void;

export interface ParamColumn {
  readonly name: string;
  readonly type: LogicalType;
}

/**
 * The `numerical_distributions` param: a distribution by column name. zod's record drops a
 * `__proto__` key without a word, so one is refused here (the params' 422) rather than ignored.
 * A preprocess, not columnRecord, so the params' input JSON Schema stays the plain record.
 */
export function numericalDistributions<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((raw, ctx) => {
    if (typeof raw === 'object' && raw !== null && Object.hasOwn(raw, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: 'names "__proto__", which a distribution cannot be given for (it would be dropped); rename the column', path: ['__proto__'], input: raw });
    }
    return raw;
  }, z.record(z.string(), z.enum(values)));
}

/** `numerical_distributions` may name number and datetime columns only: a 422 names the first that is not one. */
export function checkNumericalDistributions(distributions: Readonly<Record<string, unknown>>, columns: readonly ParamColumn[]): void {
  for (const name of Object.keys(distributions)) {
    const type = columns.find((c) => c.name === name)?.type;
    if (type !== 'integer' && type !== 'float' && type !== 'datetime') {
      throw unprocessable(
        `numerical_distributions names ${JSON.stringify(name)}, which is ${type ? `a ${type} column` : 'not a modelled column (unknown, or left out of the model as PII or the primary key)'}; it takes number and datetime columns.`,
      );
    }
  }
}

export interface Synthesizer<P> {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly params: z.ZodType<P>;
  readonly capabilities: Capabilities;
  /** Under differential privacy, what the accounting takes from the data unnoised as public metadata (the privacy report lists it). */
  readonly dpPublicMetadata?: readonly string[];
  /**
   * Rows a job's sample step draws per batch, a progress report between batches (sample-batches.ts):
   * fewer than the default for a slow sampler, so its bar moves and a cancel is seen about once a
   * second. A fixed count, so the same seed gives the same rows; unset, the default.
   */
  readonly sampleBatchRows?: number;
  /**
   * A 422 for params naming columns the table cannot serve, raised when the request arrives rather
   * than in its job; what only the rows can settle comes back as a check the caller runs on them.
   */
  checkParams?(params: P, columns: readonly ParamColumn[]): DataCheck | void;
  fit(table: Table, params: P, rng: Rng, onProgress?: FitProgress, options?: FitOptions): Promise<FittedModel>;
  load(bytes: Uint8Array): Promise<FittedModel>;
  readonly trainer?: Trainer<P>;
}

/** A synthesizer whose params are checked at the boundary, so a registry can hold many kinds. */
export interface AnySynthesizer extends Omit<Synthesizer<unknown>, 'fit' | 'params' | 'trainer' | 'checkParams'> {
  readonly params: z.ZodType;
  checkParams(params: unknown, columns: readonly ParamColumn[]): DataCheck | void;
  fit(table: Table, params: unknown, rng: Rng, onProgress?: FitProgress, options?: FitOptions): Promise<FittedModel>;
  readonly trainer?: Trainer<unknown>;
}

export function erase<P>(s: Synthesizer<P>): AnySynthesizer {
  const { trainer, checkParams } = s;
  return {
    ...s,
    fit: (table, params, rng, onProgress, options) => s.fit(table, s.params.parse(params), rng, onProgress, options),
    checkParams: (params, columns) => checkParams?.call(s, s.params.parse(params), columns),
    trainer: trainer && { start: (table, params, seed, onPrepare, options) => trainer.start(table, s.params.parse(params), seed, onPrepare, options), resume: trainer.resume },
  };
}

/** Runs a training to its end, reporting every epoch: the `fit` of every iterative generator. */
export async function trainToEnd(run: TrainingRun, onProgress?: FitProgress): Promise<FittedModel> {
  try {
    while (!run.finished) {
      const epochsDone = run.epochsDone;
      const within = onProgress && (async (fraction: number) => onProgress((epochsDone + fraction) / run.epochsPlanned, withinEpochMessage(epochsDone + 1, run.epochsPlanned, fraction)));
      const { epoch, loss } = await run.runEpoch(within);
      onProgress?.(run.epochsDone / run.epochsPlanned, describeEpoch(epoch, run.epochsPlanned, loss), { epoch, ...loss });
    }
    return run.finish();
  } finally {
    run.dispose();
  }
}

/** "epoch 1/2 (40 % of its batches)": a report between an epoch's batches. */
export function withinEpochMessage(epoch: number, planned: number, fraction: number): string {
  return `epoch ${epoch}/${planned} (${Math.round(fraction * 100)} % of its batches)`;
}

/** "epoch 3/300: generator loss 1.2000, discriminator loss -0.0683, gradient penalty 5.9837": losses by name (lossName). */
export function describeEpoch(epoch: number, planned: number, loss: Readonly<Record<string, number>>): string {
  const parts = Object.entries(loss).map(([k, v]) => `${lossName(k)} ${v.toFixed(4)}`);
  return `epoch ${epoch}/${planned}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** The fit of an iterative generator: a seed from the caller's stream, then every epoch. */
export function fitByTraining<P>(trainer: Trainer<P>): Synthesizer<P>['fit'] {
  return async (table, params, rng, onProgress, options) => trainToEnd(await trainer.start(table, params, rng.uint32(), undefined, options), onProgress);
}

export const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decodeJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
