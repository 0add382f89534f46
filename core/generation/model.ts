import { z } from 'zod';
import { FileId } from '../files/model.js';
import { Constraint } from '../synth/constraints.js';
import { FakePlan } from '../pii/fake.js';
import { KeyPlan } from './keys.js';
import { FittedColumn } from './fitted-columns.js';
import { columnRecord } from '../records.js';
import type { BlobStore } from '../ports.js';
import { storedJson } from '../stored-json.js';
import { seedNumber } from '../seed.js';

export const ModelId = z.string().regex(/^m_[0-9a-z]{10,40}$/, 'not a model id');

export const ConditionValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
// columnRecord, not z.record: a column may be called `__proto__`.
export const Conditions = columnRecord(ConditionValue).describe('Fixed values for some columns; every sampled row has them');
export type Conditions = z.infer<typeof Conditions>;

/** The most rows one request generates, by `rows` or by `ratio` (resolveRows). */
export const MAX_ROWS = 10_000_000;

const SampleSize = {
  rows: z.number().int().min(1).max(MAX_ROWS).optional().describe('Rows to generate; default: as many as the source'),
  ratio: z.number().positive().max(1000).optional().describe('Rows as a multiple of the source rows (instead of `rows`)'),
};

const Seed = seedNumber().optional().describe('Same seed, same data: identical bytes. Default: a random seed, recorded in the lineage');

export const GenerateRequest = z
  .object({
    file_id: FileId,
    generator: z.string().min(1).describe('A name or alias from GET /synth/models'),
    ...SampleSize,
    seed: Seed,
    params: z.record(z.string(), z.unknown()).default({}).describe("The generator's parameters (see its JSON Schema)"),
    conditions: Conditions.optional(),
    constraints: z.array(Constraint).max(50).default([]).describe('Rules every generated row obeys; checked against the real data first'),
  })
  .refine((r) => r.rows === undefined || r.ratio === undefined, { message: 'give rows or ratio, not both' })
  .meta({ id: 'GenerateRequest' });
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const FitRequest = z
  .object({
    file_id: FileId,
    generator: z.string().min(1),
    seed: Seed,
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'FitRequest' });
export type FitRequest = z.infer<typeof FitRequest>;

export const SampleRequest = z
  .object({ ...SampleSize, seed: Seed, conditions: Conditions.optional(), constraints: z.array(Constraint).max(50).default([]) })
  .refine((r) => r.rows === undefined || r.ratio === undefined, { message: 'give rows or ratio, not both' })
  .meta({ id: 'SampleRequest' });
export type SampleRequest = z.infer<typeof SampleRequest>;

export const GenerationStarted = z.object({
  job_id: z.string(),
  generated_file_id: FileId,
  model_id: ModelId,
  seed: z.number().int(),
  rows: z.number().int(),
});

export const FitStarted = z.object({ job_id: z.string(), model_id: ModelId, seed: z.number().int() });

/** What the pipeline steps carry in the job input. */
export const GenerationInput = z.object({
  file_id: FileId,
  generator: z.string(),
  seed: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  model_id: ModelId,
  generated_file_id: FileId.optional(),
  output_file_id: FileId.optional(),
  rows: z.number().int().optional(),
  conditions: Conditions.optional(),
  constraints: z.array(Constraint).default([]),
});
export type GenerationInput = z.infer<typeof GenerationInput>;

