/**
 * Synthetic generation as jobs: validate the request up front (so mistakes are 4xx, not failed
 * jobs), then fit → sample → report, each a pipeline step with the model as an S3 artifact.
 */
import { describeIssues } from '../zod-issues.js';
import { createHash, randomInt } from 'node:crypto';
import { deleteFile, describeColumns, getFile, getReadyFile, newDerivedFile, readTable, writeTableFile, type FileDeps, type StoreDeps } from '../files/service.js';
import { withEveryCategory } from '../files/categories.js';
import { fileKeys, nextUpdatedAt, type ColumnInfo, type FileMeta } from '../files/model.js';
import { newId } from '../ids.js';
import { storedJson } from '../stored-json.js';
import { Rng } from '../random.js';
import { ProblemError, conflict, notFound, unprocessable } from '../errors.js';
import { columnLabels, getColumn, numbersOf, type Column, type Table } from '../table/model.js';
import { z } from 'zod';
import { findSynthesizer } from '../synth/registry.js';
import { describeEpoch, withinEpochMessage, type AnySynthesizer, type DataCheck, type FitOptions, type FitProgress, type FittedModel, type PrepareProgress, type Trainer } from '../synth/synthesizer.js';
import { assertFiniteLoss, raisedLearningRates } from './divergence.js';
import { fakeColumn, fakeTextColumn, planFakes, sexColumnOf } from '../pii/fake.js';
import { realValuesOf, type RealValues } from '../pii/real-values.js';
import { presentRange } from '../stats/range.js';
import { limitFromEnv } from '../limits.js';
import { leftOutOfModel, piiLeftOut } from './left-out.js';
import { checkSomethingModelled } from './nothing-modelled.js';
import { fileChunks } from '../eda/chunked/source.js';
import { isKeyType, keyColumn, planKey, type KeyPlan } from './keys.js';
import { modelledByValues, numberColumnsConditioned, validateConditions, type ConditionSupport, type Ranges, type SourceRange } from './conditions.js';
import { isChanceRefusal } from '../synth/with-lookups.js';
import { checkDatePartConditions, mayContradictDateParts } from '../synth/calendar-parts.js';
import { clearsFlag, setsFlag } from '../synth/dummies.js';
import { checkAgainstReal, checkConditionsAgainstConstraints, checkConditionsAgainstFormulas, checkConstraintTypes, constraintColumns, formulaOrder, sampleWithConstraintsInBatches, type Constraint } from '../synth/constraints.js';
import { qualityReport } from '../metrics/quality.js';
import { comparisonRows } from './condition-rows.js';
import { QUALITY_MAX_ROWS, chunksProgress, scoredFileRows, scoredRows } from './quality-rows.js';
import { checkUniqueRoom, numberRoomOf } from '../synth/unique-room.js';
import { preparingProgress, throttledProgress, type FitReports, type Report } from './progress.js';
import { groupedCount, rowsProgress } from './sample-progress.js';
import { joinBatches, sampleBatchRows, sampleInBatches } from './sample-batches.js';
import { isTerminal, type Job } from '../jobs/model.js';
import {
  GenerationInput,
  MAX_ROWS,
  ModelId,
  ModelRecord,
  FitMarker,
  modelKeys,
  modelRecordJson,
  type Conditions,
  type FitRequest,
  type GenerateRequest,
  type SampleRequest,
} from './model.js';
import { fittedColumns, realAsFitted, retypedSinceFit, withFittedTypes, type FittedColumn } from './fitted-columns.js';
import { isBeingDeleted, markDeleting, markSampling, sampleStarting, unmarkDeleting, unmarkSampling } from './model-use.js';

function resolveSeed(seed: number | undefined): number {
  return seed ?? randomInt(0, 2 ** 31 - 1);
}

/** Rows to generate; a ratio is held to the limit `rows` is (the schema can only bound the ratio itself). */
export function resolveRows(sourceRows: number, req: { rows?: number; ratio?: number }): number {
  if (req.rows !== undefined) return req.rows;
  const rows = Math.max(1, Math.round(sourceRows * (req.ratio ?? 1)));
  if (rows > MAX_ROWS) {
    const most = Math.floor((MAX_ROWS / sourceRows) * 1000) / 1000;
    throw unprocessable(
      `ratio ${req.ratio} of ${sourceRows} source rows makes ${rows} rows, more than the limit of ${MAX_ROWS}; ask for a ratio of at most ${most}, or give rows.`,
      { rows, limit: MAX_ROWS, source_rows: sourceRows },
    );
  }
  return rows;
}

/**
 * Above this many cells (rows × columns) a request does not read the source whole: an API Lambda
 * has 29 s and a fixed memory. The job checks the same things on the same rows and fails with the
 * same detail. `TABMIMIC_REQUEST_READ_MAX_CELLS` overrides it, read per request.
 */
export const REQUEST_READ_MAX_CELLS = 20_000_000;

function readsWholeAtRequest(source: FileMeta, env: NodeJS.ProcessEnv = process.env): boolean {
  return (source.rows ?? 0) * (source.columns?.length ?? 1) <= limitFromEnv(env, 'TABMIMIC_REQUEST_READ_MAX_CELLS', REQUEST_READ_MAX_CELLS);
}

/**
 * A generate or sample request's conditions and constraints, checked before any job starts: the
 * conditions as the generator takes them (conditions.ts), none on a column a formula computes, no
 * formula reading its own column (formulaOrder), and every constraint holding on the real data.
 * Number conditions read only their columns, a chunk at a time; constraints and params that need
 * the rows read the source whole, once, when it is small enough (readsWholeAtRequest) — else the
 * job checks them.
 */
