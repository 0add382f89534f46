import { routeNamed } from '../core/api/routes.js';
import { getFileWithParent } from '../core/files/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesGet'), async ({ params }, svc) => ok(await getFileWithParent(svc, params.id)));
