/** A pipeline: steps fitted in order, each on the output of the previous; re-applied as recorded. */
import { z } from 'zod';
import { unprocessable } from '../errors.js';
import type { Table } from '../table/model.js';
import { FittedStep, StepSpec, applyStep, checkFitted, columnsRead, fitStep } from './transforms.js';

export const Pipeline = z
  .object({
    format: z.literal('tabmimic.features.v1'),
    input_columns: z.array(z.string()).describe('The source columns the steps read; a file needs these to apply the pipeline'),
    // As `steps` of an apply request: a pipeline of no steps would store an unchanged copy as a derived file.
    steps: z.array(FittedStep).min(1),
  })
  .strict()
  .meta({ id: 'FeaturePipeline' });
export type Pipeline = z.infer<typeof Pipeline>;

export function fitPipeline(table: Table, specs: readonly StepSpec[], seed: number): { pipeline: Pipeline; output: Table } {
  let current = table;
  const steps: FittedStep[] = [];
  for (const [i, spec] of specs.entries()) {
    const step = { spec, fitted: fitStep(current, spec, seed, specs.slice(i + 1)) };
    current = applyStep(current, step, true);
    steps.push(step);
  }
  requireAColumn(table, current);
  return { pipeline: { format: 'tabmimic.features.v1', input_columns: sourceColumnsRead(table, steps), steps }, output: current };
}

/**
 * The source columns the steps read, in the source's order: only these, so the pipeline applies
 * to any file that has them. A column a step reads after an earlier step made it is not one.
 */
function sourceColumnsRead(table: Table, steps: readonly FittedStep[]): string[] {
  const made = new Set<string>();
  const read = new Set<string>();
  let before = new Set(table.columns.map((c) => c.name));
  let current = table;
  for (const step of steps) {
    for (const name of columnsRead(step.spec)) if (!made.has(name)) read.add(name);
    current = applyStep(current, step, false);
    const after = new Set(current.columns.map((c) => c.name));
    for (const name of after) if (!before.has(name)) made.add(name);
    before = after;
  }
  return table.columns.map((c) => c.name).filter((n) => read.has(n));
}

/** A pipeline brought by a user: every step's fitted parameters as fitting records them (422 otherwise). */
export function checkPipeline(pipeline: Pipeline): Pipeline {
  return { ...pipeline, steps: pipeline.steps.map((step, i) => checkFitted(step, i)) };
}

/**
 * Applies a fitted pipeline without refitting. `training` is for the file it was fitted on: target
 * encodings are then out of fold, exactly as when fitting; on other files they use the recorded means.
 */
export function applyPipeline(table: Table, pipeline: Pipeline, training = false): Table {
  return requireAColumn(table, pipeline.steps.reduce((t, step) => applyStep(t, step, training), table));
}

/**
 * A table of no columns is no file: nothing could profile, synthesise or score it. Which columns
 * survive depends only on the steps and the columns, so this is known before any row is written.
 */
export function requireAColumn(input: Table, output: Table): Table {
  if (output.columns.length > 0) return output;
  throw unprocessable('The steps drop every column of the file: keep at least one.', {
    columns: input.columns.map((c) => c.name),
  });
}
