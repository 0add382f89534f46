import { routeNamed } from '../core/api/routes.js';
import { editSchema } from '../core/schema/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesSchemaPut'), async ({ params, body }, svc) => ok(await editSchema(svc, params.id, body)));
