/** A pipeline: steps fitted in order, each on the output of the previous; re-applied as recorded. */
import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { getColumn, type Table } from '../table/model.js';
import { FittedStep, StepSpec, applyStep, checkFitted, columnsRead, fitStep, fittedNames, followRenames, outputNames, stepLabel } from './transforms.js';

/** As many steps as an apply request may give: a pipeline brought back is held to the same. */
export const MAX_STEPS = 200;

export const Pipeline = z
  .object({
    format: z.literal('tabmimic.features.v1'),
    // Every step reads a column, the first one from the source: fitting never records an empty list.
    input_columns: z
      .array(z.string())
      .min(1, 'must name the source columns the steps read')
      .refine((names) => new Set(names).size === names.length, 'must not repeat a column')
      .describe('The source columns the steps read; a file needs these to apply the pipeline'),
    // As `steps` of an apply request: a pipeline of no steps would store an unchanged copy as a derived file.
    steps: z.array(FittedStep).min(1).max(MAX_STEPS, `must have at most ${MAX_STEPS} steps`),
  })
  .strict()
  // The first step reads only source columns (nothing came before it), so those are listed (an empty list, of columns or steps, has its own message: zod runs this refine after those fail).
  .refine((p) => p.input_columns.length === 0 || p.steps.length === 0 || columnsRead(p.steps[0]!.spec).every((n) => p.input_columns.includes(n)), {
    message: 'must list every column step 0 reads: it reads the source file',
    path: ['input_columns'],
  })
  .meta({ id: 'FeaturePipeline' });
export type Pipeline = z.infer<typeof Pipeline>;

export function fitPipeline(table: Table, specs: readonly StepSpec[], seed: number): { pipeline: Pipeline; output: Table } {
  let current = table;
  const steps: FittedStep[] = [];
  const removed = new Map<string, Removal>();
  for (const [i, spec] of specs.entries()) {
    requireColumns(current, spec, i, removed);
    const step = { spec, fitted: requireFiniteFit(fitStep(current, spec, seed, specs.slice(i + 1)), spec, i) };
    const next = applyStep(current, step, true, i);
    noteRemoved(current, next, spec, i, removed);
    current = next;
    steps.push(step);
  }
  requireAColumn(table, current);
  return { pipeline: { format: 'tabmimic.features.v1', input_columns: sourceColumnsRead(table, steps), steps }, output: current };
}

/**
 * Applies fitted steps in order, each to the previous one's output; `each` sees every step as
 * applied (see asApplied), its input and output, the step as fitted, and the names of the columns
 * it added (outputNames, in the order it adds them). A step reading a column an earlier one removed
 * is a 422 that says which step did.
 */
export function applySteps(
  table: Table,
  steps: readonly FittedStep[],
  training: boolean,
  each?: (step: FittedStep, input: Table, output: Table, asFitted: FittedStep, added: readonly string[]) => void,
): Table {
  let current = table;
  const removed = new Map<string, Removal>();
  // Columns a step added under another name than when fitted, as this file had that one: fitted name → name here.
  const renamed = new Map<string, string>();
  for (const [i, fitted] of steps.entries()) {
    const step = asApplied(fitted, renamed);
    requireColumns(current, step.spec, i, removed);
    const added = outputNames(current, step);
    const next = applyStep(current, step, training, i, added);
    each?.(step, current, next, fitted, added);
    noteRemoved(current, next, step.spec, i, removed);
    noteRenamed(fittedNames(step), added, renamed);
    current = next;
  }
  return current;
}

/**
 * A step as this file needs it: reading the columns earlier steps made under the names they have
 * here (followRenames), and naming its own as fitted — not after the renamed columns it reads
 * (`b_missing*b`, not `b_missing_2*b`), which is what a reader of the pipeline's output looks for.
 */
function asApplied(step: FittedStep, renamed: ReadonlyMap<string, string>): FittedStep {
  const spec = followRenames(step.spec, renamed);
  return spec === step.spec ? step : { spec, fitted: { ...step.fitted, names: fittedNames(step) } };
}

function noteRenamed(fitted: readonly string[], actual: readonly string[], renamed: Map<string, string>): void {
  fitted.forEach((name, i) => (actual[i] !== name ? renamed.set(name, actual[i]!) : renamed.delete(name)));
}

/** The step that removed a column: a drop, or one that replaced it (one_hot, bin, frequency, target_encode). */
type Removal = { step: number; kind: StepSpec['kind'] };

function noteRemoved(input: Table, output: Table, spec: StepSpec, index: number, removed: Map<string, Removal>): void {
  const kept = new Set(output.columns.map((c) => c.name));
  for (const c of input.columns) if (!kept.has(c.name)) removed.set(c.name, { step: index, kind: spec.kind });
}

/** Every column the step reads is in `t`: "Unknown column", or which earlier step removed it. */
function requireColumns(t: Table, spec: StepSpec, index: number, removed: ReadonlyMap<string, Removal>): void {
  for (const name of columnsRead(spec)) {
    if (getColumn(t, name)) continue;
    const by = removed.get(name);
    if (by === undefined) throw unprocessable(`Unknown column ${name}.`, { step: index, column: name });
    const fix = by.kind === 'drop' ? 'drop it after this step, or not at all' : `put this step before step ${by.step}`;
    throw unprocessable(`${stepLabel(spec, index)} reads column ${name}, which step ${by.step} (${by.kind}) removed: ${fix}.`, { step: index, column: name, removed_by: by.step });
  }
}

/**
 * What fitting learned must be finite numbers: a mean or spread that overflows would be recorded
 * as null in the pipeline's JSON and give infinite values, so it is a 422 naming the step.
 */
function requireFiniteFit(fitted: Record<string, unknown>, spec: StepSpec, index: number): Record<string, unknown> {
  for (const [key, value] of Object.entries(fitted)) {
    const values = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [value];
    if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
      throw unprocessable(`${stepLabel(spec, index)} overflows: its fitted ${key} is not a finite number, as the values of ${columnsRead(spec).join(' and ')} are too large for it. Scale them down first, or leave the step out.`, { step: index, fitted: key });
    }
  }
  return fitted;
}

/**
 * The source columns the steps read, in the source's order: only these, so the pipeline applies
 * to any file that has them. A column a step reads after an earlier step made it is not one.
 */
function sourceColumnsRead(table: Table, steps: readonly FittedStep[]): string[] {
  const made = new Set<string>();
  const read = new Set<string>();
  applySteps(table, steps, false, (step, input, output) => {
    for (const name of columnsRead(step.spec)) if (!made.has(name)) read.add(name);
    const before = new Set(input.columns.map((c) => c.name));
    for (const c of output.columns) if (!before.has(c.name)) made.add(c.name);
  });
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
  return requireAColumn(table, applySteps(table, pipeline.steps, training));
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
