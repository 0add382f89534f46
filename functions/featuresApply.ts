import { routeNamed } from '../core/api/routes.js';
import { startApply } from '../core/features/service.js';
import { accepted, httpHandler } from './lib/http.js';

export const handler = httpHandler(routeNamed('featuresApply'), async ({ body }, svc) => accepted(await startApply(svc, body)));
