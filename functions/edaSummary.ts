import { routeNamed } from '../core/api/routes.js';
import { edaSummary } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaSummary'), async ({ body }, svc) => ok(await edaSummary(svc, body)));