async function checkedRequest(
  deps: StoreDeps,
  req: { readonly conditions?: Conditions; readonly constraints: readonly Constraint[]; readonly rows?: number },
  source: FileMeta,
  columns: readonly ColumnInfo[],
  synth: AnySynthesizer,
  params: Record<string, unknown>,
  dataCheck?: DataCheck,
  computedByModel?: ReadonlySet<string>,
  /** A stored model's columns as fitted: the real rows are read as it learned them. */
  fitted?: readonly FittedColumn[],
): Promise<Conditions | undefined> {
  let real: Promise<Table> | undefined;
  const table = () => (real ??= readTable(deps, source.file_id).then((r) => realAsFitted(r.table, fitted)));
  const leftOut = new Set(columns.filter(leftOutOfModel).map((c) => c.name));
  const whole = readsWholeAtRequest(source);
  if (dataCheck && whole) {
    const { rowCount, columns: all } = await table();
    dataCheck({ rowCount, columns: all.filter((c) => !leftOut.has(c.name)) });
  }
  let conditions: Conditions | undefined;
  if (req.conditions) {
    const support: ConditionSupport = {
      generator: synth.name,
      capabilities: synth.capabilities,
      ...numberRoomOf(params),
      ...(computedByModel ? { computedByModel } : {}),
    };
    const needed = numberColumnsConditioned(req.conditions, columns, support);
    // A record may hold only the first labels of a column (files/record-bounds.ts): a condition is checked against all of them.
    const labelled = await withEveryCategory(deps, source, columns, Object.keys(req.conditions));
    conditions = validateConditions(req.conditions, labelled, support, needed.length ? await sourceRanges(deps, source, needed, support) : undefined);
  }
  formulaOrder(req.constraints);
  checkConditionsAgainstFormulas(req.constraints, Object.keys(req.conditions ?? {}));
  checkConstraintTypes(req.constraints, (n) => columns.find((c) => c.name === n)?.type);
  // The model never sees a column faked or dropped as PII, nor the key: a constraint on it could not be enforced.
  const named = [...new Set(req.constraints.flatMap(constraintColumns).filter((n) => leftOut.has(n)))];
  if (named.length) {
    const why = (n: string) => (columns.find((c) => c.name === n)?.primary_key ? `${n} (the primary key, made anew per row)` : `${n} (faked or dropped as PII)`);
    throw unprocessable(`Constraints name ${named.map(why).join(', ')}, left out of the model; constrain modelled columns only.`, { columns: named });
  }
  if (req.constraints.length && whole) checkAgainstReal(await table(), req.constraints);
  if (req.constraints.length && conditions && whole) checkConditionsAgainstConstraints(await table(), req.constraints, conditions);
  if (req.rows !== undefined && req.constraints.some((c) => c.type === 'unique') && whole) checkUniqueRoom(await table(), req.constraints, conditions ?? {}, req.rows, numberRoomOf(params));
  if (conditions && whole && mayContradictDateParts(conditions, (n) => columns.find((c) => c.name === n)?.type)) checkDatePartConditions(await table(), conditions);
  return conditions;
}

/**
 * Min and max of the named number and datetime columns, and the values of those the generator
 * models by them; read a chunk at a time, those columns only, so a large source costs no memory.
 */
async function sourceRanges(deps: StoreDeps, source: FileMeta, names: readonly string[], support: ConditionSupport): Promise<Ranges> {
  const file = await getReadyFile(deps, source.file_id);
  const seen = new Map<string, { min: number; max: number; values: Set<number> | undefined }>();
  // A column with more values than the generator models by values is known not to be one: stop collecting.
  const cap = Math.max(1, support.discreteThreshold ?? 0) + 1;
  for await (const chunk of fileChunks(deps, file, names).chunks()) {
    for (const name of names) {
      const numbers = numbersOf(getColumn(chunk, name));
      const range = numbers && presentRange(numbers);
      if (!numbers || !range) continue;
      const acc = seen.get(name) ?? { min: range.min, max: range.max, values: new Set<number>() };
      acc.min = Math.min(acc.min, range.min);
      acc.max = Math.max(acc.max, range.max);
      if (acc.values) for (let i = 0; i < numbers.length && acc.values.size <= cap; i++) if (!Number.isNaN(numbers[i]!)) acc.values.add(numbers[i]!);
      if (acc.values && acc.values.size > cap) acc.values = undefined;
      seen.set(name, acc);
    }
  }
  const ranges = new Map<string, SourceRange>();
  for (const [name, { min, max, values }] of seen) ranges.set(name, { min, max, ...(values && modelledByValues(values.size, support) ? { values } : {}) });
  return ranges;
}

/**
 * 422 when a column the model learned as it is has since been marked PII to fake or drop: the
 * model would still emit its values (real ZIP codes), which the schema now says must not leave.
 */
function checkPiiSinceFit(columns: readonly ColumnInfo[], model: ModelRecord): void {
  // A column the model made keys for never reaches it either.
  const handled = new Set([...model.pii.fake.map((f) => f.name), ...model.pii.drop, ...model.keys.map((k) => k.name)]);
  const marked = columns.filter((c) => piiLeftOut(c) && !handled.has(c.name) && model.columns.includes(c.name)).map((c) => c.name);
  if (marked.length) {
    throw unprocessable(`Since model ${model.model_id} was fitted, ${marked.join(', ')} ${marked.length > 1 ? 'were' : 'was'} marked PII to fake or drop; it would still emit their values. Fit a new model.`, { columns: marked });
  }
}

/**
 * The columns as a stored model was fitted: one it faked, left out or made keys for stays so, and
 * each keeps the type it was fitted with (fitted-columns.ts), whatever the schema says now.
 */
function asFitted(columns: readonly ColumnInfo[], model: Pick<ModelRecord, 'pii' | 'keys' | 'fitted_columns'>): ColumnInfo[] {
  const { pii } = model;
  return withFittedTypes(columns, model.fitted_columns).map((c) => {
    const fake = pii.fake.find((f) => f.name === c.name);
    const action = fake ? 'fake' : pii.drop.includes(c.name) ? 'drop' : 'keep';
    const key = model.keys.some((k) => k.name === c.name);
    const keyed = key === (c.primary_key === true) ? c : { ...c, primary_key: key };
    if (action === 'keep' && !c.pii) return keyed;
    return { ...keyed, pii: { ...(c.pii ?? { confidence: 1 }), kind: fake?.kind ?? c.pii?.kind ?? 'free_text_pii', action } };
  });
}

/**
 * The generator and its params; given the source's columns, also the columns the params name, and
 * (as `dataCheck`) what only the rows can settle.
 */
function parseParams(generator: string, params: Record<string, unknown>, columns?: readonly ColumnInfo[]) {
  const synth = findSynthesizer(generator);
  const parsed = synth.params.safeParse(params);
  if (!parsed.success) {
    throw unprocessable(`Invalid params for ${synth.name}: ${describeIssues(parsed.error.issues)}`);
  }
  if (columns) checkSomethingModelled(columns);
  const dataCheck = columns ? synth.checkParams(parsed.data, columns.filter((c) => !leftOutOfModel(c))) : undefined;
  return { synth, params: parsed.data as Record<string, unknown>, ...(dataCheck ? { dataCheck } : {}) };
}

/**
 * `penguins.gaussian_copula.seed-7.synthetic.csv`: the generator and seed in the name, so copies made
 * from one source can be told apart in a list and once downloaded (they had all been `penguins.synthetic.csv`).
 */
const newGeneratedFile = (source: FileMeta, details: { generator: string; seed: number } & Record<string, unknown>) =>
  newDerivedFile(source, `${details.generator}.seed-${details.seed}.synthetic`, { operation: 'synthesize', details });

