import { routeNamed } from '../core/api/routes.js';
import { edaDistributions } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaDistributions'), async ({ body }, svc) => ok(await edaDistributions(svc, body)));
