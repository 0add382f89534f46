import { routeNamed } from '../core/api/routes.js';
import { edaDrift } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaDrift'), async ({ body }, svc) => ok(await edaDrift(svc, body)));
