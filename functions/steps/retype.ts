import { retypeStep } from '../../core/schema/service.js';
import { stepHandler } from '../lib/step.js';

export const handler = stepHandler('retype', async (_state, { job, svc, report }) => retypeStep(svc, job, report));
