import { routeNamed } from '../core/api/routes.js';
import { report } from '../core/validation/service.js';
import { httpHandler, ok } from './lib/http.js';
import { vegaScripts } from './lib/docs-pages.js';

export const handler = httpHandler(routeNamed('validationReport'), async ({ body }, svc) => ok(await report(svc, body, await vegaScripts())));
