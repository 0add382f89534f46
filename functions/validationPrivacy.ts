import { routeNamed } from '../core/api/routes.js';
import { privacy } from '../core/validation/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('validationPrivacy'), async ({ body }, svc) => ok(await privacy(svc, body)));
