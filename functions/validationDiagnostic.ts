import { routeNamed } from '../core/api/routes.js';
import { diagnostic } from '../core/validation/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('validationDiagnostic'), async ({ body }, svc) => ok(await diagnostic(svc, body)));