/** The conditions and constraints a generated file was made with, for its lineage: its page shows them. */
const asked = (conditions: Conditions | undefined, constraints: readonly Constraint[]) => ({
  ...(conditions && Object.keys(conditions).length ? { conditions } : {}),
  ...(constraints.length ? { constraints } : {}),
});

/**
 * Deletes a file and what it leaves behind otherwise: the models fitted on it (they hold its
 * category labels and learned its rows), and the outputs of its jobs cut short, which would stay
 * `generating` forever — their job records are gone, so MarkFailed cannot settle them. Finished
 * generated files stay: each is an ordinary file of its own.
 */
export async function deleteFileAndDependents(deps: FileDeps, id: string): Promise<void> {
  await deleteFile(deps, id, async (jobs) => {
    for (const job of jobs) {
      if (job.input.output_file_id !== id) await failOutputFile(deps, job, `Its source file ${id} was deleted before it finished.`, true);
    }
    await deleteModelsFittedOn(deps, id, jobs);
  });
}

export async function startGeneration(deps: FileDeps, req: GenerateRequest) {
  const source = await getReadyFile(deps, req.file_id);
  const { synth, params, dataCheck } = parseParams(req.generator, req.params, source.columns ?? []);
  const rows = resolveRows(source.rows, req);
  const conditions = await checkedRequest(deps, { ...req, rows }, source, source.columns ?? [], synth, params, dataCheck);
  const seed = resolveSeed(req.seed);
  if (conditions) await checkConditionsOnFit(deps, source, synth, params, { seed, conditions, constraints: req.constraints });
  const model_id = newId('m');
  // Named before the file is written, so its record is written once: a second write after the job
  // started could land after the job's own and put a finished file back to `generating`.
  const job_id = newId('j');
  await markFitStarting(deps, source.file_id, model_id, job_id);
  const generated = newGeneratedFile(source, { generator: synth.name, seed, params, rows, model_id, job_id, ...asked(conditions, req.constraints) });
  await deps.meta.putFile(generated);
  const input: GenerationInput = {
    file_id: source.file_id,
    generator: synth.name,
    seed,
    params,
    model_id,
    generated_file_id: generated.file_id,
    output_file_id: generated.file_id,
    rows,
    ...(conditions ? { conditions } : {}),
    constraints: req.constraints,
  };
  const job = await deps.jobs.start('synthesize', input, [source.file_id, generated.file_id], job_id);
  return { job_id: job.job_id, generated_file_id: generated.file_id, model_id, seed, rows };
}

export async function startFit(deps: FileDeps, req: FitRequest) {
  const source = await getReadyFile(deps, req.file_id);
  const { synth, params, dataCheck } = parseParams(req.generator, req.params, source.columns ?? []);
  if (dataCheck) await checkedRequest(deps, { constraints: [] }, source, source.columns ?? [], synth, params, dataCheck);
  const seed = resolveSeed(req.seed);
  const model_id = newId('m');
  const job_id = newId('j');
  await markFitStarting(deps, source.file_id, model_id, job_id);
  const input: GenerationInput = { file_id: source.file_id, generator: synth.name, seed, params, model_id, constraints: [] };
  const job = await deps.jobs.start('fitModel', input, [source.file_id], job_id);
  return { job_id: job.job_id, model_id, seed };
}

/**
 * Before its job starts: marks the model as fitted on the file, so deleting the file finds it, and as
 * being fitted by the job, so deleting the model finds the job before the model has a record.
 * Both stay until the model is discarded.
 */
async function markFitStarting(deps: StoreDeps, fileId: string, modelId: string, jobId: string): Promise<void> {
  await deps.blobs.put(modelKeys.source(fileId, modelId), '', 'text/plain');
  const marker: FitMarker = { job_id: jobId, source_file_id: fileId };
  await deps.blobs.put(modelKeys.fitting(modelId), JSON.stringify(marker), 'application/json');
}

/** The job a model's marker names while it has not ended; undefined for a model fitted before markers, or whose fit ended. */
async function fitInProgress(deps: StoreDeps, modelId: string): Promise<{ marker?: FitMarker; job?: Job }> {
  const parsed = FitMarker.safeParse(await storedJson(deps.blobs, modelKeys.fitting(modelId)));
  if (!parsed.success) return {};
  const job = await deps.meta.getJob(parsed.data.job_id);
  return { marker: parsed.data, ...(job && !isTerminal(job.status) ? { job } : {}) };
}

/** Removes a model's record, artifact, checkpoints, fit marker and source marker (idempotent). */
export async function discardModel(deps: StoreDeps, modelId: string, sourceFileId?: string): Promise<void> {
  await deps.blobs.deletePrefix(modelKeys.prefix(modelId));
  if (sourceFileId) await deps.blobs.deletePrefix(modelKeys.source(sourceFileId, modelId));
}

/**
 * For MarkFailed: a fit that ended without storing its model (a Lambda timeout, say, which never
 * reaches fitStep's own clean-up) leaves checkpoints nothing will resume. A stored model is complete:
 * after a failure in a later step it stays, to be sampled again (with other conditions, say) without
 * a refit; a generation the user cancelled leaves nothing behind, its model included.
 */
export async function discardUnfinishedModel(deps: StoreDeps, job: Job, cancelled: boolean): Promise<void> {
  if (job.type !== 'synthesize' && job.type !== 'fitModel') return;
  const input = GenerationInput.safeParse(job.input);
  if (!input.success) return;
  const stored = (await deps.blobs.size(modelKeys.record(input.data.model_id))) !== undefined;
  if (stored && !(cancelled && job.type === 'synthesize')) return;
  await discardModel(deps, input.data.model_id, input.data.file_id);
}

/**
 * Deletes every model fitted on a file: those its markers name, and, for models fitted before the
 * markers existed, those named by the file's jobs (`jobs`, listed before the delete removed them).
 */
export async function deleteModelsFittedOn(deps: StoreDeps, fileId: string, jobs: readonly Job[]): Promise<void> {
  const prefix = modelKeys.sourcePrefix(fileId);
  const marked = (await deps.blobs.list(prefix)).map((key) => key.slice(prefix.length)).filter((id) => ModelId.safeParse(id).success);
  const fromJobs = jobs.map((j) => GenerationInput.safeParse(j.input)).flatMap((r) => (r.success && r.data.file_id === fileId ? [r.data.model_id] : []));
  for (const modelId of new Set([...marked, ...fromJobs])) await discardModel(deps, modelId);
  await deps.blobs.deletePrefix(prefix);
}

