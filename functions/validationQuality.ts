import { routeNamed } from '../core/api/routes.js';
import { quality } from '../core/validation/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('validationQuality'), async ({ body }, svc) => ok(await quality(svc, body)));
