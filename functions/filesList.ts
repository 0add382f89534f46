import { routeNamed } from '../core/api/routes.js';
import { listFiles } from '../core/files/service.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('filesList'), async ({ query }, svc) =>
  ok(await listFiles(svc, query.limit, query.cursor)),
);
