/** Feature engineering over stored files: suggestions, and apply as a job that writes a new file. */
import { z } from 'zod';
import { FileId } from '../files/model.js';
import { getFile, getReadyFile, newDerivedFile, readTable, writeTableFile, describeColumns, type FileDeps, type StoreDeps } from '../files/service.js';
import { unprocessable } from '../errors.js';
import type { Job } from '../jobs/model.js';
import { suggestReport } from './suggest.js';
import { StepSpec } from './transforms.js';
import { MAX_STEPS, Pipeline, applyPipeline, checkPipeline, fitPipeline } from './pipeline.js';
import { applyExplained, describeDerived } from './describe.js';
import { seedNumber } from '../seed.js';

export const SuggestionsRequest = z.object({ file_id: FileId, target: z.string().optional() }).strict().meta({ id: 'FeatureSuggestionsRequest' });
export type SuggestionsRequest = z.infer<typeof SuggestionsRequest>;

export const ApplyRequest = z
  .object({
    file_id: FileId,
    steps: z.array(StepSpec).min(1).max(MAX_STEPS, `must have at most ${MAX_STEPS} steps`).optional().describe('Steps to fit on this file and apply'),
    pipeline: Pipeline.optional().describe('A fitted pipeline (from a file’s lineage) to apply as recorded'),
    seed: seedNumber().default(0),
  })
  .strict()
  // Two messages: one of the two is needed, and only one is read.
  .refine((r) => r.steps !== undefined || r.pipeline !== undefined, { message: 'give steps to fit, or a pipeline to apply: one of them is needed' })
  .refine((r) => r.steps === undefined || r.pipeline === undefined, { message: 'give steps or a pipeline, not both' })
  .meta({ id: 'FeatureApplyRequest' });
export type ApplyRequest = z.infer<typeof ApplyRequest>;

const ApplyInput = z.object({ file_id: FileId, output_file_id: FileId, pipeline: Pipeline, training: z.boolean() });

export async function suggestions(deps: StoreDeps, req: SuggestionsRequest) {
  const { meta, table } = await readTable(deps, req.file_id);
  // Any given target must name a column: an empty one too, rather than quietly meaning "no target".
  if (req.target !== undefined && !table.columns.some((c) => c.name === req.target)) {
    throw unprocessable(`Unknown target ${JSON.stringify(req.target)}.`, { valid: table.columns.map((c) => c.name) });
  }
  const report = suggestReport(table, meta.columns ?? [], req.target);
  return { file_id: req.file_id, target: req.target ?? null, ...report, truncated: report.omitted_suggestions > 0 || report.pair_search_columns_skipped > 0 };
}

/**
 * Fits (or checks) the pipeline now, so a bad step is a 422 before anything is written, then
 * starts the job that applies it to the whole file and stores the result as a new file.
 */
export async function startApply(deps: FileDeps, req: ApplyRequest) {
  const { meta, table } = await readTable(deps, req.file_id);
  let pipeline: Pipeline;
  if (req.steps) pipeline = fitPipeline(table, req.steps, req.seed).pipeline;
  else {
    pipeline = checkPipeline(req.pipeline!);
    const missing = pipeline.input_columns.filter((n) => !table.columns.some((c) => c.name === n));
    if (missing.length) throw unprocessable(`The pipeline needs column(s) this file lacks: ${missing.join(', ')}.`, { missing });
    // Applied here once, so a step that cannot run on this file is a 422 now, not a failed job.
    applyPipeline(table, pipeline);
  }
  const output = newDerivedFile(meta, 'features', { parent: meta.file_id, operation: 'features', details: { pipeline } });
  await deps.meta.putFile(output);
  const job = await deps.jobs.start('features', ApplyInput.parse({ file_id: meta.file_id, output_file_id: output.file_id, pipeline, training: req.steps !== undefined }), [meta.file_id, output.file_id]);
  return { job_id: job.job_id, file_id: output.file_id, pipeline };
}

/** Step: apply the recorded pipeline to the whole source and store the result. */
export async function applyFeaturesStep(deps: StoreDeps, job: Job, report: (percent: number, message?: string) => Promise<void>) {
  const input = ApplyInput.parse(job.input);
  await report(5, 'reading the source');
  await getReadyFile(deps, input.file_id);
  const { table } = await readTable(deps, input.file_id);
  await report(30, `applying ${input.pipeline.steps.length} steps`);
  const { output, reasons } = applyExplained(table, input.pipeline, input.training);
  await report(70, 'writing the new file');
  const source = await getFile(deps, input.file_id);
  // Distinct values are counted as an upload's are (describeColumns); each column's reason names the step that made it.
  const columns = describeDerived(describeColumns(output, source.columns ?? []), reasons, source.columns ?? []);
  await writeTableFile(deps, input.output_file_id, output, columns, () => report(95, 'storing the new file'));
  return { file_id: input.output_file_id, rows: output.rowCount, columns: output.columns.length };
}