export async function getModel(deps: StoreDeps, modelId: string): Promise<ModelRecord> {
  const json = await modelRecordJson(deps.blobs, modelId);
  if (json !== undefined) return ModelRecord.parse(json);
  const { job } = await fitInProgress(deps, modelId);
  if (job) throw notFound(`Model ${modelId} is still being fitted by job ${job.job_id}; it has a record once that job has fitted it.`);
  throw notFound(`No fitted model ${modelId}.`);
}

/**
 * Deletes a model: record, artifact, checkpoints and markers; files sampled from it stay, each an
 * ordinary file. Idempotent, as DELETE /files is: a model already gone answers 204 again, so a
 * retried delete is safe. A model a job still fits or samples is refused (409, naming the job):
 * cancelling the job is what stops it, and a 204 must mean that no model appears under the id later
 * (deleting a fit's checkpoints under it would only restart its training).
 */
export async function deleteModel(deps: StoreDeps, modelId: string): Promise<void> {
  // Marked before looking for users, as a sample request marks its use before reading the model (model-use.ts).
  await markDeleting(deps, modelId);
  let sourceFileId: string | undefined;
  try {
    sourceFileId = await refuseModelInUse(deps, modelId);
  } catch (error) {
    await unmarkDeleting(deps, modelId);
    throw error;
  }
  // The record before the rest (and the marker): a sample request that no longer sees the marker sees no model either.
  await deps.blobs.deletePrefix(modelKeys.record(modelId));
  await discardModel(deps, modelId, sourceFileId);
}

/** A 409 naming the job that fits or samples the model, or a sample request starting one; else the model's source, if known. */
async function refuseModelInUse(deps: StoreDeps, modelId: string): Promise<string | undefined> {
  // Before the jobs are listed: a request's marker is removed only once its job is started.
  const starting = await sampleStarting(deps, modelId);
  if (starting) throw conflict(`Model ${modelId} is in use by job ${starting}, starting now; cancel it or wait for it to end, then delete the model.`, { job_id: starting });
  // The fit's marker before the record: a fit that stores its record between the two reads is then
  // seen running, or ended with its record stored; never as neither.
  const { marker, job: fitting } = await fitInProgress(deps, modelId);
  const json = await modelRecordJson(deps.blobs, modelId);
  const model = json === undefined ? undefined : ModelRecord.parse(json);
  if (fitting && !model) {
    throw conflict(`Model ${modelId} is still being fitted by job ${fitting.job_id}; cancel the job (DELETE /synth/jobs/${fitting.job_id}) or wait for it to end, then delete the model.`, { job_id: fitting.job_id });
  }
  if (model) {
    const jobs = await deps.meta.listJobsForFile(model.source_file_id);
    const busy = jobs.find((job) => !isTerminal(job.status) && GenerationInput.safeParse(job.input).data?.model_id === modelId);
    if (busy) throw conflict(`Model ${modelId} is in use by job ${busy.job_id}; cancel it or wait for it to end, then delete the model.`, { job_id: busy.job_id });
  }
  // No record: already deleted, or a fit that ended without one (its leftovers, if any, go too).
  return model?.source_file_id ?? marker?.source_file_id;
}

/**
 * Marks the model in use before reading it, and unmarks it once its job is started (the delete then
 * finds the job) or the request failed: against a delete at the same moment (model-use.ts).
 */
export async function startSampling(deps: FileDeps, modelId: string, req: SampleRequest) {
  // Its page follows the run by lineage.details.job_id, as a generation's does.
  const job_id = newId('j');
  await markSampling(deps, modelId, job_id);
  try {
    if (await isBeingDeleted(deps, modelId)) throw notFound(`No fitted model ${modelId}: it is being deleted.`);
    return await startSamplingJob(deps, modelId, req, job_id);
  } finally {
    await unmarkSampling(deps, modelId, job_id);
  }
}

async function startSamplingJob(deps: FileDeps, modelId: string, req: SampleRequest, job_id: string) {
  const model = await getModel(deps, modelId);
  const source = await getFile(deps, model.source_file_id);
  checkPiiSinceFit(source.columns ?? [], model);
  const synth = findSynthesizer(model.generator);
  checkFormulasAgainstModel(model, req.constraints);
  const rows = resolveRows(model.source_rows, req);
  const conditions = await checkedRequest(deps, { ...req, rows }, source, asFitted(source.columns ?? [], model), synth, model.params, undefined, meetsAsComputed(model), model.fitted_columns);
  if (conditions) await checkConditionsOnModel(deps, synth, modelId, conditions);
  const seed = resolveSeed(req.seed);
  const generated = newGeneratedFile(source, { generator: model.generator, seed, rows, model_id: modelId, job_id, ...asked(conditions, req.constraints) });
  await deps.meta.putFile(generated);
  const input: GenerationInput = {
    file_id: model.source_file_id,
    generator: model.generator,
    seed,
    params: model.params,
    model_id: modelId,
    generated_file_id: generated.file_id,
    output_file_id: generated.file_id,
    rows,
    ...(conditions ? { conditions } : {}),
    constraints: req.constraints,
  };
  // Tied to the source too: deleting it deletes the model, so it ends this job as it ends a generation's.
  const job = await deps.jobs.start('sampleModel', input, [source.file_id, generated.file_id], job_id);
  return { job_id: job.job_id, generated_file_id: generated.file_id, model_id: modelId, seed, rows };
}

/**
 * The number columns a stored model meets a condition on by what it computes, whatever its
 * generator conditions on: a calendar part, by drawing dates until the part is the one asked for,
 * and a one-hot flag, as its group's level.
 */
function meetsAsComputed(model: ModelRecord): ReadonlySet<string> {
  return new Set((model.formulas ?? []).flatMap((f) => (f.kind === 'date_part' ? [f.column] : f.kind === 'one_hot' ? [f.column, ...(f.parts ?? [])] : [])));
}

/**
 * A 422 for a formula constraint on a column a stored model computes (a sum, a curve, a gap, a
 * calendar part, a one-hot flag: its `formulas`), or on a column it computes from: the formula
 * would overwrite it after the model computed it, and the rule would no longer hold (a total no
 * longer its parts' sum). A generation with the constraint fits its model around it instead.
 */
function checkFormulasAgainstModel(model: ModelRecord, constraints: readonly Constraint[]): void {
  for (const c of constraints) {
    if (c.type !== 'formula') continue;
    const sum = (model.formulas ?? []).find((f) => f.column === c.column || f.parts?.includes(c.column));
    if (sum) {
      throw unprocessable(`The model computes ${sum.column} = ${sum.expression} on every row; a formula for ${c.column} would break that. Generate with this constraint instead, so the model is fitted around it.`, { column: c.column });
    }
  }
}

