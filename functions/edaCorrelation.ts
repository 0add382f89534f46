import { routeNamed } from '../core/api/routes.js';
import { edaCorrelation } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaCorrelation'), async ({ body }, svc) => ok(await edaCorrelation(svc, body)));
