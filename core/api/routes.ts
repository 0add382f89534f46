import { z } from 'zod';
import { parse as parseCsv } from 'csv-parse/sync';
import { defineRoute, type RouteDef } from './route.js';
import { problemResponses, queryInt } from './schemas.js';
import { repeatedNames } from '../records.js';
import { FileId, FileMeta } from '../files/model.js';
import { CompleteRequest, UploadRequest, UploadTicket } from '../files/upload.js';
import { Job, JobId } from '../jobs/model.js';
import { FileJobs, FileJobsQuery } from '../jobs/of-file.js';
import { CorrelationRequest, DescribeRequest, DistributionsRequest, DriftRequest, EdaFileRequest, OutliersRequest } from '../eda/service.js';
import { RetypeStarted, SchemaDocument, SchemaEdit } from '../schema/service.js';
import { CorrelationReply, DescribeReply, DistributionsReply, OutliersReply, SummaryReply } from '../eda/replies.js';
import { DriftResult } from '../validation/drift-reply.js';
import { ApplyRequest, SuggestionsRequest } from '../features/service.js';
import { MAX_PAIR_COLUMNS, MAX_SUGGESTED_PAIRS, MAX_SUGGESTIONS } from '../features/suggest.js';
import { Pipeline } from '../features/pipeline.js';
import { SdvMetadata } from '../schema/sdv.js';
import {
  FitRequest,
  FitStarted,
  GenerateRequest,
  GenerationStarted,
  ModelId,
  ModelRecord,
  SampleRequest,
} from '../generation/model.js';
import { DiagnosticResult, PairRequest, PrivacyRequest, PrivacyResult, QualityRequest, QualityResult, UtilityRequest, UtilityResult, ReportRequest, ReportResult } from '../validation/schemas.js';

const fileParams = z.object({ id: FileId });
const jobParams = z.object({ job_id: JobId });

export const GeneratorList = z.object({
  generators: z.array(
    z.object({
      name: z.string(),
      aliases: z.array(z.string()),
      description: z.string(),
      params: z.record(z.string(), z.unknown()).describe('JSON Schema of `params`'),
      capabilities: z.object({
        conditional: z.boolean(),
        numericConditions: z.boolean(),
        approximateConditions: z.boolean().optional().describe('Conditioned values are met, but the other columns only approximate the rows that carry them (CTGAN)'),
        constraints: z.boolean(),
        differentialPrivacy: z.boolean(),
      }),
    }),
  ),
});
const json = (description: string, schema: z.ZodType) => ({ description, schema });

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  stores: z.object({ blobs: z.boolean(), metadata: z.boolean() }),
});

export const FileList = z.object({ items: z.array(FileMeta), next: z.string().optional() });