export const ModelRecord = z.object({
  model_id: ModelId,
  generator: z.string(),
  source_file_id: FileId,
  source_rows: z.number().int(),
  seed: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  fit_seconds: z.number(),
  /** Columns left out of the model: replaced by fakes or dropped, as the schema's PII actions say. */
  // A fake column's plan (its type, shape and pool, fakes only); models fitted before plans kept name and kind, and get text fakes.
  pii: z.object({ fake: z.array(z.union([FakePlan, z.object({ name: z.string(), kind: z.string() })])), drop: z.array(z.string()) }).default({ fake: [], drop: [] }),
  /** Primary keys: left out of the model, each synthetic row gets a new one (keys.ts). */
  keys: z.array(KeyPlan).default([]),
  /** Output column order (the source's, without dropped columns). */
  columns: z.array(z.string()).default([]),
  /**
   * The source's columns as fitted (type, spelling, missing cells, labels): a sample is checked and
   * described by these even if the file was retyped since. Absent in records made before it was kept.
   */
  fitted_columns: z.array(FittedColumn).optional(),
  /** The groups the fit modelled apart, when it split the table (the copula's strata). */
  groups: z
    .object({
      column: z.string(),
      groups: z.array(
        z.object({
          levels: z.array(z.string().nullable()),
          within: z.object({ column: z.string(), levels: z.array(z.string().nullable()) }).optional().describe('A group split again by a second column: its levels here'),
          share: z.number(),
        }),
      ),
    })
    .optional(),
  /** Columns looked up from the column that determines them (a code from its name), not modelled. */
  lookups: z.array(z.object({ column: z.string(), from: z.string() })).optional(),
  /** Columns computed from others on every row of the data (a total as the sum of its parts), not modelled. */
  formulas: z
    .array(
      z.object({
        column: z.string(),
        expression: z.string(),
        parts: z.array(z.string()).optional().describe('The columns it is computed from'),
        kind: z.enum(['sum', 'curve', 'gap', 'date_part', 'one_hot']).optional().describe('How it is computed; absent in records made before kinds were recorded'),
      }),
    )
    .optional(),
  /** Datetime columns the data holds on some days of the week only (trading days), drawn on those days. */
  weekdays: z.array(z.object({ column: z.string(), days: z.array(z.string()).describe('Monday, Tuesday, …') })).optional(),
  /** Datetime columns the data holds on one day of the month (a monthly series dated the 1st), drawn on such dates. */
  month_days: z.array(z.object({ column: z.string(), rule: z.string().describe('on the 1st of the month, on the last day of March, June, September and December, …') })).optional(),
  /** The differential privacy guarantee of the fit, when the generator gives one. */
  privacy: z.object({ epsilon: z.number(), delta: z.number(), mechanism: z.string(), note: z.string() }).optional(),
  /** Iterative generators: how training went, epoch by epoch (the loss curve). */
  training: z
    .object({
      epochs: z.number().int(),
      planned_epochs: z.number().int(),
      stopped_early: z.boolean(),
      history: z.array(z.object({ epoch: z.number().int(), loss: z.record(z.string(), z.number()) })),
    })
    .optional(),
}).meta({ id: 'ModelRecord' });
export type ModelRecord = z.infer<typeof ModelRecord>;

export const modelKeys = {
  prefix: (id: string) => `models/${id}/`,
  artifact: (id: string) => `models/${id}/model.bin`,
  record: (id: string) => `models/${id}/model.json`,
  checkpointPrefix: (id: string) => `models/${id}/checkpoint/`,
  checkpoint: (id: string) => `models/${id}/checkpoint/state.bin`,
  checkpointInfo: (id: string) => `models/${id}/checkpoint/info.json`,
  /** Written when its fit's job starts (FitMarker): a model with no record yet is known to be on its way, not gone. */
  fitting: (id: string) => `models/${id}/fitting.json`,
  /** Written by a sample request before it reads the model, removed once its job is started (model-use.ts). */
  samplingPrefix: (id: string) => `models/${id}/sampling/`,
  sampling: (id: string, jobId: string) => `models/${id}/sampling/${jobId}.json`,
  /** Written by a delete before it looks for users of the model; gone with the model, or removed when the delete is refused. */
  deleting: (id: string) => `models/${id}/deleting.json`,
  /**
   * An empty marker per model fitted on a file, written when the fit starts: deleting the file finds
   * its models here even after the jobs that named them are gone (deleting a generated file deletes
   * the job that fitted its model). Outside `models/<id>/`, so no model id can collide with it.
   */
  sourcePrefix: (fileId: string) => `model-sources/${fileId}/`,
  source: (fileId: string, modelId: string) => `model-sources/${fileId}/${modelId}`,
};

/** The job fitting a model and its source: found by the model's id alone, before the model has a record. */
export const FitMarker = z.object({ job_id: z.string(), source_file_id: FileId });
export type FitMarker = z.infer<typeof FitMarker>;

/** A model's stored record as plain JSON, undefined when it has none (or none that reads): getModel parses it strictly, validation leniently. */
export const modelRecordJson = (blobs: Pick<BlobStore, 'size' | 'getBytes'>, modelId: string): Promise<unknown> => storedJson(blobs, modelKeys.record(modelId));
