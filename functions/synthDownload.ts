import { routeNamed } from '../core/api/routes.js';
import { download } from '../core/generation/download.js';
import { httpHandler, ok, redirect } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthDownload'), async ({ params, query }, svc) => {
  const result = await download(svc, params.id, query.format);
  return 'redirect' in result ? redirect(result.redirect) : ok(result.records);
});
