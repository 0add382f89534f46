import { routeNamed } from '../core/api/routes.js';
import { utility } from '../core/validation/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('validationUtility'), async ({ body }, svc) => ok(await utility(svc, body)));
