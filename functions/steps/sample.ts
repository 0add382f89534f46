import { sampleStep } from '../../core/generation/service.js';
import { stepHandler } from '../lib/step.js';

export const handler = stepHandler('sample', async (_state, { job, svc, report }) => sampleStep(svc, job, report));