/**
 * Conditions only the fitted model can judge (values that no group of a copula mixture holds
 * together, say), refused when the request arrives rather than by its job. Models trained epoch by
 * epoch are heavy to load and judge none beyond the request's own checks: their jobs do.
 */
async function checkConditionsOnModel(deps: StoreDeps, synth: AnySynthesizer, modelId: string, conditions: Conditions): Promise<void> {
  if (synth.trainer) return;
  probeConditions(await loadedModel(deps, synth, modelId), conditions);
}

/**
 * Above this many cells (rows × columns) a generate request does not fit the model to judge its
 * conditions (checkConditionsOnFit): a copula fits 500 000 cells in about 2 s, as long as a request
 * should take. `TABMIMIC_REQUEST_FIT_MAX_CELLS` overrides it, read per request.
 */
export const REQUEST_FIT_MAX_CELLS = 500_000;

/**
 * checkConditionsOnModel for a generation, whose model does not exist yet: when the source is small,
 * the request fits the model its job will fit (the same rows, params, options and seed, so the same
 * groups) and probes it; a larger source's job refuses them with the same 422.
 */
async function checkConditionsOnFit(deps: StoreDeps, source: FileMeta, synth: AnySynthesizer, params: unknown, input: FitInput & { readonly conditions: Conditions }): Promise<void> {
  const cells = (source.rows ?? 0) * (source.columns?.length ?? 1);
  if (synth.trainer || cells > limitFromEnv(process.env, 'TABMIMIC_REQUEST_FIT_MAX_CELLS', REQUEST_FIT_MAX_CELLS)) return;
  const { meta, table } = await readTable(deps, source.file_id);
  const model = await synth.fit(modelledSource(meta.columns ?? [], table, input.seed).table, params, Rng.derived(input.seed, 'fit'), undefined, fitOptions(input));
  probeConditions(model, input.conditions);
}

/** A 422 when the model refuses to draw a row under the conditions. */
function probeConditions(model: FittedModel, conditions: Conditions): void {
  try {
    model.sample(1, Rng.seeded(0), conditions);
  } catch (error) {
    // Anything but a 422 is the job's to meet and report, as it would have been; so is a condition
    // met by too few of the rows a one-row probe draws (a rare part of a date), which more rows may meet.
    if (error instanceof ProblemError && error.status === 422 && !isChanceRefusal(error)) throw error;
  }
}

/** How long one invocation of the fit step may train before it checkpoints and hands over. */
export interface FitSlice {
  readonly seconds: number;
  /** Checkpoint at least this often (epochs), so a crash loses little. */
  readonly checkpointEvery: number;
}

/** The longest a fit trains between checkpoints, whatever its epochs take. */
const CHECKPOINT_MAX_MS = 60_000;

/** From the environment: a Lambda sets the slice under its 15-minute limit; local runs may shorten it. */
export const fitSliceFromEnv = (): FitSlice => ({
  seconds: Number(process.env.TABMIMIC_FIT_SLICE_SECONDS ?? 600),
  checkpointEvery: Number(process.env.TABMIMIC_CHECKPOINT_EVERY ?? 10),
});

/**
 * Bookkeeping beside a checkpoint: time spent in earlier slices. Written after the state it
 * describes; `sha256` names those bytes, so a state cut short by a crash mid-write is known.
 */
const CheckpointInfo = z.object({ fit_seconds: z.number(), epochs_done: z.number().int(), sha256: z.string().optional() });
type CheckpointInfo = z.infer<typeof CheckpointInfo>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The last checkpoint a fit stored, if it is whole: its info parses and the state's bytes are the
 * ones the info names. A process stopped in the middle of writing one (a local emulator may keep
 * a torn upload; S3 does not) leaves none, and the fit starts over rather than failing.
 */
async function lastCheckpoint(blobs: StoreDeps['blobs'], keys: { state: string; info: string }): Promise<{ info: CheckpointInfo; state: Uint8Array } | undefined> {
  const info = CheckpointInfo.safeParse(await storedJson(blobs, keys.info));
  if (!info.success || (await blobs.size(keys.state)) === undefined) return undefined;
  const state = await blobs.getBytes(keys.state);
  if (info.data.sha256 !== undefined && info.data.sha256 !== sha256(state)) return undefined;
  return { info: info.data, state };
}

/**
 * Step: fit the generator on the source table and store the model artifact. Iterative generators
 * train for one slice, checkpoint to S3 and return `done: false` until their last epoch; the state
 * machine invokes the step again and it resumes from the checkpoint (also after a crash).
 */
export async function fitStep(deps: StoreDeps, job: Job, report: Report, slice: FitSlice = fitSliceFromEnv()): Promise<{ model_id: string; done: boolean }> {
  const input = GenerationInput.parse(job.input);
  try {
    return await fitSlice(deps, job, input, report, slice);
  } catch (e) {
    // A failed or cancelled fit never resumes (the state machine ends the job), so its checkpoints,
    // or a model stored just before the cancel was seen, would be orphans. A failed clean-up must not
    // hide why the fit stopped; MarkFailed tries again (discardUnfinishedModel).
    await discardModel(deps, input.model_id, input.file_id).catch(() => undefined);
    throw e;
  }
}

