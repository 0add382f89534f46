/**
 * Every handler module by name, for the embedded local server. The cloud stack bundles the same
 * modules one Lambda each (functions/<name>.ts); the `satisfies` keeps this map complete.
 */
import type { RouteName } from '../core/api/routes.js';
import type { Handler } from './lib/http.js';
import type { StepHandler } from './lib/step.js';
import type { StepName } from '../core/jobs/definitions.js';

type Loader<H> = () => Promise<{ handler: H }>;

export const apiHandlers = {
  health: () => import('./health.js'),
  openapi: () => import('./openapi.js'),
  docs: () => import('./docs.js'),
  redoc: () => import('./redoc.js'),
  docsAsset: () => import('./docsAsset.js'),
  filesUpload: () => import('./filesUpload.js'),
  filesComplete: () => import('./filesComplete.js'),
  filesList: () => import('./filesList.js'),
  filesGet: () => import('./filesGet.js'),
  filesData: () => import('./filesData.js'),
  filesDelete: () => import('./filesDelete.js'),
  filesSchemaGet: () => import('./filesSchemaGet.js'),
  filesSchemaPut: () => import('./filesSchemaPut.js'),
  edaSummary: () => import('./edaSummary.js'),
  edaDescribe: () => import('./edaDescribe.js'),
  edaCorrelation: () => import('./edaCorrelation.js'),
  edaDistributions: () => import('./edaDistributions.js'),
  edaOutliers: () => import('./edaOutliers.js'),
  edaDrift: () => import('./edaDrift.js'),
  validationDrift: () => import('./validationDrift.js'),
  featuresSuggestions: () => import('./featuresSuggestions.js'),
  featuresApply: () => import('./featuresApply.js'),
  jobsGet: () => import('./jobsGet.js'),
  filesJobs: () => import('./filesJobs.js'),
  synthModels: () => import('./synthModels.js'),
  synthGenerate: () => import('./synthGenerate.js'),
  synthJobGet: () => import('./synthJobGet.js'),
  synthModelGet: () => import('./synthModelGet.js'),
  synthModelDelete: () => import('./synthModelDelete.js'),
  synthJobCancel: () => import('./synthJobCancel.js'),
  synthDownload: () => import('./synthDownload.js'),
  synthFit: () => import('./synthFit.js'),
  synthSample: () => import('./synthSample.js'),
  validationQuality: () => import('./validationQuality.js'),
  validationDiagnostic: () => import('./validationDiagnostic.js'),
  validationPrivacy: () => import('./validationPrivacy.js'),
  validationUtility: () => import('./validationUtility.js'),
  validationReport: () => import('./validationReport.js'),
} satisfies Record<RouteName, Loader<Handler>>;

export const stepHandlers = {
  ingest: () => import('./steps/ingest.js'),
  fit: () => import('./steps/fit.js'),
  sample: () => import('./steps/sample.js'),
  report: () => import('./steps/report.js'),
  applyFeatures: () => import('./steps/applyFeatures.js'),
  retype: () => import('./steps/retype.js'),
} satisfies Record<StepName, Loader<StepHandler>>;

export const markFailed = () => import('./steps/markFailed.js');
