import { applyFeaturesStep } from '../../core/features/service.js';
import { stepHandler } from '../lib/step.js';

export const handler = stepHandler('applyFeatures', async (_state, { job, svc, report }) => applyFeaturesStep(svc, job, report));
