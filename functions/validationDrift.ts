import { routeNamed } from '../core/api/routes.js';
import { edaDrift } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

/** The drift analysis with the real file as reference and the synthetic one as current (so its left-out columns are known). */
export const handler = httpHandler(routeNamed('validationDrift'), async ({ body }, svc) => ok(await edaDrift(svc, body, 'validation')));
