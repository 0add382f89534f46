import { routeNamed } from '../core/api/routes.js';
import { edaOutliers } from '../core/eda/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('edaOutliers'), async ({ body }, svc) => ok(await edaOutliers(svc, body)));
