/** A typed client of the public API. Every failure becomes an ApiError carrying the problem's detail. */
import { DATETIME_FORMATS } from '../../core/table/datetime.js';
import { statusSentence, UNREACHABLE } from './http-failure.js';

/** The logical types and datetime formats the API accepts in a schema edit (core/table/model.ts, core/table/datetime.ts). */
export const COLUMN_TYPES = ['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'id'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];
/** Derived from core's list, which the bundle carries anyway (web/src/dates.ts formats dates with it). */
export const DATETIME_FORMAT_NAMES: readonly string[] = DATETIME_FORMATS.map((f) => f.name);

/** A change of one column's type (and datetime format) in PUT /files/{id}/schema. */
export interface TypeEdit {
  name: string;
  type: ColumnType;
  format?: string;
}

/** PII kinds a user can mark a column as (core/pii/detect.ts PII_KINDS; a test keeps them equal). */
export const PII_KINDS = ['email', 'phone', 'credit_card', 'iban', 'ip_address', 'ssn', 'date_of_birth', 'postal_code', 'person_name', 'free_text_pii'] as const;

/** Types a primary key may have (core/generation/keys.ts KEY_TYPES; a test keeps them equal). */
export const KEY_TYPES: readonly string[] = ['integer', 'id', 'text'];
/** Up to this many distinct values a column's `distinct` is exact (core/table/infer.ts DISTINCT_CAP; a test keeps them equal). */
export const DISTINCT_CAP = 10_000;

/** What synthesis does with a column marked PII; `none` unmarks it. */
export type PiiAction = 'keep' | 'fake' | 'drop' | 'none';
/** Replaced by fakes or dropped as PII, so the model never sees it (core/generation/left-out.ts). */
export const piiLeftOut = (c: Pick<ColumnInfo, 'pii'>): boolean => c.pii?.action === 'fake' || c.pii?.action === 'drop';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  missing: number;
  distinct?: number;
  format?: string;
  /** Datetime formats with an offset: the one values are written at (`Z`, `±hh:mm`); absent means `+00:00`. */
  utc_offset?: string;
  categories?: string[];
  /** The record holds only the first labels (long or many); the data has them all. */
  categories_truncated?: true;
  reason?: string;
  pii?: { kind: string; confidence: number; action: Exclude<PiiAction, 'none'> };
  not_pii?: true;
  primary_key?: boolean;
  /** Float columns: the most decimals a value is written with. */
  decimals?: number;
}

export interface FileMeta {
  file_id: string;
  filename: string;
  content_type: string;
  size: number;
  status: 'uploading' | 'ingesting' | 'generating' | 'ready' | 'failed';
  failure?: { detail: string; line?: number; cancelled?: boolean };
  rows?: number;
  columns?: ColumnInfo[];
  created_at: string;
  lineage: { parent?: string; parent_name?: string; operation: string; details?: Record<string, unknown>; parent_deleted?: boolean };
  quality?: QualitySummary;
}

/** The quality summary a generation stores on its file (core/generation/service.ts reportStep). */
export interface QualitySummary {
  overall?: number;
  column_shapes?: number;
  column_pair_trends?: number;
  /** What it was measured against: the source rows meeting the conditions, or the whole source (and why). */
  compared_with?: { rows: number; conditions?: Record<string, unknown>; whole_source?: { reason: string; conditions: Record<string, unknown>; matching_rows?: number } };
  /** The least alike columns (at most the page's chart), and how many columns there were. */
  column_shapes_details?: { column: string; metric: string; score: number }[];
  columns?: number;
}

/**
 * The status to show for a file. A cancelled generation leaves its output `failed` with
 * `failure.cancelled`; calling it a failure would suggest something was wrong with the user's data.
 */
export function shownStatus(meta: Pick<FileMeta, 'status' | 'failure'>): FileMeta['status'] | 'cancelled' {
  return meta.status === 'failed' && meta.failure?.cancelled ? 'cancelled' : meta.status;
}

export interface UploadTicket {
  file_id: string;
  upload: { url: string; method: 'PUT'; headers: Record<string, string> } | { multipart: { part_size: number; parts: { part_number: number; url: string }[] } };
}

/** A type change running as a job: follow it at GET /jobs/{job_id}. */
export interface TypesStarted {
  job_id: string;
  file_id: string;
}

export interface Job {
  job_id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { step: string; percent: number; message?: string; eta_seconds?: number; metrics?: Record<string, number> };
  /** The training loss of the epochs reported so far (a neural fit): the curve from its start. */
  loss_history?: EpochLoss[];
  error?: { detail: string };
  result?: Record<string, unknown>;
}

/** A job as GET /files/{id}/jobs lists it: what it is and what it was asked, beside its state. */
export interface FileJob extends Job {
  type: string;
  input: Record<string, unknown>;
}