export const DataPage = z.object({
  file_id: FileId,
  offset: z.number().int(),
  limit: z.number().int(),
  total_rows: z.number().int(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
});

/**
 * Comma-separated names, as one CSV record: a name that holds a comma is quoted (`"a,b",c`). At
 * least one, none twice (left out, the parameter means every column). A stray quote is read plainly.
 */
export const columnNames = (text: string): string[] => {
  try {
    const [record = []] = parseCsv(text, { trim: true, relax_column_count: true }) as string[][];
    return record.filter(Boolean);
  } catch {
    return text.split(',').map((c) => c.trim()).filter(Boolean);
  }
};
export const ColumnList = z.string().superRefine((text, ctx) => {
  const names = columnNames(text);
  if (!names.length) ctx.addIssue({ code: 'custom', message: 'give at least one column name, or leave the parameter out for every column' });
  const repeated = repeatedNames(names);
  if (repeated.length) ctx.addIssue({ code: 'custom', message: `${repeated.join(', ')} given more than once` });
});

export const DataQuery = z.object({
  offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, 10_000, 100),
  columns: ColumnList.optional().describe('Comma-separated column names, each once, a name with a comma in double quotes ("a,b",c); default all'),
  format: z.enum(['json', 'csv']).default('json'),
  all: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true` redirects (302) to a presigned download of the whole file: the original upload, or with `format=csv` its rows as CSV named `.csv` (JSON, JSON Lines and Parquet uploads included)'),
});

export const routes = [
  defineRoute({
    name: 'health',
    method: 'GET',
    path: '/health',
    tag: 'meta',
    summary: 'Service health, version and store reachability',
    responses: { 200: json('Health', Health) },
  }),
  defineRoute({
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'OpenAPI document', contentType: 'application/json' } },
  }),
  defineRoute({
    name: 'docs',
    method: 'GET',
    path: '/docs',
    tag: 'meta',
    summary: 'Swagger UI',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  }),
  defineRoute({
    name: 'redoc',
    method: 'GET',
    path: '/redoc',
    tag: 'meta',
    summary: 'ReDoc',
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  }),
  defineRoute({
    name: 'docsAsset',
    method: 'GET',
    path: '/docs/assets/{asset}',
    tag: 'meta',
    summary: 'Static assets of the documentation pages (served from npm packages, no CDN)',
    params: z.object({ asset: z.string() }),
    responses: { 200: { description: 'Asset', contentType: 'application/octet-stream' }, 404: problemResponses[404] },
  }),
  defineRoute({
    name: 'filesUpload',
    method: 'POST',
    path: '/files/upload',
    tag: 'files',
    summary: 'Start an upload (JSON → presigned S3 URL) or upload a small file directly (multipart/form-data)',
    description:
      'JSON mode: send `{filename, size, contentType}`; PUT the bytes to `upload.url` (or each part URL for files above 64 MB), ' +
      'then call `POST /files/{id}/complete`. Multipart mode: send the file as form field `file`; it is ingested before the reply.',
    body: UploadRequest,
    rawBody: ['multipart/form-data'],
    responses: {
      201: json('Upload ticket (JSON mode) or ingested file metadata (multipart mode)', z.union([UploadTicket, FileMeta])),
      ...problemResponses,
      413: { description: 'Too large', schema: problemResponses[400].schema, contentType: 'application/problem+json' },
      415: { description: 'Unsupported content type', schema: problemResponses[400].schema, contentType: 'application/problem+json' },
    },
    lambda: { memoryMb: 1024, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'filesComplete',
    method: 'POST',
    path: '/files/{id}/complete',
    tag: 'files',
    summary: 'Finish a presigned upload and start ingest (poll `GET /files/{id}` for status)',
    description:
      'For a multipart upload, send the ETag of each part; without them the parts are listed from S3. The bytes are checked against the ticket as S3 holds them: ' +
      'a part never uploaded (`missing_parts`), an ETag that differs from S3\'s (`mismatched_parts`), or a total other than the declared size (`declared_size`, `received_size`) is a 409, and the upload can be fixed and completed again.',
    params: fileParams,
    body: CompleteRequest,
    responses: { 202: json('Ingest started', FileMeta), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'filesList',
    method: 'GET',
    path: '/files',
    tag: 'files',
    summary: 'List files, newest first, paged',
    query: z.object({ limit: queryInt(1, 1000, 50), cursor: z.string().optional() }),
    responses: { 200: json('A page of files', FileList), 422: problemResponses[422] },
  }),
  defineRoute({
    name: 'filesGet',
    method: 'GET',
    path: '/files/{id}',
    tag: 'files',
    summary: 'File metadata: name, size, rows, typed columns, status, lineage',
    params: fileParams,
    responses: { 200: json('Metadata', FileMeta), ...problemResponses },
  }),
  defineRoute({
    name: 'filesData',
    method: 'GET',
    path: '/files/{id}/data',
    tag: 'files',
    summary: 'A page of rows as JSON or CSV, or (all=true) a redirect to the whole file',
    params: fileParams,
    query: DataQuery,
    queryConflicts: [{ when: 'all=true', without: ['offset', 'limit', 'columns', 'format=json'], why: 'it downloads the whole file, the original upload or (format=csv) its rows as CSV' }],
    smallerAnswer: 'ask for fewer rows ("limit") or columns ("columns"), or for the whole file by its link ("all=true")',
    responses: {
      200: json('A page of rows (JSON); with format=csv, text/csv', DataPage),
      302: { description: 'Redirect to a presigned download of the whole file (the original, or CSV with format=csv)' },
      ...problemResponses,
      409: problemResponses[400],
    },
    lambda: { memoryMb: 1024 },
  }),
  defineRoute({
    name: 'filesDelete',
    method: 'DELETE',
    path: '/files/{id}',
    tag: 'files',
    summary: 'Delete a file with its objects, record, jobs and the models fitted on it (idempotent); files made from it are kept',
    description:
      'Deleted: the original upload, its typed copy and what is kept beside them (EDA results, exports, its CSV copy, reports), the file\'s record, ' +
      'the jobs that read or write it (one still running is cancelled first), and the models fitted on it (records, artifacts, checkpoints). ' +
      'An output of those jobs not yet finished is marked `failed`, its partial objects removed. ' +
      'Kept: finished generated, sampled and feature-applied files made from it, each an ordinary file of its own (delete them one by one); ' +
      '`GET /files` and `GET /files/{id}` then set their `lineage.parent_deleted`, and `lineage.parent_name` still names it. ' +
      'A file already gone answers 204 again.',
    params: fileParams,
    responses: { 204: { description: 'Deleted (or already gone)' }, 400: problemResponses[400] },
  }),
  defineRoute({
    name: 'filesSchemaGet',
    method: 'GET',
    path: '/files/{id}/schema',
    tag: 'files',
    summary: 'The schema document: column types, formats, categories, PII findings and actions, primary key',
    description: '`format=sdv` returns SDV single-table metadata (SINGLE_TABLE_V1).',
    params: fileParams,
    query: z.object({ format: z.enum(['tabmimic', 'sdv']).default('tabmimic') }),
    responses: { 200: json('Schema', z.union([SchemaDocument, SdvMetadata])), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'filesSchemaPut',
    method: 'PUT',
    path: '/files/{id}/schema',
    tag: 'files',
    summary: 'Edit the schema: column types and datetime formats, PII actions (keep / fake / drop in synthesis), the primary key; accepts SDV metadata too',
    description:
      'A type or format change parses the column again from the original upload under the new type; the new typed copy replaces the old one only once complete, ' +
      'and the type is kept whenever the file is parsed again. When a value does not parse, nothing changes and the reply is a 422 whose `columns` lists, per column, ' +
      '`bad_count` and the first `bad_values` with their `row` (1-based data row) and `line` (in the original file). ' +
      'On a file larger than `TABMIMIC_SYNC_RETYPE_MAX_BYTES` (32 MiB by default) a type or format change is checked here and then runs as a job: ' +
      'the reply is a 202 with its `job_id`, followed at `GET /jobs/{job_id}`; a value that does not parse ends the job `failed` with that same 422 ' +
      '(its `error` has `status`, `detail` and `columns`) and the file unchanged, and an edit of the file meanwhile ends it failed with a 409.',
    params: fileParams,
    body: SchemaEdit,
    responses: { 200: json('Updated metadata', FileMeta), 202: json('Type change started as a job', RetypeStarted), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 1024, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'edaSummary',
    method: 'POST',
    path: '/eda/summary',
    tag: 'eda',
    summary: "Rows, columns, types, missing cells, duplicates, constant and high-cardinality columns, PII, and warnings in plain language",
    body: EdaFileRequest,
    responses: { 200: json('Result', SummaryReply), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'edaDescribe',
    method: 'POST',
    path: '/eda/describe',
    tag: 'eda',
    summary: "Per-column statistics: counts, moments (pandas estimators), quartiles, histogram, top values, entropy, datetime range, granularity and gaps (units of the granularity missing between the first and last date; months and years counted on the calendar; for a daily series `weekend_gaps`, how many missing days fall on a Saturday or Sunday on the column's own clock)",
    body: DescribeRequest,
    responses: { 200: json('Result', DescribeReply), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'edaCorrelation',
    method: 'POST',
    path: '/eda/correlation',
    tag: 'eda',
    summary: "Correlation matrix and strongest pairs: Pearson/Spearman/Kendall, or per pair type (auto: Cramer's V, correlation ratio)",
    body: CorrelationRequest,
    responses: { 200: json('Result', CorrelationReply), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
    smallerAnswer: 'name fewer columns in "columns"',
  }),
  defineRoute({
    name: 'edaDistributions',
    method: 'POST',
    path: '/eda/distributions',
    tag: 'eda',
    summary: "Histograms with KDE, value counts, datetime series, with Vega-Lite specs",
    body: DistributionsRequest,
    responses: { 200: json('Result', DistributionsReply), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'edaOutliers',
    method: 'POST',
    path: '/eda/outliers',
    tag: 'eda',
    summary: "Outliers per column (IQR fences, z-score, MAD) with paged row indices",
    body: OutliersRequest,
    responses: { 200: json('Result', OutliersReply), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'edaDrift',
    method: 'POST',
    path: '/eda/drift',
    tag: 'eda',
    summary: "Drift per column between two files: KS, chi-squared, PSI, Wasserstein, Jensen-Shannon, and a verdict",
    body: DriftRequest,
    responses: { 200: json('Result', DriftResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'validationDrift',
    method: 'POST',
    path: '/validation/drift',
    tag: 'validation',
    summary: "Drift of a synthetic file against its real source (reference = real, current = synthetic); a conditioned generated file is compared with the real rows meeting its conditions, as `compared_with` says (so is it by /eda/drift)",
    body: DriftRequest,
    responses: { 200: json('Result', DriftResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'featuresSuggestions',
    method: 'POST',
    path: '/features/suggestions',
    tag: 'features',
    summary: 'Ranked feature-engineering suggestions, each with a rationale computed from the data and its measured effect',
    body: SuggestionsRequest,
    responses: {
      200: json(
        'Suggestions',
        z.object({
          file_id: FileId,
          target: z.string().nullable(),
          suggestions: z.array(z.record(z.string(), z.unknown())).describe(`Highest priority first, at most ${MAX_SUGGESTIONS}`),
          truncated: z.boolean().describe('Whether the limits below left anything out'),
          omitted_suggestions: z.number().int().nonnegative().describe(`Suggestions found but not returned: beyond the ${MAX_SUGGESTED_PAIRS} strongest correlated pairs, or beyond ${MAX_SUGGESTIONS} in all`),
          pair_search_columns_skipped: z.number().int().nonnegative().describe(`Numeric columns not searched for correlated pairs: at most ${MAX_PAIR_COLUMNS} are, fewer on tall tables, those most correlated with a numeric target first`),
        }),
      ),
      ...problemResponses,
      409: problemResponses[400],
    },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'featuresApply',
    method: 'POST',
    path: '/features/apply',
    tag: 'features',
    summary: 'Apply steps (fitted here) or a saved pipeline to a whole file, as a job writing a new file with its lineage',
    body: ApplyRequest,
    responses: { 202: json('Job started', z.object({ job_id: JobId, file_id: FileId, pipeline: Pipeline })), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'jobsGet',
    method: 'GET',
    path: '/jobs/{job_id}',
    tag: 'jobs',
    summary: 'Any job: status and progress (ingest, synthesis, features, type changes)',
    params: jobParams,
    responses: { 200: json('Job', Job), ...problemResponses },
  }),
  defineRoute({
    name: 'filesJobs',
    method: 'GET',
    path: '/files/{id}/jobs',
    tag: 'jobs',
    summary: "A file's jobs, newest first: those that read or write it (its ingest and type changes, the fits, generations and feature runs it is the source of, the run writing a generated file)",
    description: 'Each job as `GET /jobs/{job_id}` returns it. `status` keeps only jobs in the statuses named, e.g. `queued,running` for the runs still going.',
    params: fileParams,
    query: FileJobsQuery,
    responses: { 200: json('Jobs', FileJobs), ...problemResponses },
  }),
  defineRoute({
    name: 'synthModels',
    method: 'GET',
    path: '/synth/models',
    tag: 'synthesis',
    summary: 'The generators, with their parameters (JSON Schema) and capabilities',
    responses: { 200: json('Generators', GeneratorList) },
  }),
  defineRoute({
    name: 'synthGenerate',
    method: 'POST',
    path: '/synth/generate',
    tag: 'synthesis',
    summary: 'Start a generation job: fit → sample → store → quality summary',
    description: 'Poll `GET /synth/jobs/{job_id}`; the result is an ordinary file, `generated_file_id`.',
    body: GenerateRequest,
    responses: { 202: json('Job started', GenerationStarted), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'synthJobGet',
    method: 'GET',
    path: '/synth/jobs/{job_id}',
    tag: 'synthesis',
    summary: 'Job status and progress (step, percent, message, metrics)',
    params: jobParams,
    responses: { 200: json('Job', Job), ...problemResponses },
  }),
  defineRoute({
    name: 'synthJobCancel',
    method: 'DELETE',
    path: '/synth/jobs/{job_id}',
    tag: 'synthesis',
    summary: 'Ask a job to stop; it ends `cancelled` and its output file `failed` (a 409 when it has already ended)',
    params: jobParams,
    responses: { 202: json('Cancellation requested', Job), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'synthDownload',
    method: 'GET',
    path: '/synth/{id}/download',
    tag: 'synthesis',
    summary: 'Download a generated table: CSV or Parquet by presigned redirect; JSON records inline, or by presigned redirect to a JSON export when too big for a reply',
    description:
      'Any ready file downloads, uploads too. `format=csv` is the CSV the service writes, as `GET /files/{id}/data?all=true&format=csv` is: UTF-8, a header, commas ' +
      '(a decimal-comma column keeps its decimal comma and the `;` that reads it back as numbers). An upload\'s original is served, named `.csv`, when its bytes already are that CSV (no byte-order mark, the header as the columns are named); ' +
      'a Parquet, JSON or JSON Lines upload, or a CSV in another dialect, is its rows written once as CSV, named `.csv` too.',
    params: fileParams,
    query: z.object({ format: z.enum(['csv', 'json', 'parquet']).default('csv') }),
    responses: {
      200: json('JSON records', z.array(z.record(z.string(), z.unknown()))),
      302: { description: 'Redirect to a presigned CSV, Parquet or (large) JSON download' },
      ...problemResponses,
      409: problemResponses[400],
    },
    lambda: { memoryMb: 2048 },
  }),
  defineRoute({
    name: 'synthFit',
    method: 'POST',
    path: '/synth/models/fit',
    tag: 'synthesis',
    summary: 'Fit a generator and keep the model, to sample from it later without refitting',
    body: FitRequest,
    responses: { 202: json('Job started', FitStarted), ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'synthModelGet',
    method: 'GET',
    path: '/synth/models/{model_id}',
    tag: 'synthesis',
    summary: 'A fitted model: generator, parameters, seed, fit time and, for neural generators, the loss per epoch',
    params: z.object({ model_id: ModelId }),
    responses: { 200: json('Model', ModelRecord), ...problemResponses },
  }),
  defineRoute({
    name: 'synthModelDelete',
    method: 'DELETE',
    path: '/synth/models/{model_id}',
    tag: 'synthesis',
    summary: 'Delete a fitted model and its stored artifact; files sampled from it stay. Idempotent: a model already gone is a 204 again. A model a job is still fitting or sampling is refused (409, naming the job) until the job ends or is cancelled',
    params: z.object({ model_id: ModelId }),
    responses: { 204: { description: 'Deleted' }, ...problemResponses, 409: problemResponses[400] },
  }),
  defineRoute({
    name: 'synthSample',
    method: 'POST',
    path: '/synth/models/{model_id}/sample',
    tag: 'synthesis',
    summary: 'Sample a new synthetic file from a fitted model',
    params: z.object({ model_id: ModelId }),
    body: SampleRequest,
    responses: { 202: json('Job started', GenerationStarted), ...problemResponses },
  }),
  defineRoute({
    name: 'validationQuality',
    method: 'POST',
    path: '/validation/quality',
    tag: 'validation',
    summary: 'SDMetrics-compatible quality report: column shapes, column pair trends, overall',
    body: QualityRequest,
    responses: { 200: json('Quality report', QualityResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
    smallerAnswer: 'send "pair_details": "none" for the scores without each pair\'s',
  }),
  defineRoute({
    name: 'validationDiagnostic',
    method: 'POST',
    path: '/validation/diagnostic',
    tag: 'validation',
    summary: 'Diagnostic: data validity (BoundaryAdherence, CategoryAdherence, KeyUniqueness), structure, exact copies',
    body: PairRequest,
    responses: { 200: json('Diagnostic report', DiagnosticResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048 },
  }),
  defineRoute({
    name: 'validationPrivacy',
    method: 'POST',
    path: '/validation/privacy',
    tag: 'validation',
    summary: 'Privacy: distance to closest record, NNDR, exact copies, DCR baseline/overfitting protection, membership attack',
    body: PrivacyRequest,
    responses: { 200: json('Privacy report', PrivacyResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 2048, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'validationUtility',
    method: 'POST',
    path: '/validation/utility',
    tag: 'validation',
    summary: 'ML utility: train on synthetic vs train on real, tested on a real holdout; detection score',
    body: UtilityRequest,
    responses: { 200: json('Utility report', UtilityResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 3008, timeoutSeconds: 29 },
  }),
  defineRoute({
    name: 'validationReport',
    method: 'POST',
    path: '/validation/report',
    tag: 'validation',
    summary: 'Everything above in one document, with a self-contained HTML page of plots (html_url)',
    body: ReportRequest,
    responses: { 200: json('Report', ReportResult), ...problemResponses, 409: problemResponses[400] },
    lambda: { memoryMb: 3008, timeoutSeconds: 29 },
    smallerAnswer: 'send "pair_details": "none" for the reply without each pair\'s score (the HTML report keeps them)',
  }),
] as const satisfies readonly RouteDef[];

export type RouteName = (typeof routes)[number]['name'];
export type RouteOf<N extends RouteName> = Extract<(typeof routes)[number], { name: N }>;

export function routeNamed<N extends RouteName>(name: N): RouteOf<N> {
  const found = routes.find((r) => r.name === name);
  if (!found) throw new Error(`No route ${name}`);
  return found as RouteOf<N>;
}
