import { routeNamed } from '../core/api/routes.js';
import { jobsOfFile } from '../core/jobs/of-file.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesJobs'), async ({ params, query }, svc) => ok(await jobsOfFile(svc, params.id, query.status)));
