/**
 * The one interface every generator implements. A synthesizer fits a table into a model; a model
 * samples tables and saves to bytes (byte-deterministic, so a stored model is reproducible).
 */
import type { z } from 'zod';
import type { Table } from '../table/model.js';
import type { Rng } from '../random.js';

export type ConditionValue = string | number | boolean | null;
export type Conditions = Readonly<Record<string, ConditionValue>>;

export interface Capabilities {
  readonly conditional: boolean;
  readonly constraints: boolean;
  readonly differentialPrivacy: boolean;
}

export interface FittedModel {
  sample(rows: number, rng: Rng, conditions?: Conditions): Table;
  save(): Uint8Array;
}

export type FitProgress = (fraction: number, message?: string) => void;

export interface Synthesizer<P> {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly params: z.ZodType<P>;
  readonly capabilities: Capabilities;
  fit(table: Table, params: P, rng: Rng, onProgress?: FitProgress): FittedModel;
  load(bytes: Uint8Array): FittedModel;
}

/** A synthesizer whose params are checked at the boundary, so a registry can hold many kinds. */
export interface AnySynthesizer extends Omit<Synthesizer<unknown>, 'fit' | 'params'> {
  readonly params: z.ZodType;
  fit(table: Table, params: unknown, rng: Rng, onProgress?: FitProgress): FittedModel;
}

export function erase<P>(s: Synthesizer<P>): AnySynthesizer {
  return { ...s, fit: (table, params, rng, onProgress) => s.fit(table, s.params.parse(params), rng, onProgress) };
}

export const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decodeJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
