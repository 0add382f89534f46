import { routeNamed } from '../core/api/routes.js';
import { findJob } from '../core/jobs/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('jobsGet'), async ({ params }, svc) => ok(await findJob(svc.jobs, params.job_id)));