async function fitSlice(deps: StoreDeps, job: Job, input: GenerationInput, report: Report, slice: FitSlice): Promise<{ model_id: string; done: boolean }> {
  const { synth, params } = parseParams(input.generator, input.params);
  // Only the first slice starts the bar; a resumed slice must not send it back to 1 %.
  if (job.progress.percent < 5) await report(1, 'reading the source table');
  const { meta, table: source } = await readTable(deps, input.file_id);
  const { pii, keys, table } = modelledSource(meta.columns ?? [], source, input.seed);
  const progress = throttledProgress(report);
  const outcome = synth.trainer
    ? await trainSlice(deps, input, synth.trainer, table, params, slice, progress, preparingProgress(report, job.progress.percent >= 5))
    : await fitAtOnce(synth, table, params, input, progress.onProgress);
  await progress.flushed();
  if (!outcome) return { model_id: input.model_id, done: false };
  const record: ModelRecord = {
    model_id: input.model_id,
    generator: synth.name,
    source_file_id: input.file_id,
    source_rows: meta.rows ?? table.rowCount,
    seed: input.seed,
    params,
    created_at: new Date().toISOString(),
    fit_seconds: outcome.seconds,
    pii,
    keys,
    columns: source.columns.map((c) => c.name).filter((n) => !pii.drop.includes(n)),
    fitted_columns: fittedColumns((meta.columns ?? []).filter((c) => !pii.drop.includes(c.name))),
    ...(outcome.training ? { training: outcome.training } : {}),
  };
  const privacy = outcome.model.privacy?.();
  if (privacy) record.privacy = { ...privacy };
  const lookups = outcome.model.lookups?.();
  if (lookups?.length) record.lookups = lookups.map(({ column, from }) => ({ column, from }));
  const formulas = outcome.model.formulas?.();
  if (formulas?.length) record.formulas = formulas.map(({ column, expression, parts, kind }) => ({ column, expression, parts: [...parts], kind }));
  const weekdays = outcome.model.weekdays?.();
  if (weekdays?.length) record.weekdays = weekdays.map(({ column, days }) => ({ column, days: [...days] }));
  const monthDays = outcome.model.monthDays?.();
  if (monthDays?.length) record.month_days = monthDays.map(({ column, rule }) => ({ column, rule }));
  const groups = outcome.model.groups?.();
  if (groups) {
    const copy = (g: (typeof groups.groups)[number]) => ({ levels: [...g.levels], ...(g.within ? { within: { column: g.within.column, levels: [...g.within.levels] } } : {}), share: g.share });
    record.groups = { column: groups.column, groups: groups.groups.map(copy) };
  }
  await deps.blobs.put(modelKeys.artifact(input.model_id), outcome.model.save());
  await deps.blobs.put(modelKeys.record(input.model_id), JSON.stringify(record), 'application/json');
  await deps.blobs.deletePrefix(modelKeys.checkpointPrefix(input.model_id));
  await report(100, 'model fitted');
  return { model_id: input.model_id, done: true };
}

interface FitOutcome {
  readonly model: FittedModel;
  readonly seconds: number;
  readonly training?: ModelRecord['training'];
}

/** What the fit must leave modelled for the request: the columns its conditions fix and its formulas compute. */
type FitInput = Pick<GenerationInput, 'seed' | 'conditions' | 'constraints'>;

const fitOptions = (input: FitInput): FitOptions => ({
  conditioned: Object.keys(input.conditions ?? {}),
  setToOne: Object.entries(input.conditions ?? {}).flatMap(([name, value]) => (setsFlag(value) ? [name] : [])),
  setToZero: Object.entries(input.conditions ?? {}).flatMap(([name, value]) => (clearsFlag(value) ? [name] : [])),
  computed: input.constraints.flatMap((c) => (c.type === 'formula' ? [c.column] : [])),
});

async function fitAtOnce(synth: AnySynthesizer, table: Table, params: unknown, input: GenerationInput, onProgress: FitProgress): Promise<FitOutcome> {
  const started = performance.now();
  const model = await synth.fit(table, params, Rng.derived(input.seed, 'fit'), onProgress, fitOptions(input));
  return { model, seconds: (performance.now() - started) / 1000 };
}

/** Trains until the run ends or the slice is spent; undefined means "not yet, call again". */
async function trainSlice(
  deps: StoreDeps,
  input: GenerationInput,
  trainer: Trainer<unknown>,
  table: Table,
  params: unknown,
  slice: FitSlice,
  progress: FitReports,
  onPrepare: PrepareProgress,
): Promise<FitOutcome | undefined> {
  const keys = { state: modelKeys.checkpoint(input.model_id), info: modelKeys.checkpointInfo(input.model_id) };
  const last = await lastCheckpoint(deps.blobs, keys);
  const saved = last?.info;
  // Named first when training diverges: a raised learning rate is the likelier cause than the data.
  const raised = raisedLearningRates(findSynthesizer(input.generator).params, params);
  const run = last ? await trainer.resume(table, last.state) : await trainer.start(table, params, Rng.derived(input.seed, 'fit').uint32(), onPrepare, fitOptions(input));
  try {
    const started = performance.now();
    const elapsed = () => (saved?.fit_seconds ?? 0) + (performance.now() - started) / 1000;
    const checkpoint = async () => {
      const state = run.checkpoint();
      await deps.blobs.put(keys.state, state);
      const info: CheckpointInfo = { fit_seconds: elapsed(), epochs_done: run.epochsDone, sha256: sha256(state) };
      await deps.blobs.put(keys.info, JSON.stringify(info), 'application/json');
    };
    let sinceCheckpoint = 0;
    let checkpointedAt = performance.now();
    while (!run.finished) {
      const before = run.epochsDone;
      const { epoch, loss } = await run.runEpoch((fraction) => progress.within((before + fraction) / run.epochsPlanned, withinEpochMessage(before + 1, run.epochsPlanned, fraction)));
      assertFiniteLoss(epoch, loss, raised);
      progress.onProgress(run.epochsDone / run.epochsPlanned, describeEpoch(epoch, run.epochsPlanned, loss), { epoch, ...loss });
      await progress.unstalled();
      if (run.finished) break;
      // Every few epochs, and every minute at least: a crash on a big table loses little either way.
      if (++sinceCheckpoint >= slice.checkpointEvery || performance.now() - checkpointedAt >= CHECKPOINT_MAX_MS) {
        await checkpoint();
        sinceCheckpoint = 0;
        checkpointedAt = performance.now();
      }
      if ((performance.now() - started) / 1000 >= slice.seconds) {
        await checkpoint();
        return undefined;
      }
    }
    const history = [...run.history];
    const model = run.finish();
    return {
      model,
      seconds: elapsed(),
      training: { epochs: run.epochsDone, planned_epochs: run.epochsPlanned, stopped_early: run.epochsDone < run.epochsPlanned, history },
    };
  } finally {
    run.dispose();
  }
}

/** A stored model's weights; a model deleted meanwhile is a 404 that says so, not the store's missing key. */
async function modelArtifact(deps: StoreDeps, modelId: string): Promise<Uint8Array> {
  try {
    return await deps.blobs.getBytes(modelKeys.artifact(modelId));
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) throw notFound(`Model ${modelId} was deleted before it could be sampled; fit it again to sample it.`);
    throw error;
  }
}

/**
 * The stored model, loaded: one its generator cannot read (a PrivBayes model stored with NaN tables
 * before they were refused, whose JSON holds nulls) is a 409 saying to fit it again, not a 500.
 */
async function loadedModel(deps: StoreDeps, synth: AnySynthesizer, modelId: string): Promise<FittedModel> {
  const bytes = await modelArtifact(deps, modelId);
  try {
    return await synth.load(bytes);
  } catch (error) {
    // Only a model that does not read: a fault of the generator's own code stays the 500 it is.
    if (!(error instanceof z.ZodError || error instanceof SyntaxError)) throw error;
    throw conflict(`Model ${modelId} was stored in a form this version cannot read (${error instanceof z.ZodError ? describeIssues(error.issues) : 'its bytes do not parse'}); fit it again to sample it.`);
  }
}

