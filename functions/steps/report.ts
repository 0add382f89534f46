import { reportStep } from '../../core/generation/service.js';
import { stepHandler } from '../lib/step.js';

export const handler = stepHandler('report', async (_state, { job, svc, report }) => reportStep(svc, job, report));
