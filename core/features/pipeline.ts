/** A pipeline: steps fitted in order, each on the output of the previous; re-applied as recorded. */
import { z } from 'zod';
import type { Table } from '../table/model.js';
import { FittedStep, StepSpec, applyStep, fitStep } from './transforms.js';

export const Pipeline = z
  .object({
    format: z.literal('tabmimic.features.v1'),
    input_columns: z.array(z.string()),
    steps: z.array(FittedStep),
  })
  .meta({ id: 'FeaturePipeline' });
export type Pipeline = z.infer<typeof Pipeline>;

export function fitPipeline(table: Table, specs: readonly StepSpec[], seed: number): { pipeline: Pipeline; output: Table } {
  let current = table;
  const steps: FittedStep[] = [];
  for (const spec of specs) {
    const step = { spec, fitted: fitStep(current, spec, seed) };
    current = applyStep(current, step, true);
    steps.push(step);
  }
  return { pipeline: { format: 'tabmimic.features.v1', input_columns: table.columns.map((c) => c.name), steps }, output: current };
}

/**
 * Applies a fitted pipeline without refitting. `training` is for the file it was fitted on: target
 * encodings are then out of fold, exactly as when fitting; on other files they use the recorded means.
 */
export function applyPipeline(table: Table, pipeline: Pipeline, training = false): Table {
  return pipeline.steps.reduce((t, step) => applyStep(t, step, training), table);
}