/** Step: sample rows from the stored model and write them as an ordinary file. */
export async function sampleStep(deps: StoreDeps, job: Job, report: Report): Promise<{ generated_file_id: string; rows: number }> {
  const input = GenerationInput.parse(job.input);
  const id = input.generated_file_id;
  if (!id || input.rows === undefined) throw new Error('sample step needs generated_file_id and rows');
  const synth = findSynthesizer(input.generator);
  await report(5, 'loading the model');
  const record = await getModel(deps, input.model_id);
  const model = await loadedModel(deps, synth, input.model_id);
  await report(SAMPLING_PERCENT, `sampling ${groupedCount(input.rows)} rows`);
  const rng = Rng.derived(input.seed, 'sample');
  // As the model learned the rows: the source may have been retyped since the fit.
  const real = input.constraints.length ? realAsFitted((await readTable(deps, input.file_id)).table, record.fitted_columns) : undefined;
  // A request for a large source left these to the job (readsWholeAtRequest); for others they held already.
  if (real) checkAgainstReal(real, input.constraints);
  if (real && input.conditions) checkConditionsAgainstConstraints(real, input.constraints, input.conditions);
  if (real) checkUniqueRoom(real, input.constraints, input.conditions ?? {}, input.rows, numberRoomOf(synth.params.safeParse(input.params).data));
  const { rows } = input;
  const draw = (n: number, r: Rng) => model.sample(n, r, input.conditions);
  // Large requests draw in fixed batches (sample-batches.ts; constraints' rounds too) and the bar
  // counts the rows drawn (kept, under constraints), a cancel seen between batches.
  const progress = rowsProgress(report, { rows, from: SAMPLING_PERCENT, to: SAMPLED_PERCENT });
  const counted = (done: number) => progress(done / rows, 'sampling', done);
  // A slow sampler's batches are smaller (registry.ts), so its bar moves about once a second too.
  const batchRows = sampleBatchRows(synth);
  const sampled = real
    ? await sampleWithConstraintsInBatches(draw, rows, rng, input.constraints, real, { batchRows, onRows: counted, join: joinBatches, conditioned: Object.keys(input.conditions ?? {}) })
    : await sampleInBatches(draw, rows, rng, { batchRows, onBatch: counted });
  // A cancel asked for while sampling (one batch) is seen here at the latest, before keys, fakes and writing.
  await report(SAMPLED_PERCENT, `sampled ${groupedCount(sampled.rowCount)} rows`);
  // The faked columns' real values, for no fake to equal one (a chance meeting reads as a leak).
  const faked = record.pii.fake.map((p) => p.name);
  const realPii = faked.length ? await realValuesOf(deps, await getReadyFile(deps, input.file_id), faked) : new Map<string, RealValues>();
  const table = withRegenerated(sampled, record, rng, realPii);
  await report(WRITING_PERCENT, 'writing the synthetic table');
  const source = await getFile(deps, input.file_id);
  await writeTableFile(
    deps,
    id,
    table,
    generatedColumns(table, source.columns ?? [], record.fitted_columns),
    () => report(90, 'storing the synthetic table'),
    rowsProgress(report, { rows: table.rowCount, from: WRITING_PERCENT, to: WRITTEN_PERCENT }),
  );
  return { generated_file_id: id, rows: table.rowCount };
}

/**
 * The generated file's columns, typed as the model generates them: a column retyped since the fit
 * says so, and keeps its PII settings and spelling by the fitted type.
 */
function generatedColumns(table: Table, current: readonly ColumnInfo[], fitted: readonly FittedColumn[] | undefined): ColumnInfo[] {
  const retyped = retypedSinceFit(current, fitted);
  return describeColumns(table, withFittedTypes(current, fitted), 'generated with the source column type').map((c) =>
    retyped.has(c.name) ? { ...c, reason: `generated with the type the model was fitted on (${c.type}); the source's is now ${current.find((s) => s.name === c.name)?.type}` } : c,
  );
}

/** Drawing the rows is sample-step progress from SAMPLING_PERCENT to SAMPLED_PERCENT, counted batch by batch. */
const SAMPLING_PERCENT = 10;
const SAMPLED_PERCENT = 60;
/**
 * Writing a large table (columnar chunks, then the CSV) is sample-step progress from WRITING_PERCENT
 * to WRITTEN_PERCENT, rows counted on the line (sample-progress.ts): 10 M rows take minutes to write,
 * and each report is also where a cancel is seen.
 */
const WRITING_PERCENT = 62;
const WRITTEN_PERCENT = 89;

/** The source as its model is fitted on it: without the PII columns, faked or dropped, and the regenerated keys. */
function modelledSource(columns: readonly ColumnInfo[], source: Table, seed: number): { pii: ModelRecord['pii']; keys: KeyPlan[]; table: Table } {
  const pii = piiPlan(columns, source, seed);
  const keys = keyPlans(columns, source, seed);
  const leftOut = new Set([...pii.drop, ...pii.fake.map((f) => f.name), ...keys.map((k) => k.name)]);
  return { pii, keys, table: { rowCount: source.rowCount, columns: source.columns.filter((c) => !leftOut.has(c.name)) } };
}

/** What becomes of the PII columns: each faked one gets a plan of fakes drawn from its real column's shape. */
function piiPlan(columns: readonly ColumnInfo[], source: Table, seed: number): ModelRecord['pii'] {
  return {
    fake: columns
      .filter((c) => c.pii?.action === 'fake')
      .flatMap((c) => {
        const real = getColumn(source, c.name);
        if (!real) return [];
        const plan = planFakes(real, c.pii!.kind, Rng.derived(seed, `pii:${c.name}`));
        // Names agree with a sex column the model generates (not one itself faked or dropped).
        const sex = plan.kind === 'person_name' ? sexColumnOf(source) : undefined;
        const generated = sex && !columns.some((o) => o.name === sex.column && (o.pii?.action === 'fake' || o.pii?.action === 'drop'));
        return [generated ? { ...plan, sex } : plan];
      }),
    drop: columns.filter((c) => c.pii?.action === 'drop').map((c) => c.name),
  };
}

/** Each generated row's label in `column`, for fakes that agree with it. */
function sexLabels(sampled: Table, column: string | undefined): ((row: number) => string | null) | undefined {
  const c = column === undefined ? undefined : getColumn(sampled, column);
  if (!c) return undefined;
  const labels = columnLabels(c);
  return (row) => labels[row] ?? null;
}