export interface ParamSchema {
  type?: string;
  enum?: string[];
  /** A choice of named values or an object naming a column, e.g. the copula's `strata`. */
  anyOf?: ParamSchema[];
  properties?: Record<string, ParamSchema>;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

export interface Generator {
  name: string;
  aliases: string[];
  description: string;
  params: { properties?: Record<string, ParamSchema> };
  capabilities: { conditional: boolean; numericConditions: boolean; approximateConditions?: boolean };
}

export interface EpochLoss {
  epoch: number;
  loss: Record<string, number>;
}

export interface ModelRecord {
  model_id: string;
  generator: string;
  source_file_id: string;
  source_rows: number;
  seed: number;
  fit_seconds: number;
  training?: { epochs: number; planned_epochs: number; stopped_early: boolean; history: EpochLoss[] };
  privacy?: { epsilon: number; delta: number; mechanism: string; note: string };
  lookups?: { column: string; from: string }[];
  formulas?: { column: string; expression: string; parts?: string[]; kind?: 'sum' | 'curve' | 'gap' | 'date_part' | 'one_hot' }[];
  weekdays?: { column: string; days: string[] }[];
  month_days?: { column: string; rule: string }[];
  groups?: { column: string; groups: { levels: (string | null)[]; within?: { column: string; levels: (string | null)[] }; share: number }[] };
  /** The source's columns as the model was fitted on them: it generates, and reads conditions and constraints, by these types. Absent in records made before it. */
  fitted_columns?: Pick<ColumnInfo, 'name' | 'type'>[];
}

export interface Quality {
  overall: number;
  /** What it was measured against, as the stored summary says (QualitySummary). */
  compared_with?: QualitySummary['compared_with'];
  column_shapes: { score: number; details: { column: string; metric: string; score: number }[] };
  column_pair_trends: { score: number; details: { columns: [string, string]; metric: string; score: number }[] };
  /** Columns the synthetic file types otherwise, read as the real type; `unreadable`: values that did not read so, scored as missing (only when some did). */
  retyped_columns?: { column: string; real_type: string; synthetic_type: string; unreadable?: number }[];
}

export interface Suggestion {
  id: string;
  kind: string;
  columns: string[];
  step: Record<string, unknown>;
  rationale: string;
  effect?: Record<string, number>;
}

export interface Summary {
  rows: number;
  missing_share: number;
  duplicate_rows: number;
  warnings: { kind: string; columns: string[]; message: string }[];
}

export interface Correlation {
  columns: string[];
  matrix: (number | null)[][];
  top_pairs: { columns: [string, string]; measure: string; value: number }[];
}

type Verdict = 'safe' | 'review' | 'risk';

/** Holdout rows equal to a training row (core/validation/rows.ts); `overlapping`: more than the training rows' own twin share explains (Fisher, p < 0.01, or the cases it cannot see: rows.ts holdoutOverlap). */
export interface HoldoutOverlap {
  rows: number;
  of: number;
  share: number;
  expected_share: number;
  p_value: number;
  overlapping: boolean;
}

export interface Privacy {
  /** baseline_*, p_value: how often real rows repeat each other on these columns (absent from an older API). */
  exact_copies: { count: number; rate: number; verdict: Verdict; threshold: string; baseline_share?: number; baseline_basis?: 'holdout' | 'real'; baseline_rows?: number; p_value?: number };
  /** Nearest over second-nearest real row's distance (core/validation/privacy.ts). */
  nndr: { median: number; p5: number; verdict: Verdict; threshold: string; real_median?: number; holdout_median?: number; baseline_basis?: 'holdout' | 'real' };
  /** Real values of PII columns found as they were in the synthetic rows. */
  pii_verbatim: { columns: { column: string; leaked_values: number }[]; verdict: Verdict; threshold: string };
  /** Only when asked with quasi-identifiers. */
  k_anonymity?: { quasi_identifiers: string[]; k: number; groups: number; singletons: number; verdict: Verdict; threshold: string };
  /** Only when asked with quasi-identifiers and sensitive columns. */
  /** binned: a numeric column compared by the real deciles; note: why cap is null (absent from an older API). */
  attribute_disclosure?: { sensitive: string; cap: number | null; l_diversity: number | null; binned?: { bins: number; note: string }; note?: string; verdict: Verdict; threshold: string }[];
  /** real_score / holdout_score: real data's own figure the score is judged against (absent from an older API). */
  dcr_baseline_protection: { score: number; verdict: Verdict; threshold: string; real_score?: number; holdout_score?: number; baseline_basis?: 'holdout' | 'real' };
  /** Only with a holdout: its rows identical to a training row (when `overlapping`, the baselines are real rows' own). */
  holdout_overlap?: HoldoutOverlap;
  /** Only with a holdout: which of its rows the DCR share and membership attack compare (`none`: neither is measured). */
  holdout_measures?: { basis: 'holdout' | 'unseen_holdout' | 'none'; rows: number; note: string };
  /** Only with holdout rows to compare: synthetic rows nearer a training row than a holdout row (0.5 ideal). */
  dcr_share?: { closer_to_training: number; ideal: number; verdict: Verdict; threshold: string };
  /** With dcr_share: SDMetrics' DCROverfittingProtection. */
  dcr_overfitting_protection?: { score: number; threshold: string };
  /** With dcr_share: AUC of telling training rows from holdout rows by distance to the synthetic rows. */
  membership_inference?: { auc: number; verdict: Verdict; threshold: string };
  /** `near`: synthetic rows nearer a real row than real rows' own 1st-percentile distance (absent with a single real row). */
  dcr: { synthetic_to_real: { median: number; p5: number }; near?: { rows: number; share: number; baseline_share: number; verdict: Verdict } };
  sample: { note: string; subsampled: boolean };
  /** Columns the distances and exact copies leave out (PII faked or dropped, the primary key), with why. */
  left_out_columns?: { column: string; reason: string }[];
  /** The real rows the distances are measured against (QualitySummary). */
  compared_with?: QualitySummary['compared_with'];
  /** The DP guarantee the file was generated under; null: generated without; absent: not generated here. */
  differential_privacy?: { epsilon: number; delta?: number; mechanism?: string } | null;
}

/** Category pairs absent from the real rows (core/validation/category-pairs.ts). */
export interface CategoryPairs {
  rows: number;
  of: number;
  rate: number;
  top: { columns: [string, string]; values: [string, string]; rows: number }[];
  description: string;
}

export interface DataPage {
  total_rows: number;
  columns: string[];
  rows: Record<string, string | number | null>[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => {
    throw new ApiError(0, UNREACHABLE);
  });
  if (!res.ok) {
    let detail = statusSentence(res.status, res.statusText);
    try {
      const problem = (await res.json()) as { detail?: string; line?: number };
      if (problem.detail) detail = problem.detail + (problem.line ? ` (line ${problem.line})` : '');
    } catch {
      // not a problem document: keep the status line
    }
    throw new ApiError(res.status, detail);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** POST /eda/drift (core/validation/drift-reply.ts), the fields the Drift section shows. */
export interface DriftReply {
  columns: { column: string; verdict: string; reason: string; psi?: number }[];
  summary: Record<string, number>;
  compared_with?: QualitySummary['compared_with'];
  /** Columns not judged, with why: faked in a generated file, or too few values on a side. */
  left_out_columns?: { column: string; reason: string }[];
  /** Columns the current file types otherwise: read in the reference's type, with the values that did not read. */
  retyped_columns?: { column: string; reference_type: string; current_type: string; unreadable?: number; unreadable_values?: string[] }[];
  extra_columns?: string[];
  thresholds?: { min_values?: number };
}

export const api = {
  /** The newest files, following the cursor: a page stops short when records are large (very wide tables). */
  listFiles: async (most = 200): Promise<{ items: FileMeta[] }> => {
    const items: FileMeta[] = [];
    let cursor: string | undefined;
    do {
      const page = await request<{ items: FileMeta[]; next?: string }>('GET', `/files?limit=${most - items.length}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.next;
    } while (cursor && items.length < most);
    return { items };
  },
  getFile: (id: string) => request<FileMeta>('GET', `/files/${id}`),
  deleteFile: (id: string) => request<void>('DELETE', `/files/${id}`),
  startUpload: (file: File, contentType: string) => request<UploadTicket>('POST', '/files/upload', { filename: file.name, size: file.size, contentType }),
  complete: (id: string, parts?: { part_number: number; etag: string }[]) => request<FileMeta>('POST', `/files/${id}/complete`, parts ? { parts } : {}),
  data: (id: string, offset: number, limit: number, columns?: string[]) =>
    request<DataPage>('GET', `/files/${id}/data?offset=${offset}&limit=${limit}${columns?.length ? `&columns=${encodeURIComponent(columns.join(','))}` : ''}`),
  generators: () => request<{ generators: Generator[] }>('GET', '/synth/models'),
  generate: (body: { file_id: string; generator: string; rows?: number; ratio?: number; seed?: number; params?: Record<string, unknown>; conditions?: Record<string, unknown>; constraints?: unknown[] }) =>
    request<{ job_id: string; generated_file_id: string; model_id: string }>('POST', '/synth/generate', body),
  model: (id: string) => request<ModelRecord>('GET', `/synth/models/${id}`),
  /** A new synthetic file from a fitted model, without fitting again (POST /synth/models/{id}/sample). */
  sample: (modelId: string, body: { rows?: number; seed?: number; conditions?: Record<string, unknown>; constraints?: unknown[] }) =>
    request<{ job_id: string; generated_file_id: string; model_id: string; seed: number; rows: number }>('POST', `/synth/models/${modelId}/sample`, body),
  cancel: (id: string) => request<Job>('DELETE', `/synth/jobs/${id}`),
  suggestions: (id: string, target?: string) =>
    request<{ suggestions: Suggestion[]; truncated: boolean; omitted_suggestions: number }>('POST', '/features/suggestions', target ? { file_id: id, target } : { file_id: id }),
  applyFeatures: (id: string, steps: Record<string, unknown>[]) => request<{ job_id: string; file_id: string }>('POST', '/features/apply', { file_id: id, steps }),
  /** A saved pipeline (a feature-applied file's lineage.details.pipeline) applied as recorded, never refitted. */
  applyPipeline: (id: string, pipeline: Record<string, unknown>) => request<{ job_id: string; file_id: string }>('POST', '/features/apply', { file_id: id, pipeline }),
  anyJob: (id: string) => request<Job>('GET', `/jobs/${id}`),
  /** The jobs that read or write a file, newest first, only those in `statuses` when given. */
  fileJobs: (id: string, statuses?: readonly Job['status'][]) =>
    request<{ jobs: FileJob[] }>('GET', `/files/${id}/jobs${statuses?.length ? `?status=${statuses.join(',')}` : ''}`),
  describe: (id: string, columns: string[]) => request<{ columns: Record<string, unknown>[] }>('POST', '/eda/describe', { file_id: id, columns }),
  distributions: (id: string, columns: string[]) => request<{ distributions: { column: string; kind: string; counts?: unknown[]; period?: string; vega_lite: Record<string, unknown> }[] }>('POST', '/eda/distributions', { file_id: id, columns }),
  outliers: (id: string, method: string) => request<{ columns: { column: string; count: number; lower: number | null; upper: number | null; rows: number[] }[] }>('POST', '/eda/outliers', { file_id: id, method, limit: 20 }),
  drift: (reference: string, current: string) =>
    request<DriftReply>('POST', '/eda/drift', { reference_file_id: reference, current_file_id: current }),
  summary: (id: string) => request<Summary>('POST', '/eda/summary', { file_id: id }),
  correlation: (id: string) => request<Correlation>('POST', '/eda/correlation', { file_id: id, method: 'auto', top_n: 10 }),
  /** With `risk`, also k-anonymity and attribute disclosure over those columns. */
  /** `holdout_file_id`: real rows the generator never saw, for the DCR share and membership attack. */
  privacy: (real: string, synthetic: string, options?: { quasi_identifiers?: string[]; sensitive?: string[]; holdout_file_id?: string }) =>
    request<Privacy>('POST', '/validation/privacy', { real_file_id: real, synthetic_file_id: synthetic, ...options }),
  diagnostic: (real: string, synthetic: string) => request<{ overall: number; category_pairs?: CategoryPairs }>('POST', '/validation/diagnostic', { real_file_id: real, synthetic_file_id: synthetic }),
  setPiiAction: (id: string, column: string, action: PiiAction, kind?: string) =>
    request<FileMeta>('PUT', `/files/${id}/schema`, { columns: [{ name: column, pii_action: action, ...(kind ? { pii_kind: kind } : {}) }] }),
  /** Makes `column` the primary key (unmarking `previous`), or, with `on` false, no longer one. */
  setPrimaryKey: (id: string, column: string, on: boolean, previous?: string) =>
    request<FileMeta>('PUT', `/files/${id}/schema`, { columns: [...(on && previous && previous !== column ? [{ name: previous, primary_key: false }] : []), { name: column, primary_key: on }] }),
  /** The new metadata (200), or, on a file too large to parse again within a request, the job doing it (202). */
  setTypes: (id: string, columns: TypeEdit[]) => request<FileMeta | TypesStarted>('PUT', `/files/${id}/schema`, { columns }),
  utility: (real: string, synthetic: string, holdout: string, target: string) =>
    request<{
      task: string;
      model: string;
      train_real: Record<string, number | null>;
      train_synthetic: Record<string, number | null>;
      relative_utility: number | null;
      note: string;
      detection: { auc: number; score: number };
      holdout_overlap?: HoldoutOverlap;
      compared_with?: QualitySummary['compared_with'];
      holdout_compared_with?: QualitySummary['compared_with'];
    }>(
      'POST',
      '/validation/utility',
      { real_file_id: real, synthetic_file_id: synthetic, holdout_file_id: holdout, target },
    ),
  report: (real: string, synthetic: string) => request<{ html_url: string }>('POST', '/validation/report', { real_file_id: real, synthetic_file_id: synthetic }),
  quality: (real: string, synthetic: string) => request<Quality>('POST', '/validation/quality', { real_file_id: real, synthetic_file_id: synthetic }),
};