/** The primary key's plan, when the schema marks one of a type that can be regenerated. */
function keyPlans(columns: readonly ColumnInfo[], source: Table, seed: number): KeyPlan[] {
  return columns.flatMap((c) => {
    const real = c.primary_key ? getColumn(source, c.name) : undefined;
    return real && isKeyType(real.type) ? [planKey(real, Rng.derived(seed, `key:${c.name}`))] : [];
  });
}

/** Puts the fake PII columns and the new keys back, in their own types, in the source's column order. */
function withRegenerated(sampled: Table, record: ModelRecord, rng: Rng, realPii: ReadonlyMap<string, RealValues>): Table {
  if (!record.pii.fake.length && !record.keys.length) return sampled;
  const made = new Map<string, Column>([
    ...record.pii.fake.map((plan): [string, Column] => [
      plan.name,
      'type' in plan
        ? fakeColumn(plan, sampled.rowCount, rng, sexLabels(sampled, plan.sex?.column), realPii.get(plan.name))
        : fakeTextColumn(plan.name, plan.kind, sampled.rowCount, rng, realPii.get(plan.name)),
    ]),
    ...record.keys.map((plan): [string, Column] => [plan.name, keyColumn(plan, sampled.rowCount, rng)]),
  ]);
  const columns = record.columns.map((n) => made.get(n) ?? sampled.columns.find((c) => c.name === n)).filter((c): c is Column => c !== undefined);
  return { rowCount: sampled.rowCount, columns };
}

/** Step: the quality summary every generation ends with, stored on the generated file. */
export async function reportStep(deps: StoreDeps, job: Job, report: Report): Promise<Record<string, unknown>> {
  const input = GenerationInput.parse(job.input);
  const id = input.generated_file_id;
  if (!id) throw new Error('report step needs generated_file_id');
  await report(10, 'scoring quality');
  // A large table is scored on a seeded subsample of its rows (quality-rows.ts): whole, 10 M rows took an hour.
  const [{ table: real }, { meta, table: synthetic }] = await Promise.all([readTable(deps, input.file_id), scoredFileRows(deps, id, input.seed, QUALITY_MAX_ROWS, chunksProgress(report, 10, 50))]);
  await report(50, 'scoring quality: column shapes and pair trends');
  // A conditioned generation is scored against the source rows that meet its conditions (condition-rows.ts).
  const basis = comparisonRows(real, input.conditions);
  const scoredReal = scoredRows(basis.table, input.seed, 'real');
  const quality = qualityReport(scoredReal, synthetic, { pairAggregate: 'all' });
  // Scoring a big table takes seconds: a cancel that came meanwhile is seen here (it throws), before
  // the summary is stored and the job succeeds; MarkFailed then removes the output (failOutputFile).
  await report(95, 'storing the quality summary');
  const summary = {
    overall: quality.overall,
    column_shapes: quality.column_shapes.score,
    column_pair_trends: quality.column_pair_trends.score,
    pair_aggregate: 'all',
    compared_with: basis.compared_with,
    // The least alike columns, so the page draws them without the source (deleted, say) and against the same rows.
    column_shapes_details: worstColumnShapes(quality.column_shapes.details),
    columns: quality.column_shapes.details.length,
    scored_rows: { real: scoredReal.rowCount, synthetic: synthetic.rowCount, limit: QUALITY_MAX_ROWS },
  };
  await storeQuality(deps, id, summary);
  return { generated_file_id: id, rows: meta.rows ?? 0, model_id: input.model_id, quality: summary };
}

/** Column shapes kept on the summary: as many as the page charts (CHART_COLUMNS), so a wide table's record stays small. */
const STORED_SHAPES = 40;

/** The STORED_SHAPES least alike columns' shapes, in column order. */
function worstColumnShapes<D extends { score: number }>(details: readonly D[]): D[] {
  if (details.length <= STORED_SHAPES) return [...details];
  const kept = new Set([...details].sort((a, b) => a.score - b.score).slice(0, STORED_SHAPES));
  return details.filter((d) => kept.has(d));
}

/**
 * The summary onto the generated file by a conditional write, onto its latest record: a file
 * deleted or failed while it was scored (a source delete, a cancel) stays so, rather than come
 * back `ready` over removed chunks; an edit made meanwhile (its schema) is kept.
 */
async function storeQuality(deps: StoreDeps, id: string, quality: Record<string, unknown>): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await deps.meta.getFile(id);
    if (current?.status !== 'ready') break;
    if (await deps.meta.replaceFile({ ...current, quality, updated_at: nextUpdatedAt(current.updated_at) }, current)) return;
  }
  throw conflict(`File ${id} was deleted or changed while its quality was being scored.`);
}

/**
 * Marks the job's output file failed and removes partial objects (used when a job fails or is cut
 * short). A ready output is a finished file of its own and stays (a later step that fails does not
 * undo it), except when a generation is cancelled before it ended, in its report step or as that
 * step stores its summary: the job ends cancelled, so, as when the cancel comes while the rows are
 * written, it leaves no output.
 */
export async function failOutputFile(deps: StoreDeps, job: Job, detail: string, cancelled = false): Promise<void> {
  const id = typeof job.input.output_file_id === 'string' ? job.input.output_file_id : undefined;
  if (!id) return;
  // The record conditionally, then the objects: a file deleted meanwhile stays deleted, and one
  // written ready meanwhile is judged again (a writer that loses to the failure removes its own objects).
  for (let attempt = 0; attempt < 3; attempt++) {
    const meta = await deps.meta.getFile(id);
    if (!meta || meta.status === 'failed') return;
    if (meta.status === 'ready' && !(cancelled && generationCutShort(job))) return;
    const failed: FileMeta = { ...withoutData(meta), status: 'failed', failure: { detail, ...(cancelled ? { cancelled } : {}) }, updated_at: nextUpdatedAt(meta.updated_at) };
    if (await deps.meta.replaceFile(failed, meta)) {
      await deps.blobs.deletePrefix(fileKeys.prefix(id));
      return;
    }
  }
}

/**
 * The record with no claim on the objects just removed: a ready output failed by a late cancel would
 * otherwise still report the rows, size, columns and chunks of data that is gone (its data a 409).
 * Left as an output failed before it was written is: size 0, nothing else.
 */
function withoutData(meta: FileMeta): FileMeta {
  const { rows: _rows, columns: _columns, dialect: _dialect, chunks: _chunks, chunk_rows: _chunkRows, version: _version, retired: _retired, quality: _quality, ...rest } = meta;
  return { ...rest, size: 0 };
}

/** A generation still running, not one that ended already. */
function generationCutShort(job: Job): boolean {
  return (job.type === 'synthesize' || job.type === 'sampleModel') && !isTerminal(job.status);
}
